/**
 * Every file of the sample shop goes through the ordinary importer with zero
 * rejected rows, and the database then holds what truth.json says (a test of
 * the importer against the exact layouts the generator writes). Then the
 * first-run path: load the default sample shop through the API, refuse a second
 * load, and remove it again without touching the owner's own data.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ImportBatchResult, ProgressEvent } from '../common/api.js';
import { kpis } from '../core/analytics/kpis.js';
import { callApi, type ApiContext } from '../core/api/index.js';
import { importFile } from '../core/import/pipeline.js';
import { openDb, type Db } from '../core/store/db.js';
import { cents, readCsvFile } from '../sample-data/csv-read.js';
import { hasSampleData, loadSampleShop, removeSampleData } from '../sample-data/first-run.js';
import { generateSampleShop, SAMPLE_FILES, SAMPLE_IMPORT_ORDER } from '../sample-data/generator.js';
import type { SampleTruth } from '../sample-data/truth.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tillsight-sample-import-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));

const EXPECTED_PROFILE: Record<string, string> = {
  [SAMPLE_FILES.products]: 'products',
  [SAMPLE_FILES.square]: 'square-items',
  [SAMPLE_FILES.shopify]: 'shopify-orders',
  [SAMPLE_FILES.stockCounts]: 'stock',
  [SAMPLE_FILES.stockReceipts]: 'stock',
};
const MAIN = 'Juniper & Ink Main St';
const ONLINE = 'Juniper & Ink Online';

/** Shopify net sales as the import contract counts them: orders never cancelled; items after discounts, shipping, tips, less partial refunds. */
function shopifyCountedNet(rows: Array<Record<string, string>>): number {
  let total = 0;
  let cancelled = false;
  for (const r of rows) {
    if (r['Financial Status']) {
      cancelled = r['Cancelled at'] !== '';
      if (!cancelled) total += cents(r.Shipping) - (r['Financial Status'] === 'partially_refunded' ? cents(r['Refunded Amount']) : 0);
    }
    if (!cancelled) total += cents(r['Lineitem price']) * Number(r['Lineitem quantity']) - cents(r['Lineitem discount']);
  }
  return total;
}

/**
 * Shopify net sales as Shopify reports them: line items of orders never cancelled, after their discounts,
 * without the shipping, the tips (line items named "Tip") and the order-level refunds, which are counted apart.
 */
function shopifyNetSales(rows: Array<Record<string, string>>): number {
  let total = 0;
  let cancelled = false;
  for (const r of rows) {
    if (r['Financial Status']) cancelled = r['Cancelled at'] !== '';
    if (!cancelled && r['Lineitem name'] !== 'Tip') total += cents(r['Lineitem price']) * Number(r['Lineitem quantity']) - cents(r['Lineitem discount']);
  }
  return total;
}

