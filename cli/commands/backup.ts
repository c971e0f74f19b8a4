import fs from 'node:fs';
import { backupNow, BackupNotUsable, DEFAULT_KEEP, listBackups, restoreBackup } from '../../core/store/backup.js';
import { exportAll, ExportRefused } from '../../core/store/export.js';
import { resolveDbPath } from '../../core/store/paths.js';
import { dbOption, jsonOption, parse, type Command } from '../command.js';
import { openCliDb } from '../db.js';
import { UserError } from '../errors.js';

const size = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;

export const backupCommand: Command = {
  usage: 'backup [--db PATH] [--list] [--keep N] [--json]',
  summary: 'copy the database into its backups folder (SQLite online backup), or list the backups',
  help: `
Backups live in a "backups" folder beside the database. Tillsight also makes one
before every schema upgrade, and on a schedule while the app runs.
Options:
  --list     list the backups, newest first
  --keep N   keep the last N manual backups (default ${DEFAULT_KEEP})
`,
  async run(args) {
    const { values } = parse(args, { ...dbOption, ...jsonOption, list: { type: 'boolean', default: false }, keep: { type: 'string' } });
    const keep = values.keep === undefined ? DEFAULT_KEEP : Number(values.keep);
    if (!Number.isInteger(keep) || keep < 1) throw new UserError('--keep must be a whole number of at least 1', 2);
    if (values.list) {
      const dbPath = resolveDbPath(values.db);
      if (!fs.existsSync(dbPath)) throw new UserError(`there is no database at ${dbPath} (check --db)`);
      const list = listBackups(dbPath);
      if (values.json)
        process.stdout.write(
          JSON.stringify(
            list.map(({ file: _f, ...b }) => b),
            null,
            2,
          ) + '\n',
        );
      else if (!list.length) process.stdout.write('No backups yet: run "tillsight backup".\n');
      else process.stdout.write(list.map((b) => `${b.name}  ${b.reason}  ${size(b.bytes)}`).join('\n') + '\n');
      return 0;
    }
    const { db, dbPath } = openCliDb(values.db, { mustExist: true });
    try {
      const b = await backupNow(db, dbPath, 'manual', keep);
      process.stdout.write(values.json ? JSON.stringify({ name: b.name, file: b.file, bytes: b.bytes }) + '\n' : `backed up to ${b.file} (${size(b.bytes)})\n`);
      return 0;
    } finally {
      db.close();
    }
  },
};

export const restoreCommand: Command = {
  usage: 'restore BACKUP [--db PATH] [--json]',
  summary: 'put a backup back in place of the database (the current data is backed up first)',
  help: `
BACKUP is a name from "tillsight backup --list", or the path of a backup file.
The backup is checked first (SQLite integrity check); the data it replaces is
kept as a "before-restore" backup, so a restore can itself be undone.
`,
  async run(args) {
    const { values, positionals } = parse(args, { ...dbOption, ...jsonOption }, true);
    if (positionals.length !== 1) throw new UserError('name one backup (see "tillsight backup --list")', 2);
    const { db, dbPath } = openCliDb(values.db);
    try {
      const r = await restoreBackup(db, dbPath, positionals[0]);
      process.stdout.write(
        values.json
          ? JSON.stringify({ restored: r.restored, safetyBackup: r.safetyBackup.name, lines: r.lines }) + '\n'
          : `restored ${r.restored} (${r.lines.toLocaleString()} sales lines); the data it replaced is in ${r.safetyBackup.name}\n`,
      );
      return 0;
    } catch (e) {
      if (e instanceof BackupNotUsable) throw new UserError(e.message);
      throw e;
    } finally {
      db.close();
    }
  },
};

export const exportCommand: Command = {
  usage: 'export --out DIR [--db PATH] [--json]',
  summary: 'every table of the database as CSV files in one folder (yours to keep)',
  run: (args) => Promise.resolve(runExport(args)),
};

function runExport(args: string[]): number {
  {
    const { values } = parse(args, { ...dbOption, ...jsonOption, out: { type: 'string' } });
    if (!values.out) throw new UserError('--out DIR names the folder for the CSV files', 2);
    const { db } = openCliDb(values.db, { mustExist: true });
    try {
      const r = exportAll(db, values.out);
      if (values.json)
        process.stdout.write(JSON.stringify({ outDir: r.outDir, files: r.files.map((f) => ({ table: f.table, file: f.file, rows: f.rows })) }, null, 2) + '\n');
      else
        process.stdout.write(
          `${r.files.length} tables exported to ${r.outDir}:\n${r.files.map((f) => `  ${f.table}.csv  ${f.rows.toLocaleString()} rows`).join('\n')}\n`,
        );
      return 0;
    } catch (e) {
      if (e instanceof ExportRefused) throw new UserError(e.message);
      throw e;
    } finally {
      db.close();
    }
  }
}
