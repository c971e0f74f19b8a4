/**
 * The reconciliation view (core/analytics/reconciliation.ts) for EVERY sales
 * layout in test/fixtures/: what the file says against what Tillsight counted,
 * each difference explained. The figures below are worked out by hand from the
 * files, as the vendors define them (README, "The figures"): "file" is the
 * file's amounts as written summed over all its data rows (its net sales column,
 * or quantity × price where it has none); each step is one reason a part of it
 * is not in Tillsight's net sales; "counted" is Tillsight's net sales.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import type { ReconciledFigure, Reconciliation, ReconciliationStep } from '../common/api.js';
import { reconciliation } from '../core/analytics/reconciliation.js';
import { importFile } from '../core/import/pipeline.js';
import { openDb, type Db } from '../core/store/db.js';
import { CLI, FIXTURES, OVERLAP, bad, layout, tempDbPath } from './helpers/import-fixtures.js';
import path from 'node:path';
import fs from 'node:fs';

type Steps = Partial<Record<ReconciliationStep['id'], number>>;

interface FigureExpectation {
  file: number;
  steps?: Steps;
  counted: number;
  totalsRow?: number;
}

interface Expectation {
  file: string;
  rows: { read: number; imported: number; duplicate: number; rejected: number; notCounted: number; totalsRows: number };
  netSales: FigureExpectation;
  /** Absent: the file has no tax column (no tax figure). */
  tax?: FigureExpectation;
  totalCollected?: FigureExpectation;
}

