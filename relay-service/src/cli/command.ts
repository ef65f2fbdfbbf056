// What an operator command is (its path, flags, help and run) and what it runs with: parsed flags, the API, the output mode, the terminal.
import type { OperatorApi } from './operator-api.ts';

/** One flag as `node:util` parseArgs takes it, plus what help shows. */
export interface FlagSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** The value's placeholder in help (`NAME`, `fresh|deferred`). */
  value?: string;
  description: string;
}

/** The process around a command: output streams, environment, and the terminal for confirmations. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** True when stdin is a terminal a question can be asked on. */
  interactive: boolean;
  /** Asks on the terminal and resolves to the answer line. */
  ask: (question: string) => Promise<string>;
}

/** What run() gets: flag values, positional arguments, the API (built on first use from the connection flags), the output mode. */
export interface CommandContext {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  output: 'table' | 'json';
  api: () => OperatorApi;
  io: CliIo;
}

/** An operator command: `smtp-relay <path...> [flags] [positionals]`. */
export interface OperatorCommand {
  path: string[];
  /** One line for the command list. */
  summary: string;
  /** The argument synopsis after `smtp-relay <path>`. */
  synopsis: string;
  /** Paragraphs of help after the synopsis. */
  details?: string;
  flags: Record<string, FlagSpec>;
  /** How many positional arguments it takes. */
  positionals: { min: number; max: number };
  /** Talks to the management API (gets the connection flags); default true. */
  usesApi?: boolean;
  /** Resolves to the exit code (0 when nothing is returned); throws CliError for the others. */
  run(context: CommandContext): Promise<number | void>;
}

/** A string flag's value (undefined when not given). */
export function stringFlag(context: CommandContext, name: string): string | undefined {
  const value = context.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** Writes `value` as the command's machine-readable answer: one JSON document and a newline. */
export function writeJson(context: CommandContext, value: unknown): void {
  context.io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}
