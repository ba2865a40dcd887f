import type { Writable } from 'node:stream';

/** A mistake in a command line: printed with the command's usage, exit status 2. */
export class UsageError extends Error {}

/**
 * A command's arguments read by `parse`: the options, or the exit status once the usage was
 * printed (`-h` asked for it: 0 on standard output; a `UsageError`: 2, with the reason, on
 * standard error). Any other error is not the user's and is thrown on.
 */
export function readCommandLine<T>(
  io: { argv: readonly string[]; stdout: Writable; stderr: Writable },
  command: string,
  usage: string,
  parse: (argv: readonly string[]) => T | 'help',
): T | number {
  let options: T | 'help';
  try {
    options = parse(io.argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`${command}: ${error.message}\n\n${usage}\n`);
    return 2;
  }
  if (options === 'help') {
    io.stdout.write(`${usage}\n`);
    return 0;
  }
  return options;
}

/** Ends a command with the status `running` resolves to; a rejection is an unexpected error (status 1), said in one line. */
export function exitWith(command: string, running: Promise<number>): void {
  running.then(
    (status) => {
      process.exitCode = status;
    },
    (error: unknown) => {
      process.stderr.write(`${command}: unexpected error: ${(error as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
