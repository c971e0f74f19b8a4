/**
 * Shared plumbing for the importer's test corpus (test/import-layouts.test.ts,
 * test/import-bad-files.test.ts).
 *
 * Fixtures are data files read from the SOURCE tree (test/fixtures/**), never copied
 * into dist/: this file compiles to dist/test/helpers/import-fixtures.js, and the
 * project root is found by walking up to the package.json named "tillsight".
 *
 * The importer modules are loaded by path at run time (not by static import), so
 * this corpus type-checks before the importer exists and the suites skip with a
 * clear message until `npm run build:node` has emitted them.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import type { ImportBatchResult, ImportOptions, Kpis } from '../../common/api.js';
import type { Db } from '../../core/store/db.js';
import { ROOT } from '../../bench/common.js';

export { ROOT };
export const FIXTURES = path.join(ROOT, 'test', 'fixtures');
export const LAYOUTS = path.join(FIXTURES, 'layouts');
export const BAD = path.join(FIXTURES, 'bad');
export const OVERLAP = path.join(FIXTURES, 'overlap');
export const CLI = path.join(ROOT, 'bin', 'tillsight.js');

export const layout = (name: string): string => path.join(LAYOUTS, name);
export const bad = (name: string): string => path.join(BAD, name);

/** The importer's public surface, as the brief specifies it. */
export interface Importer {
  importFile(db: Db, filePath: string, options?: ImportOptions, hooks?: unknown): Promise<ImportBatchResult>;
  ImportRefused: new (...args: never[]) => Error;
  openDb(file: string): Db;
  kpis(db: Db, range?: { from?: string; to?: string }): Kpis | Promise<Kpis>;
  undoBatch(db: Db, batchId: string): unknown;
}

const MODULES = {
  pipeline: 'dist/core/import/pipeline.js',
  db: 'dist/core/store/db.js',
  kpis: 'dist/core/analytics/kpis.js',
  undo: 'dist/core/import/undo.js',
} as const;

/** Why the importer can't be loaded yet, or null when everything it needs is built. */
export function importerMissing(): string | null {
  const missing = Object.values(MODULES).filter((m) => !fs.existsSync(path.join(ROOT, m)));
  return ciMayNotSkip(missing.length ? `importer not built yet (missing ${missing.join(', ')}): run npm run build:node` : null);
}

/** Why the CLI can't run an import yet, or null. */
export function cliMissing(): string | null {
  const need = ['dist/cli/main.js', 'dist/cli/commands/import.js', MODULES.pipeline];
  const missing = need.filter((m) => !fs.existsSync(path.join(ROOT, m)));
  return ciMayNotSkip(missing.length ? `CLI import not built yet (missing ${missing.join(', ')}): run npm run build:node` : null);
}

/** Under CI=true nothing may skip for want of a build (test/helpers/prerequisites.ts). */
function ciMayNotSkip(reason: string | null): string | null {
  if (reason && process.env.CI === 'true') throw new Error(`under CI=true a suite may not skip: ${reason}`);
  return reason;
}

async function load(rel: string): Promise<Record<string, unknown>> {
  return (await import(pathToFileURL(path.join(ROOT, rel)).href)) as Record<string, unknown>;
}

let cached: Importer | undefined;
export async function loadImporter(): Promise<Importer> {
  if (cached) return cached;
  const [pipeline, db, kpis, undo] = await Promise.all([load(MODULES.pipeline), load(MODULES.db), load(MODULES.kpis), load(MODULES.undo)]);
  for (const [mod, name] of [
    [pipeline, 'importFile'],
    [pipeline, 'ImportRefused'],
    [db, 'openDb'],
    [kpis, 'kpis'],
    [undo, 'undoBatch'],
  ] as const) {
    assert.equal(typeof mod[name], 'function', `the importer must export ${name}()`);
  }
  cached = {
    importFile: pipeline.importFile as Importer['importFile'],
    ImportRefused: pipeline.ImportRefused as Importer['ImportRefused'],
    openDb: db.openDb as Importer['openDb'],
    kpis: kpis.kpis as Importer['kpis'],
    undoBatch: undo.undoBatch as Importer['undoBatch'],
  };
  return cached;
}

/** A fresh folder in the OS temp dir; removed when the process exits. */
export function tempDir(prefix = 'tillsight-import-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function tempDbPath(): string {
  return path.join(tempDir(), 'tillsight.db');
}

/** Money compared with a tolerance of half a cent. */
export function assertMoney(actual: number, expected: number, what: string): void {
  assert.ok(typeof actual === 'number' && Number.isFinite(actual), `${what}: expected a number, got ${String(actual)}`);
  assert.ok(Math.abs(actual - expected) <= 0.005, `${what}: expected ${expected.toFixed(2)}, got ${actual}`);
}

/** Quantities are REAL in the schema: compare with a tiny tolerance. */
export function assertQty(actual: number, expected: number, what: string): void {
  assert.ok(typeof actual === 'number' && Math.abs(actual - expected) < 1e-9, `${what}: expected ${expected}, got ${String(actual)}`);
}

/** The all-time KPIs, whether kpis() is sync or async. */
export async function allTimeKpis(imp: Importer, db: Db): Promise<Kpis> {
  return await imp.kpis(db, {});
}

export function assertKpisZero(k: Kpis, when: string): void {
  assertMoney(k.netSales, 0, `${when}: netSales`);
  assert.equal(k.orders, 0, `${when}: orders`);
  assert.equal(k.customers, 0, `${when}: customers`);
  assertQty(k.units, 0, `${when}: units`);
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/tillsight.js ARGS` as a child process. */
export function runCli(args: string[], timeoutMs = 120_000): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, TILLSIGHT_DEBUG: '' },
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Everything a refused import must leave alone: the row count of every table, and a
 * few sums and maxima that catch in-place updates. Read with a fresh read-only handle.
 */
export function dbSnapshot(dbFile: string): Record<string, number | string | null> {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const out: Record<string, number | string | null> = {};
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{
      name: string;
    }>;
    for (const { name } of tables) {
      out[`count(${name})`] = (db.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n;
    }
    const q = (sql: string): number | string | null => {
      const row = db.prepare(sql).get() as { v: number | string | null } | undefined;
      return row?.v ?? null;
    };
    out['max(import_batches.id)'] = q('SELECT max(id) AS v FROM import_batches');
    out['sum(sales_lines.net)'] = q('SELECT round(total(net), 4) AS v FROM sales_lines');
    out['max(sales_lines.id)'] = q('SELECT max(id) AS v FROM sales_lines');
    out['sum(daily_summary.net)'] = q('SELECT round(total(net), 4) AS v FROM daily_summary');
    return out;
  } finally {
    db.close();
  }
}

/** The one-line, no-stack-trace refusal every bad file must produce on stderr. */
export function assertOneLineError(stderr: string, what: string): string {
  const lines = stderr.split(/\r?\n/).filter((l) => l.length > 0);
  assert.equal(lines.length, 1, `${what}: stderr must be exactly one line, got ${lines.length}:\n${stderr.slice(0, 2000)}`);
  const line = lines[0];
  assert.ok(!/^\s{4}at /.test(line), `${what}: stderr is a stack trace line: ${line}`);
  assert.ok(!/unexpected error/i.test(line), `${what}: an expected refusal, not an "unexpected error": ${line}`);
  assert.ok(line.trim().length >= 12, `${what}: the message must say what is wrong: ${line}`);
  assert.ok(line.length <= 500, `${what}: one short line, got ${line.length} characters`);
  return line;
}
