/**
 * The command line was wrong (an unknown option, a missing value, a number out of range), as
 * opposed to a file or a render failing. The command prints it with a pointer to `--help` and
 * exits with status 2, the convention for bad usage.
 */
export class UsageError extends Error {
  /** The command whose help the message points to, or undefined for the top level. */
  readonly command: string | undefined;

  constructor(message: string, command?: string) {
    super(message);
    this.name = "UsageError";
    this.command = command;
  }
}
