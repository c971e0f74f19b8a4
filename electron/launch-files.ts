/**
 * Files the OS hands the app: the command line of the first launch, a second launch's command
 * line (`second-instance`), or macOS's `open-file` event (a CSV double-clicked or dropped on
 * the Dock icon; the file association is in build/electron-builder.yml). Pure, so the choice
 * of which arguments are files to import is tested under Node (test/electron-shell.test.ts).
 */
import path from 'node:path';

/** The extensions the app registers with the OS and picks out of a command line. */
export const IMPORT_EXTENSIONS = ['.csv', '.tsv', '.txt'] as const;

/** Switches that take a value, whose value is not a file to import (`--db shop.db`). */
const SWITCHES_WITH_VALUE = new Set(['--db', '--user-data-dir']);

/**
 * The arguments that name files to import, resolved against the launch's working folder.
 * Switches and their values, the app's own path (`electron .` passes the app folder) and
 * anything without an importable extension are left out; the host checks the rest (exists,
 * regular file, not one of the app's own files) before reading.
 */
export function importPathsFromArgv(argv: readonly string[], cwd: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg.startsWith('-')) {
      if (SWITCHES_WITH_VALUE.has(arg)) i++;
      continue;
    }
    if (!(IMPORT_EXTENSIONS as readonly string[]).includes(path.extname(arg).toLowerCase())) continue;
    const resolved = path.resolve(cwd, arg);
    if (!out.includes(resolved)) out.push(resolved);
  }
  return out;
}

/** Paths that arrive before the window can take them (open-file fires before `ready` on macOS). */
export class PendingFiles {
  private paths: string[] = [];
  add(...paths: string[]): void {
    for (const p of paths) if (!this.paths.includes(p)) this.paths.push(p);
  }
  take(): string[] {
    return this.paths.splice(0);
  }
  get size(): number {
    return this.paths.length;
  }
}