describe('importing a generated shop file by file (60 days)', () => {
  const dir = path.join(root, 'shop');
  let db: Db;
  let truth: SampleTruth;
  const results = new Map<string, ImportBatchResult>();
  before(async () => {
    await generateSampleShop({ out: dir, seed: 9, days: 60 });
    truth = JSON.parse(fs.readFileSync(path.join(dir, SAMPLE_FILES.truth), 'utf8')) as SampleTruth;
    db = openDb(path.join(root, 'files.db'));
    for (const name of SAMPLE_IMPORT_ORDER) {
      const store = name === SAMPLE_FILES.shopify ? ONLINE : name.startsWith('stock') ? MAIN : undefined;
      results.set(name, await importFile(db, path.join(dir, name), { sample: true, ...(store ? { store } : {}) }));
    }
  });
  after(() => db?.close());

  it('recognises every layout and rejects no row', () => {
    for (const name of SAMPLE_IMPORT_ORDER) {
      const r = results.get(name)!;
      const rows = readCsvFile(path.join(dir, name)).rows.length;
      assert.equal(r.profile, EXPECTED_PROFILE[name], `${name} read as ${r.profile}`);
      assert.equal(r.rowsRejected, 0, `${name}: ${JSON.stringify(r.rejected.slice(0, 5))}`);
      assert.equal(r.rowsRead, rows, `${name}: rows read`);
      assert.equal(r.rowsDuplicate, 0, `${name}: distinct rows taken for duplicates`);
      assert.equal(r.rowsImported, rows, name);
    }
    const batches = db.prepare('SELECT count(*) AS n FROM import_batches WHERE is_sample = 1').get() as { n: number };
    assert.equal(batches.n, SAMPLE_IMPORT_ORDER.length);
    assert.equal(results.get(SAMPLE_FILES.square)!.minDate, truth.period.from);
    assert.equal(results.get(SAMPLE_FILES.square)!.maxDate, truth.period.to);
  });

  it('holds the Square sales, refunds and customers truth.json counts', () => {
    const sq = db
      .prepare(
        `SELECT count(*) AS lines, sum(kind = 'refund') AS refunds, sum(net) AS net, count(DISTINCT receipt) AS receipts
      FROM sales_lines_readable WHERE store = ?`,
      )
      .get(MAIN) as { lines: number; refunds: number; net: number; receipts: number };
    assert.equal(sq.lines, truth.totals.squarePaymentLines + truth.totals.squareRefundLines);
    assert.equal(sq.refunds, truth.totals.squareRefundLines);
    assert.equal(Math.round(sq.net * 100), Math.round(truth.totals.squareNetSales * 100));
    assert.equal(sq.receipts, truth.totals.squareTransactions);
    const buyers = truth.customers.square.filter((c: { orders: number }) => c.orders > 0).length;
    const ids = db.prepare("SELECT count(DISTINCT customer) AS n FROM sales_lines_readable WHERE store = ? AND customer LIKE 'id:%'").get(MAIN) as {
      n: number;
    };
    assert.equal(ids.n, buyers);
  });

  it('counts Shopify orders as the contract says: voided and cancelled orders are not sales', () => {
    const rows = readCsvFile(path.join(dir, SAMPLE_FILES.shopify)).rows;
    const online = db
      .prepare(
        `SELECT sum(CASE WHEN kind = 'void' THEN 0 ELSE net END) AS net, count(DISTINCT receipt) AS orders,
      count(DISTINCT customer) AS customers FROM sales_lines_readable WHERE store = ?`,
      )
      .get(ONLINE) as { net: number; orders: number; customers: number };
    assert.equal(Math.round(online.net * 100), shopifyCountedNet(rows));
    assert.equal(online.orders, truth.totals.shopifyOrders);
    assert.equal(online.customers, truth.customers.shopify.filter((c: { orders: number }) => c.orders > 0).length);
    // Rows of cancelled orders (the order's first row carries Cancelled at) are kept but not counted.
    let voidRows = 0;
    let cancelled = false;
    for (const r of rows) {
      if (r['Financial Status']) cancelled = r['Cancelled at'] !== '';
      if (cancelled) voidRows++;
    }
    assert.equal(results.get(SAMPLE_FILES.shopify)!.rowsNotCounted, voidRows);
    // The headline figure covers both channels' goods; the shop's shipping, tips and order-level refunds are apart.
    const k = kpis(db, {});
    assert.equal(Math.round(k.netSales * 100), Math.round(truth.totals.squareNetSales * 100) + shopifyNetSales(rows));
    assert.equal(Math.round((k.netSales + k.nonProductSales) * 100), Math.round(truth.totals.squareNetSales * 100) + shopifyCountedNet(rows));
  });

  it('holds every stock count and receipt, and every product of the list', () => {
    const moves = db.prepare('SELECT count(*) AS n FROM stock_movements').get() as { n: number };
    assert.equal(moves.n, truth.totals.stockCounts + truth.totals.stockReceipts);
    const skus = db.prepare("SELECT count(DISTINCT sku) AS n FROM products WHERE sku IS NOT NULL AND sku <> ''").get() as { n: number };
    assert.equal(skus.n, truth.demand.products.length);
  });

  it('re-importing a file adds nothing: every row is a duplicate', async () => {
    const again = await importFile(db, path.join(dir, SAMPLE_FILES.square), { sample: true });
    assert.equal(again.rowsImported, 0);
    assert.equal(again.rowsDuplicate, again.rowsRead);
  });
});

