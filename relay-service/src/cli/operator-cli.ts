// Runs an operator command: finds it by its path, answers --help, parses and checks the flags, and turns errors into exit codes.
import { parseArgs } from 'node:util';
import { auditCommands } from './audit-commands.ts';
import { checkCommands } from './check-commands.ts';
import type { CliIo, FlagSpec, OperatorCommand } from './command.ts';
import { apiFromFlags, connectionFlags, outputFlag } from './connection-flags.ts';
import { CliError, exitCodes, exitCodesHelp, usageError } from './exit-codes.ts';
import type { OperatorApi } from './operator-api.ts';
import { queueCommands } from './queue-commands.ts';
import { sendTestCommands } from './send-test-command.ts';
import { statusCommands } from './status-command.ts';

/** Every operator command, in the order help lists them. */
export const operatorCommands: OperatorCommand[] = [...queueCommands, ...checkCommands, ...auditCommands, ...statusCommands, ...sendTestCommands];

const groups = new Set(operatorCommands.map((command) => command.path[0]));

/** True when `argv` (after `smtp-relay`) names an operator command or group. */
export function isOperatorCommand(argv: string[]): boolean {
  return groups.has(argv[0]);
}

/** The command list for the top-level help. */
export function operatorCommandList(): string {
  const names = operatorCommands.map((command) => `smtp-relay ${command.path.join(' ')}`);
  const width = Math.max(...names.map((name) => name.length));
  return operatorCommands.map((command, i) => `  ${names[i].padEnd(width)}  ${command.summary}`).join('\n');
}

const flagLines = (flags: Record<string, FlagSpec>) => {
  const left = Object.entries(flags).map(([name, spec]) => `${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.value ? ` ${spec.value}` : ''}`);
  const width = Math.max(...left.map((text) => text.length));
  return Object.values(flags).map((spec, i) => `  ${left[i].padEnd(width)}  ${spec.description}`).join('\n');
};

/** The help of one command: synopsis, details, its flags, the connection flags, the exit codes. */
export function commandHelp(command: OperatorCommand): string {
  const sections = [`usage: smtp-relay ${command.path.join(' ')} ${command.synopsis}`.trimEnd(), command.summary];
  if (command.details) sections.push(command.details);
  const own = { ...command.flags, ...outputFlag };
  sections.push(`Options:\n${flagLines(own)}`);
  if (command.usesApi !== false) sections.push(`Connection:\n${flagLines(connectionFlags)}`);
  sections.push(exitCodesHelp);
  return `${sections.join('\n\n')}\n`;
}

function groupHelp(group: string): string {
  const members = operatorCommands.filter((command) => command.path[0] === group);
  return `usage: smtp-relay ${group} <command> [options]   (smtp-relay ${group} <command> --help for each)\n\n` +
    `${members.map((command) => `  ${command.path.join(' ')} ${command.synopsis}\n      ${command.summary}`).join('\n')}\n`;
}

/** Runs `argv` (after `smtp-relay`; isOperatorCommand is true) and resolves to the exit code. Output goes through `io`. */
export async function runOperatorCli(argv: string[], io: CliIo): Promise<number> {
  const command = operatorCommands.find((candidate) => candidate.path.every((part, i) => argv[i] === part));
  const wantsHelp = argv.includes('--help') || argv.includes('-h');
  if (!command) {
    const group = argv[0];
    if (wantsHelp && argv.length === 2) {
      io.stdout(groupHelp(group));
      return exitCodes.ok;
    }
    io.stderr(`smtp-relay ${group}: ${argv[1] === undefined ? 'a command is missing' : `unknown command "${argv[1]}"`}\n${groupHelp(group)}`);
    return exitCodes.usage;
  }
  if (wantsHelp) {
    io.stdout(commandHelp(command));
    return exitCodes.ok;
  }
  try {
    const flags = { ...command.flags, ...outputFlag, ...(command.usesApi === false ? {} : connectionFlags) };
    let parsed: ReturnType<typeof parseArgs>;
    try {
      parsed = parseArgs({
        args: argv.slice(command.path.length), allowPositionals: true, strict: true,
        options: Object.fromEntries(Object.entries(flags).map(([name, spec]) => [name, { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}) }])),
      });
    } catch (error) {
      throw usageError((error as Error).message);
    }
    const { values, positionals } = parsed;
    if (positionals.length < command.positionals.min || positionals.length > command.positionals.max) {
      throw usageError(positionals.length < command.positionals.min ? 'missing argument' : `unexpected argument "${positionals[command.positionals.max]}"`);
    }
    const output = values.output ?? 'table';
    if (output !== 'table' && output !== 'json') throw usageError(`--output must be table or json, got "${String(output)}"`);
    let api: OperatorApi | undefined;
    const code = await command.run({ values: values as Record<string, string | boolean | string[] | undefined>, positionals, output, io, api: () => (api ??= apiFromFlags(values, io.env)) });
    return code ?? exitCodes.ok;
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    const usage = error.exitCode === exitCodes.usage ? `\nusage: smtp-relay ${command.path.join(' ')} ${command.synopsis}\n(smtp-relay ${command.path.join(' ')} --help for more)` : '';
    io.stderr(`smtp-relay ${command.path.join(' ')}: ${error.message}${usage}\n`);
    return error.exitCode;
  }
}
