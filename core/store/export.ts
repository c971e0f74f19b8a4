/**
 * "Export everything": every table of the database as a CSV file in one
 * folder, with a manifest of row counts, so the owner is never locked in. Any
 * spreadsheet or database reads them back. Rows are streamed (memory stays flat
 * whatever the size), read inside one read transaction so every file is of the
 * same moment, and each file is written under a temporary name and renamed.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from './db.js';
import { schemaVersion } from './db.js';

export interface ExportResult {
  outDir: string;
  files: Array<{ table: string; file: string; rows: number }>;
}

/** Also exported: the lines with names and ISO dates, the file most owners will open first. */
const VIEWS = ['sales_lines_readable'];

/** RFC 4180 quoting; a blob as hex. */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (Buffer.isBuffer(v)) return `\\x${v.toString('hex')}`;
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export class ExportRefused extends Error {}

export function exportAll(db: Db, outDir: string): ExportResult {
  const dir = path.resolve(outDir);
  if (fs.existsSync(dir)) {
    const entries = fs.readdirSync(dir);
    // Never mix with, or overwrite, files that are not an earlier export.
    if (entries.length && !entries.includes('manifest.json')) throw new ExportRefused(`${dir} is not empty: choose a new folder for the export`);
  }
  fs.mkdirSync(dir, { recursive: true });
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  const files: ExportResult['files'] = [];
  const read = db.transaction(() => {
    for (const table of [...tables, ...VIEWS.filter((v) => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'view' AND name = ?").get(v))]) {
      files.push(writeTable(db, table, dir));
    }
  });
  read.deferred();
  const manifest = {
    exportedAt: new Date().toISOString(),
    schemaVersion: schemaVersion(db),
    note: 'Every table of the Tillsight database as CSV (UTF-8, comma-separated, header row). Dates in sales_lines are YYYYMMDD integers; sales_lines_readable shows them as ISO dates with names.',
    tables: Object.fromEntries(files.map((f) => [f.table, { file: path.basename(f.file), rows: f.rows }])),
  };
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return { outDir: dir, files };
}

function writeTable(db: Db, table: string, dir: string): { table: string; file: string; rows: number } {
  const file = path.join(dir, `${table}.csv`);
  const tmp = `${file}.partial`;
  const stmt = db.prepare(`SELECT * FROM "${table.replace(/"/g, '""')}"`);
  const columns = stmt.columns().map((c) => c.name);
  const fd = fs.openSync(tmp, 'w');
  let rows = 0;
  try {
    let buf = columns.map(csvCell).join(',') + '\r\n';
    for (const r of stmt.raw().iterate() as Iterable<unknown[]>) {
      buf += r.map(csvCell).join(',') + '\r\n';
      rows++;
      if (buf.length > 1 << 20) {
        fs.writeSync(fd, buf);
        buf = '';
      }
    }
    fs.writeSync(fd, buf);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  return { table, file, rows };
}
