#!/usr/bin/env node
/**
 * The `meltysynth` command: reads the command line, runs the command, and turns every failure
 * into one line on stderr and an exit status (1 for a failure, 2 for bad usage). Stack traces
 * are for developers: shown with --debug or when the DEBUG environment variable is set.
 */
import { readFileSync } from "node:fs";
import { parseCommandLine } from "./commandLine.js";
import { infoCommand } from "./infoCommand.js";
import { renderCommand } from "./renderCommand.js";
import { serveCommand } from "./serveCommand.js";
import { UsageError } from "./UsageError.js";
import { workerCommand } from "./workerCommand.js";

async function main(argv: readonly string[]): Promise<number> {
  let debug = argv.includes("--debug") || Boolean(process.env.DEBUG);
  try {
    const invocation = parseCommandLine(argv);
    switch (invocation.kind) {
      case "help":
        process.stdout.write(invocation.text);
        break;
      case "version":
        process.stdout.write(`${packageVersion()}\n`);
        break;
      case "render":
        debug ||= invocation.args.debug;
        await renderCommand(invocation.args);
        break;
      case "info":
        infoCommand(invocation.files);
        break;
      case "serve":
        debug ||= invocation.args.debug;
        await serveCommand(invocation.args);
        break;
      case "worker":
        debug ||= invocation.args.debug;
        await workerCommand(invocation.args);
        break;
    }
    return 0;
  } catch (error) {
    return report(error, debug);
  }
}

function report(error: unknown, debug: boolean): number {
  // A reader that closes the pipe early (`| head`) has what it wanted: stop quietly.
  if ((error as NodeJS.ErrnoException).code === "EPIPE") {
    return 0;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`meltysynth: ${message}\n`);
  if (error instanceof UsageError) {
    process.stderr.write(`Try 'meltysynth ${error.command ? error.command + " " : ""}--help'.\n`);
  }
  if (debug && error instanceof Error && error.stack) {
    process.stderr.write(`${error.stack}\n`);
  }
  return error instanceof UsageError ? 2 : 1;
}

function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return manifest.version;
}

process.exitCode = await main(process.argv.slice(2));
