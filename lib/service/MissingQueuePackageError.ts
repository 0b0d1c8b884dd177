/**
 * The Redis queue (`serve --queue`, `worker`) was asked for, but its client packages, optional
 * peer dependencies of this package, are not installed.
 */
export class MissingQueuePackageError extends Error {
  /** The package that could not be found. */
  readonly packageName: string;

  constructor(packageName: string, installCommand: string, options?: { cause?: unknown }) {
    super(`the Redis queue needs ${packageName}, which is not installed: ${installCommand}`, options);
    this.name = "MissingQueuePackageError";
    this.packageName = packageName;
  }
}
