/**
 * What every fault must leave behind, checked from outside the code under test:
 * the file passes PRAGMA integrity_check and is back in WAL; every line belongs
 * to a whole batch (no half batch); and the gold summaries equal the sums of
 * the lines, added up here in plain JavaScript (not the importer's accumulator,
 * not the store's rebuild SQL).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { openDb, type Db } from '../../core/store/db.js';
import { mulberry32 } from '../../core/models/random.js';

const VOID = 4;
const iso = (day: number) => `${Math.floor(day / 10000)}-${String(Math.floor(day / 100) % 100).padStart(2, '0')}-${String(day % 100).padStart(2, '0')}`;
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));

export interface State {
  lines: number;
  batches: Array<{ id: number; file: string; rows_imported: number; first: number | null; last: number | null }>;
}

export function checkConsistent(dbPath: string, what: string): State {
  const db = openDb(dbPath); // work resumes: the file opens (a rollback journal or WAL left by a kill is recovered)
  try {
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok', `${what}: integrity_check`);
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal', `${what}: back in WAL`);
    const batches = db
      .prepare('SELECT id, file_name AS file, rows_imported, first_line_id AS first, last_line_id AS last FROM import_batches ORDER BY id')
      .all() as State['batches'];
    const lines = db.prepare('SELECT count(*) FROM sales_lines').pluck().get() as number;
    let accounted = 0;
    for (const b of batches) {
      const n = b.first === null ? 0 : (db.prepare('SELECT count(*) FROM sales_lines WHERE id BETWEEN ? AND ?').pluck().get(b.first, b.last) as number);
      assert.equal(n, b.rows_imported, `${what}: batch ${b.id} holds ${n} lines but reported ${b.rows_imported}`);
      if (b.first !== null) assert.equal(n, b.last! - b.first + 1, `${what}: batch ${b.id}'s ids are not contiguous`);
      accounted += n;
    }
    assert.equal(lines, accounted, `${what}: lines outside any batch`);
    checkSummaries(db, what);
    return { lines, batches };
  } finally {
    db.close();
  }
}

/** daily_summary, daily_product, monthly_product and daily_customer against the lines, summed here. */
export function checkSummaries(db: Db, what: string): void {
  const isProduct = new Map((db.prepare('SELECT id, is_product FROM products').raw().all() as Array<[number, number]>).map(([id, p]) => [id, p === 1]));
  const daily = new Map<string, { net: number; nonProduct: number; units: number; lines: number }>();
  const product = new Map<string, { net: number; quantity: number }>();
  const monthly = new Map<string, { net: number; quantity: number }>();
  const customer = new Map<string, number>();
  const rows = db.prepare('SELECT date, store_id, product_id, customer_id, kind, quantity, net FROM sales_lines').raw().iterate() as Iterable<
    [number, number, number, number | null, number, number, number]
  >;
  for (const [day, store, prod, cust, kind, qty, net] of rows) {
    if (kind === VOID) continue;
    const date = iso(day);
    const d = daily.get(`${date}|${store}`) ?? { net: 0, nonProduct: 0, units: 0, lines: 0 };
    // Net sales are goods only, as the vendors define them; shipping, fees and adjustments are kept apart.
    if (isProduct.get(prod)) d.net += net;
    else d.nonProduct += net;
    d.lines++;
    if (isProduct.get(prod)) d.units += qty;
    daily.set(`${date}|${store}`, d);
    const p = product.get(`${date}|${prod}|${store}`) ?? { net: 0, quantity: 0 };
    p.net += net;
    p.quantity += qty;
    product.set(`${date}|${prod}|${store}`, p);
    const m = monthly.get(`${date.slice(0, 7)}|${prod}|${store}`) ?? { net: 0, quantity: 0 };
    m.net += net;
    m.quantity += qty;
    monthly.set(`${date.slice(0, 7)}|${prod}|${store}`, m);
    if (cust !== null) customer.set(`${date}|${cust}`, (customer.get(`${date}|${cust}`) ?? 0) + net);
  }
  const compare = <T>(table: string, got: Array<[string, T]>, want: Map<string, T>, eq: (a: T, b: T) => boolean) => {
    assert.equal(got.length, want.size, `${what}: ${table} has ${got.length} rows, the lines make ${want.size}`);
    for (const [key, v] of got) {
      const w = want.get(key);
      assert.ok(w !== undefined && eq(v, w), `${what}: ${table} ${key}: ${JSON.stringify(v)} but the lines say ${JSON.stringify(w)}`);
    }
  };
  compare(
    'daily_summary',
    (
      db.prepare('SELECT date, store_id, net, non_product, units, lines FROM daily_summary').raw().all() as Array<
        [string, number, number, number, number, number]
      >
    ).map(([d, s, net, nonProduct, units, lines]) => [`${d}|${s}`, { net, nonProduct, units, lines }]),
    daily,
    (a, b) => close(a.net, b.net) && close(a.nonProduct, b.nonProduct) && close(a.units, b.units) && a.lines === b.lines,
  );
  compare(
    'daily_product',
    (db.prepare('SELECT date, product_id, store_id, net, quantity FROM daily_product').raw().all() as Array<[string, number, number, number, number]>).map(
      ([d, p, s, net, quantity]) => [`${d}|${p}|${s}`, { net, quantity }],
    ),
    product,
    (a, b) => close(a.net, b.net) && close(a.quantity, b.quantity),
  );
  compare(
    'monthly_product',
    (db.prepare('SELECT month, product_id, store_id, net, quantity FROM monthly_product').raw().all() as Array<[string, number, number, number, number]>).map(
      ([m, p, s, net, quantity]) => [`${m}|${p}|${s}`, { net, quantity }],
    ),
    monthly,
    (a, b) => close(a.net, b.net) && close(a.quantity, b.quantity),
  );
  compare(
    'daily_customer',
    (db.prepare('SELECT date, customer_id, net FROM daily_customer').raw().all() as Array<[string, number, number]>).map(([d, c, net]) => [`${d}|${c}`, net]),
    customer,
    close,
  );
}

