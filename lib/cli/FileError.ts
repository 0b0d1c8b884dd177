/**
 * A file the user named could not be read, parsed or written. Its message is one line that
 * starts with the path, which is all the user needs to see (the stack trace is for `--debug`).
 */
export class FileError extends Error {
  readonly path: string;

  constructor(path: string, problem: string, options?: { cause?: unknown }) {
    super(`${path}: ${problem}`, options);
    this.name = "FileError";
    this.path = path;
  }

  /** Wraps whatever reading or writing `path` threw, in words rather than error codes. */
  static from(path: string, error: unknown): FileError {
    return new FileError(path, describe(error), { cause: error });
  }
}

const systemErrors: Record<string, string> = {
  ENOENT: "no such file or folder",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EISDIR: "is a folder, not a file",
  ENOTDIR: "a part of the path is not a folder",
  ENOSPC: "no space left on the device",
  EROFS: "the file system is read-only",
};

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== undefined && code in systemErrors) {
      return systemErrors[code];
    }
    return error.message.split("\n")[0];
  }
  return String(error);
}
