// Windows only (native/scripts/prebuild-win32.sh): the Node-API functions are exported by the
// executable that hosts the addon, which is node.exe under Node but electron.exe (or another
// embedder's) under Electron. The addon links against an import library that names node.exe,
// with every import delay-loaded; when the loader first asks for node.exe, this hook hands it the
// host process's own module instead, so the imports bind to whichever executable loaded the addon.
#include <windows.h>
#include <delayimp.h>
#include <string.h>

namespace {

FARPROC WINAPI bindToHostProcess(unsigned notification, PDelayLoadInfo info) {
  if (notification != dliNotePreLoadLibrary || _stricmp(info->szDll, "node.exe") != 0) return nullptr;
  return reinterpret_cast<FARPROC>(GetModuleHandleW(nullptr));
}

}  // namespace

// Read by MinGW-w64's __delayLoadHelper2 (libmingwex) before it loads a delay-loaded DLL; this
// definition replaces the library's empty one.
PfnDliHook __pfnDliNotifyHook2 = bindToHostProcess;
