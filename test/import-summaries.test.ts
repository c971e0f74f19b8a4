/**
 * The gold summaries an import writes as it goes (SummaryAccumulator.flush)
 * must equal the summaries rebuilt from the lines by SQL, whatever the order of
 * the file: sorted by date, newest first, shuffled (receipts split apart),
 * overlapping an earlier import, or read with the day/month order overturned
 * half-way through. Real SQLite files, the real importer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb, type Db } from '../core/store/db.js';
import { importFile } from '../core/import/pipeline.js';
import { undoBatch } from '../core/import/undo.js';
import { dayToIso } from '../core/store/kinds.js';
import { checkSummaries } from './helpers/consistency.js';
import { rebuildSummaries, refreshCustomers, refreshMonthlyProducts } from '../core/store/summaries.js';

const HEADER = 'Date,Receipt,SKU,Product,Quantity,Price,Customer,Store';
const GOLD = ['daily_summary', 'daily_product', 'daily_customer', 'hourly_summary', 'monthly_product', 'customer_summary', 'customer_month'];

interface Row {
  day: number; // days after 2024-01-01
  text: string;
}

/** Receipts of 1 to 6 lines over `days` days: two stores, refunds, non-product lines, repeat customers. */
function makeRows(days: number, seed: number, firstDay = 0): Row[] {
  let s = seed;
  const rnd = (n: number) => (s = (s * 16807) % 2147483647) % n;
  const rows: Row[] = [];
  let receipt = seed * 100_000;
  for (let d = firstDay; d < firstDay + days; d++) {
    const date = new Date(Date.UTC(2024, 0, 1 + d));
    for (let r = 0; r < 12; r++) {
      receipt++;
      const time = `${String(8 + rnd(12)).padStart(2, '0')}:${String(rnd(60)).padStart(2, '0')}`;
      const stamp = `${date.toISOString().slice(0, 10)} ${time}`;
      const customer = rnd(3) ? `C${rnd(40)}` : '';
      const store = rnd(4) ? 'High Street' : 'Market Stall';
      const refund = rnd(15) === 0;
      for (let l = 0, n = 1 + rnd(6); l < n; l++) {
        const sku = rnd(20) === 0 ? 'POST' : `SKU${rnd(60)}`;
        const product = sku === 'POST' ? 'Postage' : `Product ${sku.slice(3)}`;
        const qty = (refund ? -1 : 1) * (1 + rnd(4));
        rows.push({ day: d, text: `${stamp},R${receipt},${sku},${product},${qty},${(1 + rnd(2000) / 100).toFixed(2)},${customer},${store}` });
      }
    }
  }
  return rows;
}

function writeCsv(dir: string, name: string, rows: Row[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, [HEADER, ...rows.map((r) => r.text)].join('\n') + '\n');
  return file;
}

function gold(db: Db): Record<string, string[]> {
  return Object.fromEntries(
    GOLD.map((t) => [
      t,
      (db.prepare(`SELECT * FROM ${t}`).raw().all() as unknown[][])
        .map((r) => r.map((v) => (typeof v === 'number' ? Math.round(v * 100) / 100 : v)).join('|'))
        .sort(),
    ]),
  );
}

/**
 * Gold tables as the import left them, then as SQL rebuilds them from all the lines; and, since a file
 * that marks every day for rebuild would only compare the SQL rebuild with itself, against the lines
 * added up in plain code (test/helpers/consistency.ts), independent of both.
 */
function assertGoldEqualsRebuild(db: Db, what: string): void {
  checkSummaries(db, what);
  const written = gold(db);
  const range = db.prepare('SELECT min(date) AS a, max(date) AS b FROM sales_lines').get() as { a: number; b: number };
  db.exec('SAVEPOINT rebuild');
  try {
    rebuildSummaries(db, dayToIso(range.a), dayToIso(range.b));
    refreshMonthlyProducts(db, dayToIso(range.a), dayToIso(range.b));
    refreshCustomers(db, db.prepare('SELECT id FROM customers').pluck().all() as number[]);
    const rebuilt = gold(db);
    for (const t of GOLD) {
      assert.ok(rebuilt[t].length > 0, `${what}: ${t} is not empty`);
      assert.deepEqual(written[t], rebuilt[t], `${what}: ${t}`);
    }
  } finally {
    db.exec('ROLLBACK TO rebuild');
    db.exec('RELEASE rebuild');
  }
}