describe('first run: the default sample shop through the API', () => {
  const dbPath = path.join(root, 'app.db');
  let db: Db;
  let ctx: ApiContext;
  const events: ProgressEvent[] = [];
  before(() => {
    db = openDb(dbPath);
    ctx = { db, dbPath, uploadDir: path.join(root, 'uploads'), emitProgress: (e) => events.push(e) };
  });
  after(() => db?.close());

  it('loads, refuses a second load, and removes only the sample batches', async () => {
    // The owner's own file, imported first, must survive the removal.
    const own = path.join(root, 'own');
    await generateSampleShop({ out: own, seed: 77, days: 30 });
    const ownBatch = await importFile(db, path.join(own, SAMPLE_FILES.products), { sample: false });
    assert.equal(hasSampleData(db), false);

    const loading = callApi(ctx, 'sampleLoad', { taskId: 'first-run' });
    // A second click while the first load runs is refused, not a second copy.
    await assert.rejects(callApi(ctx, 'sampleLoad', {}), (e: Error & { code?: string }) => e.code === 'refused');
    const loaded = await loading;
    assert.equal(loaded.batches.length, SAMPLE_IMPORT_ORDER.length);
    for (const b of loaded.batches) assert.equal(b.rowsRejected, 0, `${b.file}: ${JSON.stringify(b.rejected.slice(0, 3))}`);
    const sales = loaded.batches.find((b) => b.profile === 'square-items')!;
    assert.ok(sales.rowsImported > 90_000, `${sales.rowsImported} Square rows`);
    assert.equal(hasSampleData(db), true);
    assert.ok(events.every((e) => e.taskId === 'first-run'));
    const phases = new Set(events.map((e) => e.phase));
    assert.ok(
      [...phases].some((p) => /sample shop/i.test(p)),
      `phases: ${[...phases].join(', ')}`,
    );
    assert.ok(phases.has('Importing square-items.csv'), `phases: ${[...phases].join(', ')}`);
    assert.ok(kpis(db, {}).netSales > 500_000);

    await assert.rejects(callApi(ctx, 'sampleLoad', {}), (e: Error & { code?: string }) => e.code === 'refused');

    const removed = await callApi(ctx, 'sampleRemove', {});
    assert.equal(removed.batchesRemoved, SAMPLE_IMPORT_ORDER.length);
    assert.equal(hasSampleData(db), false);
    const left = db.prepare('SELECT id, is_sample FROM import_batches').all() as Array<{ id: number; is_sample: number }>;
    assert.deepEqual(
      left.map((b) => String(b.id)),
      [ownBatch.batchId],
    );
    assert.equal((db.prepare('SELECT count(*) AS n FROM sales_lines').get() as { n: number }).n, 0);
    assert.equal(kpis(db, {}).netSales, 0);
    assert.equal(removeSampleData(db).batchesRemoved, 0, 'removing again is a no-op');
  });

  it('a load cancelled while generating writes nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(loadSampleShop(db, { days: 40, signal: controller.signal }), (e: Error) => e.name === 'ImportCancelled');
    assert.equal(hasSampleData(db), false);
  });

  it('leaves no temporary folder behind, also when an import fails', async () => {
    const before = new Set(fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('tillsight-sample-')));
    const controller = new AbortController();
    const failing = loadSampleShop(db, {
      days: 40,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase.startsWith('Importing shopify')) controller.abort();
      },
    });
    await assert.rejects(failing);
    const now = fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('tillsight-sample-') && !before.has(f));
    assert.deepEqual(now, []);
    assert.equal(hasSampleData(db), false, 'a failed load is undone');
  });
});