/** A UCI-layout file of `rows` lines (8 per invoice, a few days per month), big enough that an import takes a few seconds. */
export function writeRetailFile(file: string, rows: number, startInvoice: number): void {
  const fd = fs.openSync(file, 'w');
  try {
    let out = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\r\n';
    for (let i = 0; i < rows; i++) {
      const inv = startInvoice + Math.floor(i / 8);
      const day = 1 + (Math.floor(i / 400) % 28);
      const month = 1 + (Math.floor(i / 11200) % 12);
      const cancel = i % 97 === 0 ? 'C' : '';
      out += `${cancel}${inv},${10000 + (i % 997)},"ITEM ${i % 997}, BOXED",${cancel ? -1 : 1 + (i % 5)},${month}/${day}/2011 ${8 + (i % 9)}:${10 + (i % 50)},${(1 + (i % 13) * 0.25).toFixed(2)},${12000 + (inv % 900)}.0,United Kingdom\r\n`;
      if (out.length > 1 << 20) {
        fs.writeSync(fd, out);
        out = '';
      }
    }
    fs.writeSync(fd, out);
  } finally {
    fs.closeSync(fd);
  }
}

/** Kill times are drawn from a seed (the models' own PRNG), so a failing run can be replayed (the seed is in the message). */
export { mulberry32 };

/** How many kill seeds per operation: a few in a quick run, many under TILLSIGHT_LONG_TESTS=1 (set by .ci/run). */
export function faultSeeds(): number[] {
  const n = process.env.TILLSIGHT_LONG_TESTS === '1' ? 8 : 4;
  const base = Number(process.env.FAULT_SEED ?? 1);
  return Array.from({ length: n }, (_, i) => base + i);
}

/** Starts `args` under node, kills it with SIGKILL after `ms`; whether it was still running then. */
export async function killAfter(args: string[], ms: number, opts: { env?: NodeJS.ProcessEnv } = {}): Promise<{ killedMidway: boolean; child: ChildProcess }> {
  const child = spawn(process.execPath, args, { stdio: 'ignore', env: { ...process.env, ...opts.env } });
  const exited = new Promise((r) => child.once('exit', r));
  await new Promise((r) => setTimeout(r, ms));
  const killedMidway = child.exitCode === null && child.signalCode === null;
  child.kill('SIGKILL');
  await exited;
  return { killedMidway, child };
}

export function copyDb(from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  for (const ext of ['', '-wal', '-shm']) {
    fs.rmSync(to + ext, { force: true });
    if (fs.existsSync(from + ext)) fs.copyFileSync(from + ext, to + ext);
  }
}

/** Every table's row count and a few sums: what "nothing changed" compares. */
export function digest(db: Db): string {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  const parts: unknown[] = tables.map((t) => [t, db.prepare(`SELECT count(*) FROM "${t}"`).pluck().get()]);
  parts.push(db.prepare('SELECT total(net), total(quantity), max(id), total(line_key) FROM sales_lines').raw().get());
  parts.push(db.prepare('SELECT total(net), total(units) FROM daily_summary').raw().get());
  return JSON.stringify(parts);
}