function withDb(fn: (db: Db, dir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tillsight-gold-'));
    const db = openDb(path.join(dir, 'gold.db'));
    try {
      await fn(db, dir);
    } finally {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
}

test(
  'summaries of a file sorted by date equal the rebuild',
  withDb(async (db, dir) => {
    const r = await importFile(db, writeCsv(dir, 'sorted.csv', makeRows(40, 11)));
    assert.equal(r.rowsRejected, 0);
    assertGoldEqualsRebuild(db, 'sorted');
  }),
);

test(
  'summaries of a file with the newest day first equal the rebuild',
  withDb(async (db, dir) => {
    const rows = makeRows(40, 12).sort((a, b) => b.day - a.day);
    await importFile(db, writeCsv(dir, 'newest-first.csv', rows));
    assertGoldEqualsRebuild(db, 'newest first');
  }),
);

test(
  'summaries of a shuffled file (days and receipts split apart) equal the rebuild',
  withDb(async (db, dir) => {
    const rows = makeRows(40, 13);
    let s = 5;
    for (let i = rows.length - 1; i > 0; i--) {
      s = (s * 16807) % 2147483647;
      const j = s % (i + 1);
      [rows[i], rows[j]] = [rows[j], rows[i]];
    }
    await importFile(db, writeCsv(dir, 'shuffled.csv', rows));
    assertGoldEqualsRebuild(db, 'shuffled');
  }),
);

test(
  'summaries of a file that comes back to a month it left (on new days) equal the rebuild',
  withDb(async (db, dir) => {
    // January, then February, then more of January: January's monthly rows are written when
    // February starts, and again, added to them, at the end.
    const rows = [...makeRows(21, 15, 0), ...makeRows(11, 16, 35), ...makeRows(10, 17, 21)];
    await importFile(db, writeCsv(dir, 'back-to-january.csv', rows));
    const january = db.prepare("SELECT count(DISTINCT date) FROM daily_summary WHERE date LIKE '2024-01-%'").pluck().get();
    assert.equal(january, 31, 'every January day');
    assertGoldEqualsRebuild(db, 'back to January');
  }),
);

test(
  'summaries stay equal to the rebuild across overlapping imports, a re-import and an undo',
  withDb(async (db, dir) => {
    const all = makeRows(60, 14);
    const first = writeCsv(
      dir,
      'first.csv',
      all.filter((r) => r.day < 40),
    );
    const second = writeCsv(
      dir,
      'second.csv',
      all.filter((r) => r.day >= 25),
    );
    await importFile(db, first);
    assertGoldEqualsRebuild(db, 'first file');
    const b = await importFile(db, second);
    assert.ok(b.rowsDuplicate > 0 && b.rowsImported > 0, 'the second file overlaps the first');
    assertGoldEqualsRebuild(db, 'overlapping second file');
    const again = await importFile(db, second);
    assert.equal(again.rowsImported, 0);
    assertGoldEqualsRebuild(db, 're-import');
    undoBatch(db, b.batchId);
    assertGoldEqualsRebuild(db, 'after undo');
  }),
);

test(
  'summaries are right when the day/month order is overturned half-way through the file',
  withDb(async (db, dir) => {
    // Every date reads either way (day <= 12) except one row, placed where the planner's
    // samples (the head and 16 windows of 16 KB) do not look: the reader finds out mid-file.
    const rows = makeRows(12, 15).map((r) => ({ ...r, text: r.text.replace(/^2024-(\d\d)-(\d\d)/, (_, m: string, d: string) => `${d}/${m}/2024`) }));
    const text = (rs: Row[]) => [HEADER, ...rs.map((r) => r.text)].join('\n') + '\n';
    let body = rows;
    while (Buffer.byteLength(text(body)) < 2_000_000)
      body = [...body, ...rows.map((r) => ({ ...r, text: r.text.replace(/,R(\d+),/, (_, n: string) => `,R${n}x${body.length},`) }))];
    const size = Buffer.byteLength(text(body));
    const windows = Array.from({ length: 16 }, (_, w) => Math.floor((size * (w + 1)) / 17));
    // Between the first and second windows, well past the 64 KB head.
    const target = windows[0] + 16 * 1024 + Math.floor((windows[1] - windows[0] - 16 * 1024) / 2);
    let offset = Buffer.byteLength(HEADER) + 1;
    let at = 0;
    while (offset < target) offset += Buffer.byteLength(body[at++].text) + 1;
    body.splice(at, 0, { day: 12, text: '13/01/2024 10:00,EVIDENCE,SKU1,Product 1,1,2.00,C1,High Street' });
    const file = path.join(dir, 'overturned.csv');
    fs.writeFileSync(file, text(body));
    const r = await importFile(db, file);
    assert.equal(r.dateOrder, 'DMY');
    assert.equal(r.rowsRejected, 0);
    // 12/01/2024 is the 12th of January, not the 1st of December.
    assert.equal(r.minDate, '2024-01-01');
    assert.equal(r.maxDate, '2024-01-13');
    assertGoldEqualsRebuild(db, 'overturned order');
  }),
);

test(
  'identical rows within one receipt are separate sales, also in a receipt of over 64 lines; a re-import adds none',
  withDb(async (db, dir) => {
    const rows: Row[] = [];
    // Receipt R1: the same coffee rung up 3 times. Receipt R2: 70 lines, each of 35 products twice.
    for (let i = 0; i < 3; i++) rows.push({ day: 0, text: '2024-01-01 09:00,R1,SKU1,Coffee,1,2.50,C1,High Street' });
    for (let i = 0; i < 70; i++) rows.push({ day: 0, text: `2024-01-01 10:00,R2,SKU${i % 35},Product ${i % 35},1,1.00,C2,High Street` });
    const file = writeCsv(dir, 'repeats.csv', rows);
    const r = await importFile(db, file);
    assert.equal(r.rowsImported, 73);
    assert.equal(r.rowsDuplicate, 0);
    assert.equal(db.prepare('SELECT count(*) FROM sales_lines').pluck().get(), 73);
    const again = await importFile(db, file);
    assert.deepEqual([again.rowsImported, again.rowsDuplicate], [0, 73]);
    assertGoldEqualsRebuild(db, 'repeated rows');
  }),
);
