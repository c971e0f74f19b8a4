/**
 * Killing the importer (SIGKILL, a real child process) at any point leaves a
 * database that passes integrity_check, holds no half batch, and takes the
 * same file again in full.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../bench/common.js';
import type { ImportBatchResult } from '../common/api.js';
import { openDb } from '../core/store/db.js';
import { WRITE_ONCE_MIN_BYTES } from '../core/import/pipeline.js';

const CLI = path.join(ROOT, 'bin', 'tillsight.js');

/** A UCI-layout file of `rows` lines, big enough that an import takes a second or two. */
function writeFile(file: string, rows: number, startInvoice: number): void {
  const out: string[] = ['InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country'];
  for (let i = 0; i < rows; i++) {
    const inv = startInvoice + Math.floor(i / 8);
    const day = 1 + (Math.floor(i / 400) % 28);
    const month = 1 + (Math.floor(i / 11200) % 12);
    out.push(
      `${inv},${10000 + (i % 997)},"ITEM ${i % 997}, BOXED",${1 + (i % 5)},${month}/${day}/2011 ${8 + (i % 9)}:${10 + (i % 50)},${(1 + (i % 13) * 0.25).toFixed(2)},${12000 + (inv % 900)}.0,United Kingdom`,
    );
  }
  fs.writeFileSync(file, out.join('\r\n') + '\r\n');
}

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function check(dbPath: string): { lines: number; batches: Array<{ id: number; rows_imported: number; first: number | null; last: number | null }> } {
  const db = openDb(dbPath);
  try {
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    // A kill during a write-once import leaves a rollback journal: opening rolls it back and returns to WAL.
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    const batches = db.prepare('SELECT id, rows_imported, first_line_id AS first, last_line_id AS last FROM import_batches ORDER BY id').all() as Array<{
      id: number;
      rows_imported: number;
      first: number | null;
      last: number | null;
    }>;
    const lines = db.prepare('SELECT count(*) FROM sales_lines').pluck().get() as number;
    // No half batch: every line belongs to a completed batch, and each batch holds all it reported.
    let accounted = 0;
    for (const b of batches) {
      const n = b.first === null ? 0 : (db.prepare('SELECT count(*) FROM sales_lines WHERE id BETWEEN ? AND ?').pluck().get(b.first, b.last) as number);
      assert.equal(n, b.rows_imported, `batch ${b.id} holds ${n} lines but reported ${b.rows_imported}`);
      accounted += n;
    }
    assert.equal(lines, accounted, 'lines outside any batch');
    const summed = db.prepare('SELECT coalesce(sum(lines), 0) FROM daily_summary').pluck().get() as number;
    assert.equal(summed, lines, 'summaries disagree with the lines');
    return { lines, batches };
  } finally {
    db.close();
  }
}

test('kill -9 at any point during an import leaves the database consistent', { timeout: 300_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tillsight-crash-'));
  const small = path.join(dir, 'small.csv');
  const big = path.join(dir, 'big.csv');
  writeFile(small, 500, 100000);
  writeFile(big, 120_000, 500000);
  // Big enough to be written once through the rollback journal, not the WAL: the kills land in that path.
  assert.ok(fs.statSync(big).size >= WRITE_ONCE_MIN_BYTES, 'the big file is under the write-once size');
  const dbPath = path.join(dir, 'crash.db');
  assert.equal(cli(['import', small, '--db', dbPath]).status, 0);

  // Time one full import of the big file (in a scratch database) to spread the kills over it.
  const t0 = Date.now();
  assert.equal(cli(['import', big, '--db', path.join(dir, 'timing.db')]).status, 0);
  const full = Date.now() - t0;

  const fractions = [0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.9, 0.97];
  let killedMidway = 0;
  for (const f of fractions) {
    const child = spawn(process.execPath, [CLI, 'import', big, '--db', dbPath], { stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, Math.round(full * f)));
    const exited = child.exitCode !== null;
    child.kill('SIGKILL');
    if (!exited) await new Promise((r) => child.once('exit', r));
    if (!exited) killedMidway++;
    const state = check(dbPath);
    // Either the big file landed whole (the kill came after its commit) or not at all.
    assert.ok(state.lines === 500 || state.lines === 120_500, `after a kill at ${f}: ${state.lines} lines`);
  }
  assert.ok(killedMidway >= 4, `only ${killedMidway} kills landed during an import`);

  // The same file is then taken in full (or found already there, whole).
  const again = cli(['import', big, '--db', dbPath, '--json']);
  assert.equal(again.status, 0, again.stderr);
  const b = (JSON.parse(again.stdout) as { batches: ImportBatchResult[] }).batches[0];
  assert.equal(b.rowsImported + b.rowsDuplicate, 120_000);
  assert.equal(check(dbPath).lines, 120_500);
  fs.rmSync(dir, { recursive: true, force: true });
});