const EXPECTATIONS: Expectation[] = [
  {
    // Σ "Net Sales" 2.50+3.00+9.00+3.50+2.50−4.50+9.00 = 25.00, every row goods (S, M, L are cup sizes here).
    file: 'items-2026-09-01-2026-09-02-cup-sizes.csv',
    rows: { read: 7, imported: 7, duplicate: 0, rejected: 0, notCounted: 0, totalsRows: 0 },
    netSales: { file: 25, counted: 25 },
    tax: { file: 2.07, counted: 2.07 },
  },
  {
    // Σ "Net Sales" = 1245.06 (the refund is written negative: nothing to turn); Σ "Tax" = 99.60.
    file: 'square-items-2026-07-18-2026-07-20.csv',
    rows: { read: 14, imported: 14, duplicate: 0, rejected: 0, notCounted: 0, totalsRows: 0 },
    netSales: { file: 1245.06, counted: 1245.06 },
    tax: { file: 99.6, counted: 99.6 },
  },
  {
    // One row per payment: Σ "Net Sales" 1312.99, Σ "Tax" 105.04, Σ "Total Collected" 1418.03 (the refund row negative).
    file: 'square-transactions-2018-12-27-2019-01-02.csv',
    rows: { read: 9, imported: 9, duplicate: 0, rejected: 0, notCounted: 0, totalsRows: 0 },
    netSales: { file: 1312.99, counted: 1312.99 },
    tax: { file: 105.04, counted: 105.04 },
    totalCollected: { file: 1418.03, counted: 1418.03 },
  },
  {
    // Σ "Net Sales" = 148.00; the tips (6.00 + 4.00) and the service charge (21.60) are made lines of their own from
    // their columns (+31.60), then shown apart. Tax 11.84 and Total Collected 191.44 as written.
    file: 'square-transactions-2026-06-05-2026-06-06-tips.csv',
    rows: { read: 4, imported: 4, duplicate: 0, rejected: 0, notCounted: 0, totalsRows: 0 },
    netSales: { file: 148, steps: { derived: 31.6, tips: -10, fees: -21.6 }, counted: 148 },
    tax: { file: 11.84, counted: 11.84 },
    totalCollected: { file: 191.44, counted: 191.44 },
  },
  {
    // Line items as written (quantity × price − discount), all 14 rows:
    //  #1001 36.00+12.50 | #1002 21.60+16.20 | #1003 9.50+3.00 (Tip) | #1004 37.50+24.00 (voided)
    //  | #1005 25.00 | #1006 18.00 (cancelled) | #1007 24.00+19.00+5.00 (Tip) | #1008 18.00 = 269.30.
    // Voided: #1004 (2 rows) 61.50 + #1006 (1 row) 18.00 = 79.50.
    // From the orders' columns: shipping 5.00 (#1001) + 5.00 (#1003) + 5.00 − 5.00 (#1005, refunded) + 7.50 (#1007),
    //  and #1005's refund −25.00 → −7.50.
    // Apart: shipping 17.50, tips 3.00 + 5.00 = 8.00. Net sales 269.30 − 79.50 − 7.50 − 17.50 − 8.00 = 156.80.
    // Tax (the orders' Taxes): 3.03+2.36+0.59+3.84+1.56+1.13+2.69+1.13 = 16.33; voided 3.84 + 1.13; #1005's refund −1.56 → 9.80.
    // Total: 56.53+40.16+18.09+70.34+31.56+24.13+58.19+19.13 = 318.13; voided 70.34 + 24.13; refund −31.56 → 192.10.
    file: 'orders_export_1.csv',
    rows: { read: 14, imported: 14, duplicate: 0, rejected: 0, notCounted: 3, totalsRows: 0 },
    netSales: { file: 269.3, steps: { voided: -79.5, derived: -7.5, shipping: -17.5, tips: -8 }, counted: 156.8 },
    tax: { file: 16.33, steps: { voided: -4.97, derived: -1.56 }, counted: 9.8 },
    totalCollected: { file: 318.13, steps: { voided: -94.47, derived: -31.56 }, counted: 192.1 },
  },
  {
    // Σ "Net sales" as written: 3.80+3.20+15.30+7.00+11.40+5.50+3.50 (refund, written positive)+11.00+3.80 (cancelled)
    //  +4.20+6.80+3.80+7.65 = 86.95. Cancelled 1-1005: 14.80 (2 rows). The refund counts −3.50: −7.00. → 65.15.
    // Taxes: all 0.00.
    file: 'receipts-by-item-2025-12-30-2026-01-02.csv',
    rows: { read: 13, imported: 13, duplicate: 0, rejected: 0, notCounted: 2, totalsRows: 0 },
    netSales: { file: 86.95, steps: { voided: -14.8, signs: -7 }, counted: 65.15 },
    tax: { file: 0, counted: 0 },
  },
  {
    // 10.50+3.75+10.80+4.50+4.50 (refund)+24.00 (cancelled)+24.00+9.25 = 91.30; cancelled −24.00; refund turned −9.00 → 58.30.
    file: 'receipts-by-item-2026-07-28-2026-07-30.csv',
    rows: { read: 8, imported: 8, duplicate: 0, rejected: 0, notCounted: 1, totalsRows: 0 },
    netSales: { file: 91.3, steps: { voided: -24, signs: -9 }, counted: 58.3 },
    tax: { file: 0, counted: 0 },
  },
  {
    // Σ "Item Total": 11.00+4.00+8.55+3.00+13.00+5.50 (Refunded = true)+8.00+9.50+3.00+11.00+5.50 = 82.05;
    // the refunded milkshake counts −5.50: −11.00 → 71.05. Tax Amount: 5.12 written, the refund's 0.34 turned: −0.68 → 4.44.
    // "Item Total with Tax/Fee Amount": 87.17 written, the refund's 5.84 turned: −11.68 → 75.49.
    file: 'clover-line-items.csv',
    rows: { read: 11, imported: 11, duplicate: 0, rejected: 0, notCounted: 0, totalsRows: 0 },
    netSales: { file: 82.05, steps: { signs: -11 }, counted: 71.05 },
    tax: { file: 5.12, steps: { signs: -0.68 }, counted: 4.44 },
    totalCollected: { file: 87.17, steps: { signs: -11.68 }, counted: 75.49 },
  },
  {
    // Σ "Net Price": 14+10+6+14.40+6.50 (void)+18+22+8+3 (void)+25.20+8 = 135.10; voided 9.50 (2 rows) → 125.60.
    // Tax 10.81 written, voided 0.52 + 0.24 → 10.05.
    file: 'ItemSelectionDetails.csv',
    rows: { read: 11, imported: 11, duplicate: 0, rejected: 0, notCounted: 2, totalsRows: 0 },
    netSales: { file: 135.1, steps: { voided: -9.5 }, counted: 125.6 },
    tax: { file: 10.81, steps: { voided: -0.76 }, counted: 10.05 },
  },
  {
    // 15+7+27+6+5 (void)+14.50+3+14 = 91.50; voided 5.00 → 86.50. Tax 7.32, voided 0.40 → 6.92.
    file: 'ItemSelectionDetails-short-dates.csv',
    rows: { read: 8, imported: 8, duplicate: 0, rejected: 0, notCounted: 1, totalsRows: 0 },
    netSales: { file: 91.5, steps: { voided: -5 }, counted: 86.5 },
    tax: { file: 7.32, steps: { voided: -0.4 }, counted: 6.92 },
  },
  {
    // Σ Quantity × UnitPrice = 637.32 (the cancellation's quantity is negative already); POSTAGE 54.00 apart → 583.32.
    file: 'Online Retail.csv',
    rows: { read: 16, imported: 16, duplicate: 0, rejected: 0, notCounted: 0, totalsRows: 0 },
    netSales: { file: 637.32, steps: { shipping: -54 }, counted: 583.32 },
  },
  {
    // 529.90, POSTAGE 18.00 apart → 511.90.
    file: 'online_retail_II.csv',
    rows: { read: 12, imported: 12, duplicate: 0, rejected: 0, notCounted: 0, totalsRows: 0 },
    netSales: { file: 529.9, steps: { shipping: -18 }, counted: 511.9 },
  },
  {
    // 1521.71, POSTAGE 40.00 apart → 1481.71.
    file: 'online-retail-eu-semicolon.csv',
    rows: { read: 8, imported: 8, duplicate: 0, rejected: 0, notCounted: 0, totalsRows: 0 },
    netSales: { file: 1521.71, steps: { shipping: -40 }, counted: 1481.71 },
  },
  {
    file: 'online_retail_II-unicode-text.txt',
    rows: { read: 8, imported: 8, duplicate: 0, rejected: 0, notCounted: 0, totalsRows: 0 },
    netSales: { file: 109.77, counted: 109.77 },
  },
  {
    // Σ "Total" over the 8 data rows = 137.50, equal to the file's own Total line (line 15), which is not a sale;
    // Σ "VAT (25.0%)" = 27.50, its Total line says 27.50 too.
    file: 'zettle-report-with-title-and-total.csv',
    rows: { read: 9, imported: 8, duplicate: 0, rejected: 1, notCounted: 0, totalsRows: 1 },
    netSales: { file: 137.5, totalsRow: 137.5, counted: 137.5 },
    tax: { file: 27.5, totalsRow: 27.5, counted: 27.5 },
  },
  {
    file: 'florist-till-export.tsv',
    rows: { read: 8, imported: 8, duplicate: 0, rejected: 0, notCounted: 0, totalsRows: 0 },
    netSales: { file: 181.3, counted: 181.3 },
  },
  {
    file: 'coffee-shop-sales.txt',
    rows: { read: 7, imported: 7, duplicate: 0, rejected: 0, notCounted: 0, totalsRows: 0 },
    netSales: { file: 114.2, counted: 114.2 },
  },
];

