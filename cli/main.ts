/**
 * `tillsight` command line: a host over the same core the app uses.
 * Each command lives in cli/commands/<name>.ts and returns an exit code.
 * Expected failures (bad files, bad arguments) print one line on stderr, never a stack trace.
 */
import { commands } from './commands/index.js';
import { UserError } from './errors.js';

const HELP = `tillsight — offline sales analytics for a small shop

Usage: tillsight <command> [options]

Commands:
${Object.values(commands).map((c) => `  ${c.usage.padEnd(62)} ${c.summary}`).join('\n')}

Common options:
  --db PATH   the database file (default: $TILLSIGHT_DB or the app's data directory)
  --json      machine-readable output
  --help      help for a command
`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write('tillsight 0.1.0\n');
    return 0;
  }
  const command = commands[name];
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
    if (process.env.TILLSIGHT_DEBUG) throw e;
    process.stderr.write(`tillsight ${name}: unexpected error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 70;
  }
}
