/**
 * `tillsight` command line: a host over the same core the app uses.
 * Each command lives in cli/commands/<name>.ts and returns an exit code.
 * Expected failures (bad files, bad arguments) print one line on stderr, never a stack trace.
 */
import fs from 'node:fs';
import { prestartReader, THREAD_MIN_BYTES } from '../core/import/reader-thread.js';
import { resolveDbPath } from '../core/store/paths.js';
import type { Command } from './command.js';
import { UserError } from './errors.js';

const help = (commands: Record<string, Command>) => `tillsight — offline sales analytics for a small shop

Usage: tillsight <command> [options]

Commands:
${Object.values(commands)
  .map((c) => `  ${c.usage.padEnd(62)} ${c.summary}`)
  .join('\n')}

Common options:
  --db PATH   the database file (default: $TILLSIGHT_DB or the app's data directory)
  --json      machine-readable output
  --help      help for a command
`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  // A large import reads in a thread of its own: start it before loading the rest (see reader-thread.ts).
  if (name === 'import' && rest.some(isLargeFile)) prestartReader();
  const { loadCommand, loadAllCommands } = await import('./commands/index.js');
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(help(await loadAllCommands()));
    return 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write('tillsight 0.1.0\n');
    return 0;
  }
  const command = await loadCommand(name);
  if (!command) {
    process.stderr.write(`tillsight: unknown command "${name}". Run "tillsight --help" for the list.\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`Usage: tillsight ${command.usage}\n\n${command.summary}\n${command.help ?? ''}`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    if (e instanceof UserError) {
      process.stderr.write(`tillsight ${name}: ${e.message}\n`);
      return e.exitCode;
    }
    // Busy, disk full, read-only…: one sentence that says what happened to the data.
    const { describeDbError } = await import('../core/store/db-errors.js');
    const fault = describeDbError(e, dbPathOf(rest));
    if (fault) {
      process.stderr.write(`tillsight ${name}: ${fault.message}\n`);
      return 1;
    }
    if (process.env.TILLSIGHT_DEBUG) throw e;
    process.stderr.write(`tillsight ${name}: unexpected error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 70;
  }
}

/** The --db argument of a command line, or the default database's path. */
function dbPathOf(args: string[]): string {
  const i = args.indexOf('--db');
  const explicit = i >= 0 ? args[i + 1] : args.find((a) => a.startsWith('--db='))?.slice(5);
  return resolveDbPath(explicit);
}

function isLargeFile(arg: string): boolean {
  try {
    return !arg.startsWith('-') && fs.statSync(arg).size >= THREAD_MIN_BYTES;
  } catch {
    return false;
  }
}