function checkFigure(r: Reconciliation, key: ReconciledFigure['key'], e: FigureExpectation | undefined, what: string): void {
  const f = r.figures.find((x) => x.key === key);
  if (!e) {
    assert.equal(f, undefined, `${what}: no ${key} figure (the file has no such column)`);
    return;
  }
  assert.ok(f, `${what}: a ${key} figure`);
  assert.equal(f.file, e.file, `${what}: what the file says (${f.fileSource})`);
  const steps = Object.fromEntries(f.steps.map((s) => [s.id, s.amount]));
  assert.deepEqual(steps, e.steps ?? {}, `${what}: the differences, each explained`);
  assert.equal(f.counted, e.counted, `${what}: what Tillsight counts`);
  assert.equal(f.unexplained, 0, `${what}: nothing unexplained`);
  assert.equal(f.totalsRow?.value ?? null, e.totalsRow ?? null, `${what}: the file's totals row`);
}

function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const db = openDb(tempDbPath());
  return fn(db).finally(() => db.close());
}

describe('reconciliation: every sales layout, against figures worked out by hand', () => {
  it('covers every sales fixture in test/fixtures/layouts', () => {
    const sales = fs.readdirSync(path.join(FIXTURES, 'layouts')).filter((f) => !/^(products|stock-)/.test(f));
    assert.deepEqual(sales.sort(), EXPECTATIONS.map((e) => e.file).sort());
  });
  for (const e of EXPECTATIONS) {
    it(e.file, () =>
      withDb(async (db) => {
        const batch = await importFile(db, layout(e.file));
        const r = reconciliation(db, Number(batch.batchId))!;
        assert.ok(r, 'the batch is there');
        assert.deepEqual(r.rows, e.rows, 'rows');
        assert.equal(r.note, null);
        checkFigure(r, 'netSales', e.netSales, 'net sales');
        checkFigure(r, 'tax', e.tax, 'tax');
        checkFigure(r, 'totalCollected', e.totalCollected, 'total collected');
      }),
    );
  }
});

