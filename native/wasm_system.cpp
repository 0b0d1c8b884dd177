// The system calls wasi-libc can make in the WebAssembly module, answered here so that the
// module imports nothing: it has no host to ask. Its snprintf (the error messages) reaches
// them only to report, on stderr, a long double it was asked to format, which no message does,
// and then to exit. Every descriptor is a bad one, and exiting traps.
#include <wasi/api.h>

extern "C" {

__wasi_errno_t __wasi_fd_write(__wasi_fd_t, const __wasi_ciovec_t*, size_t, __wasi_size_t*) {
  return __WASI_ERRNO_BADF;
}

__wasi_errno_t __wasi_fd_seek(__wasi_fd_t, __wasi_filedelta_t, __wasi_whence_t, __wasi_filesize_t*) {
  return __WASI_ERRNO_BADF;
}

__wasi_errno_t __wasi_fd_close(__wasi_fd_t) { return __WASI_ERRNO_BADF; }

void __wasi_proc_exit(__wasi_exitcode_t) { __builtin_trap(); }

}  // extern "C"
