// The operator commands' exit codes (documented in `smtp-relay --help` and the README) and the error that carries one.

/** What a script can tell from the exit status of an operator command. */
export const exitCodes = {
  ok: 0,
  /** An unexpected failure inside the command itself (a bug): the message is on stderr. */
  internal: 1,
  /** Bad command line: unknown command or flag, missing or conflicting arguments, a confirmation refused or impossible. */
  usage: 2,
  /** The management API answered with an error (4xx/5xx) or could not be reached (connection, TLS, timeout). */
  api: 3,
  /** send-test: the SMTP server refused the message or could not be reached. */
  smtp: 4,
  /** send-test --wait: the message did not leave the queue in time, or a recipient failed permanently. */
  outcome: 5,
} as const;

/** The exit-code section of every help text. */
export const exitCodesHelp = [
  'Exit codes (operator commands):',
  '  0  success',
  '  1  internal error (a bug; the message is on stderr)',
  '  2  usage error: unknown command or flag, missing or conflicting arguments, deletion not confirmed',
  '  3  the management API answered with an error or could not be reached',
  '  4  send-test: the SMTP server refused the message or could not be reached',
  '  5  send-test --wait: not finished in time, or a recipient failed permanently',
].join('\n');

/** An error with a message for the user and the exit code it ends the command with. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: number) {
    super(message);
  }
}

/** A usage error (exit 2). */
export function usageError(message: string): CliError {
  return new CliError(message, exitCodes.usage);
}