describe('reconciliation: rows not read, duplicates, other kinds of file', () => {
  it('rows not read and duplicates skipped, on a partly bad file imported twice', () =>
    withDb(async (db) => {
      // partly-bad.csv: 5 good rows, 87.55 (25.50 + 4.95 + 19.80 + 16.50 + 20.80). 5 rows not read: line 5 ("six"),
      // 9 (no quantity) and 12 ("abc") without a readable amount; line 7 (8 × 1.69 = 13.52, impossible date)
      // and line 10 (12 × 0.85 = 10.20, no date) with one: 23.72. The file says 87.55 + 23.72 = 111.27.
      const first = await importFile(db, bad('partly-bad.csv'));
      const r1 = reconciliation(db, Number(first.batchId))!;
      assert.deepEqual(r1.rows, { read: 10, imported: 5, duplicate: 0, rejected: 5, notCounted: 0, totalsRows: 0 });
      checkFigure(r1, 'netSales', { file: 111.27, steps: { rejected: -23.72 }, counted: 87.55 }, 'first import');
      assert.equal(r1.figures[0].steps[0].rows, 5);
      assert.match(r1.figures[0].steps[0].reason, /3 without a readable amount/);
      // Again: the good rows are duplicates now, the bad rows still not read; nothing counted.
      const again = await importFile(db, bad('partly-bad.csv'));
      const r2 = reconciliation(db, Number(again.batchId))!;
      assert.deepEqual(r2.rows, { read: 10, imported: 0, duplicate: 5, rejected: 5, notCounted: 0, totalsRows: 0 });
      checkFigure(r2, 'netSales', { file: 111.27, steps: { rejected: -23.72, duplicates: -87.55 }, counted: 0 }, 'second import');
    }));

  it('an overlapping export: the rows already imported are the difference', () =>
    withDb(async (db) => {
      await importFile(db, path.join(OVERLAP, 'online_retail_II-2010-03-01-to-03-02.csv'));
      const b = await importFile(db, path.join(OVERLAP, 'online_retail_II-2010-03-02-to-03-04.csv'));
      // Part 2: 16.50+13.20+10.20+20.80 (the 4 rows part 1 had) + 17.70 + 18.00 (POST) − 9.90 + 12.75 + 19.80 + 17.70 = 136.75;
      // duplicates 60.70; POSTAGE 18.00 apart → 58.05.
      const r = reconciliation(db, Number(b.batchId))!;
      checkFigure(r, 'netSales', { file: 136.75, steps: { duplicates: -60.7, shipping: -18 }, counted: 58.05 }, 'part 2');
      assert.equal(r.figures[0].steps.find((s) => s.id === 'duplicates')!.rows, 4);
    }));

  it('a product list has no sales to reconcile; an unknown batch is undefined', () =>
    withDb(async (db) => {
      const p = await importFile(db, layout('products.csv'));
      const r = reconciliation(db, Number(p.batchId))!;
      assert.deepEqual(r.figures, []);
      assert.match(r.note ?? '', /no sales to reconcile/);
      assert.equal(reconciliation(db, 999), undefined);
    }));

  it('tillsight reconcile BATCH_ID --json prints the same reconciliation; a missing batch is an error', async () => {
    const dbPath = tempDbPath();
    const db = openDb(dbPath);
    let expected: Reconciliation;
    try {
      const batch = await importFile(db, layout('orders_export_1.csv'));
      expected = reconciliation(db, Number(batch.batchId))!;
    } finally {
      db.close();
    }
    const json = spawnSync(process.execPath, [CLI, 'reconcile', expected.batchId, '--db', dbPath, '--json'], { encoding: 'utf8' });
    assert.equal(json.status, 0, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout), expected);
    const text = spawnSync(process.execPath, [CLI, 'reconcile', expected.batchId, '--db', dbPath], { encoding: 'utf8' });
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /the file says\s+269\.30/);
    assert.match(text.stdout, /Tillsight counts\s+156\.80/);
    assert.match(text.stdout, /− 17\.50\s+shipping/);
    const missing = spawnSync(process.execPath, [CLI, 'reconcile', '42', '--db', dbPath], { encoding: 'utf8' });
    assert.notEqual(missing.status, 0);
    assert.match(missing.stderr, /no import batch 42/);
  });
});
