/**
 * The sample shop generator: a deterministic simulation of "Juniper & Ink",
 * written as real POS exports plus the ground truth.
 *
 *   generateSampleShop({ out, seed?, days?, lines?, onProgress? })
 *
 * Same seed and options ⇒ byte-identical files. The simulation walks the days
 * in order and writes rows as it goes (files are flushed in ~1 MiB batches), so
 * memory does not grow with the number of lines; only the per-customer and
 * per-product state, and refunds not yet due, are held.
 */
import fs from 'node:fs';
import path from 'node:path';
import { placeAnomalies, BURST_WINDOW_DAYS } from './anomalies.js';
import { buildCalendar, WEEKLY_PROFILE } from './calendar.js';
import { priceOn } from './catalog.js';
import { buildOnlineCustomers, buildStoreCustomers, type Customer } from './customers.js';
import { footfall } from './demand.js';
import { GIVEN_NAMES } from './names.js';
import { plainMoney } from './format.js';
import { squareToken } from './ids.js';
import type { Basket, Refund } from './model.js';
import { OnlineShop } from './online.js';
import { makePlan, type PlanOptions, REFUND_PROB } from './plan.js';
import { ShopifyFormatter, SHOPIFY_HEADER } from './shopify.js';
import { SQUARE_HEADER, SquareFormatter, squareProductCells } from './square.js';
import { StockBook } from './stock.js';
import { simulateStoreDay, type StoreContext } from './store-day.js';
import { buildTruth, type RunTotals } from './truth.js';
import { CsvFile } from './writers.js';

export const SAMPLE_FILES = {
  products: 'products.csv',
  square: 'square-items.csv',
  shopify: 'shopify-orders.csv',
  stockCounts: 'stock-counts.csv',
  stockReceipts: 'stock-receipts.csv',
  truth: 'truth.json',
} as const;

/** The CSV files in the order an importer should read them (products first: names, costs). */
export const SAMPLE_IMPORT_ORDER = [
  SAMPLE_FILES.products,
  SAMPLE_FILES.square,
  SAMPLE_FILES.shopify,
  SAMPLE_FILES.stockCounts,
  SAMPLE_FILES.stockReceipts,
] as const;

export interface SampleOptions extends PlanOptions {
  /** Output directory (created if missing; files in it are overwritten). */
  out: string;
  /** Called after each simulated day with (days done, days in total). */
  onProgress?: (done: number, total: number) => void;
}

export interface SampleFileInfo {
  name: string;
  path: string;
  rows: number;
  bytes: number;
}

export interface SampleResult {
  dir: string;
  seed: number;
  from: string;
  to: string;
  days: number;
  locations: number;
  /** Sales lines written: Square rows (payments and refunds) + Shopify rows. */
  lines: number;
  expectedLines: number;
  files: SampleFileInfo[];
}

/**
 * mkdir -p, one level at a time. (Node 20's recursive mkdirSync spins forever
 * on some paths it cannot create, e.g. under /proc, instead of throwing.)
 */
function makeDirs(dir: string): void {
  const missing: string[] = [];
  let d = dir;
  while (!fs.existsSync(d)) {
    missing.push(d);
    const parent = path.dirname(d);
    if (parent === d) break;
    d = parent;
  }
  for (const m of missing.reverse()) fs.mkdirSync(m);
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function generateSampleShop(options: SampleOptions): Promise<SampleResult> {
  const plan = makePlan(options);
  const { calendar, products, promotions, demand, rng } = plan;
  const days = calendar.days;
  const dir = path.resolve(options.out);
  makeDirs(dir);
  const file = (name: string) => path.join(dir, name);

  // products.csv: the catalogue as it stands on the last day.
  const productsFile = new CsvFile(file(SAMPLE_FILES.products), ['SKU', 'Name', 'Category', 'Cost', 'Price', 'Supplier', 'Lead Time Days']);
  for (const p of products) {
    productsFile.values([p.sku, p.name, p.category ?? '', plainMoney(p.costCents), plainMoney(priceOn(p, plan.lastDay)), p.supplier, String(p.leadTimeDays)]);
  }
  productsFile.close();

  const squareFile = new CsvFile(file(SAMPLE_FILES.square), SQUARE_HEADER);
  const shopifyFile = new CsvFile(file(SAMPLE_FILES.shopify), SHOPIFY_HEADER);
  const countsFile = new CsvFile(file(SAMPLE_FILES.stockCounts), ['Date', 'SKU', 'Item', 'On Hand']);
  const receiptsFile = new CsvFile(file(SAMPLE_FILES.stockReceipts), ['Date', 'SKU', 'Item', 'Received']);
  const totalSize = plan.stores.reduce((a, s) => a + s.size, 0);
  const stock = new StockBook(products, demand, days, totalSize * plan.trafficScale, countsFile, receiptsFile);
  stock.open();

  // Stores, their staff and their customers.
  const customerPlan = { firstDay: plan.firstDay, lastDay: plan.lastDay };
  const stores: StoreContext[] = [];
  let customerNumber = 1;
  for (const s of plan.stores) {
    const srng = rng.fork(`store:${s.index}:setup`);
    const customers = buildStoreCustomers(srng.fork('customers'), s.customers, s.index, customerNumber, customerPlan);
    customerNumber += customers.length;
    // One-off visitors come on an open day.
    for (const c of customers) if (c.onceOn !== null) c.onceOn = days[srng.int(days.length)].day;
    const staff = Array.from({ length: 4 }, () => srng.pick(GIVEN_NAMES));
    stores.push({ index: s.index, name: s.name, size: s.size, staff: { morning: staff.slice(0, 2), afternoon: staff.slice(2) }, customers });
  }
  const onlineCustomers = buildOnlineCustomers(rng.fork('online:customers'), plan.onlineCustomers, customerPlan);
  const online = new OnlineShop(products, demand, promotions, onlineCustomers, stock);
  const shopifyFmt = new ShopifyFormatter();
  const tokenRng = rng.fork('tokens');
  const squareFmt = new SquareFormatter(
    products.map((p) => squareProductCells(p, squareToken(tokenRng))),
    plan.stores.map((s) => s.name),
  );

  const anomalies = placeAnomalies(rng.fork('anomalies'), days, promotions, products);
  const anomalyOn = (i: number, store: number) => anomalies.filter((a) => a.dayIndex === i && a.store === store);
  const burst = anomalies.find((a) => a.kind === 'refund-burst')!;
  const burstLines: Array<{ basket: Basket; line: Basket['lines'][number] }> = [];

  const refundsDue: Refund[][] = days.map(() => []);
  // Online orders of the last days are fulfilled after the history ends: look a little past it.
  const openDays = [...days, ...buildCalendar(plan.lastDay + 1, plan.lastDay + 14).days].map((d) => d.open);
  const isOpen = (day: number) => openDays[day - plan.firstDay] ?? true;
  const weeklyMean = WEEKLY_PROFILE.reduce((a, b) => a + b, 0) / 7;

  const totals: RunTotals = {
    squarePaymentLines: 0,
    squareRefundLines: 0,
    squareTransactions: 0,
    squareNetCents: 0,
    shopifyOrders: 0,
    shopifyLines: 0,
    shopifyByStatus: {},
    stockCounts: 0,
    stockReceipts: 0,
    lostUnits: [],
    files: {},
  };

  for (let i = 0; i < days.length; i++) {
    const d = days[i];
    stock.startOfDay(i);
    const dayFootfall = footfall(d, WEEKLY_PROFILE, weeklyMean);
    const refundsToday = refundsDue[i];
    refundsDue[i] = [];
    for (const store of stores) {
      const drng = rng.fork(`store:${store.index}:day:${i}`);
      const here = anomalyOn(i, store.index);
      const factor = here.reduce((f, a) => (a.kind === 'spike' || a.kind === 'drop' ? f * a.magnitude : f), 1);
      const typo = here.find((a) => a.kind === 'till-typo')?.product ?? null;
      const baskets = simulateStoreDay(drng, d, i, store, {
        products,
        demand,
        promotions,
        trafficScale: plan.trafficScale,
        stock,
        anomalyFactor: factor,
        typoProduct: typo,
        footfall: dayFootfall,
      });
      const rows: Array<{ secs: number; row: string }> = [];
      for (const b of baskets) {
        if (b.customer) b.customer.orders++;
        totals.squareTransactions++;
        for (const l of b.lines) {
          rows.push({ secs: b.secs, row: squareFmt.row(b, l, 1, d.day, b.secs) });
          totals.squarePaymentLines++;
          totals.squareNetCents += l.netCents;
          if (l.typo) continue; // the typo stands uncorrected: that is the anomaly
          const inBurstWindow = store.index === burst.store && l.product === burst.product && i >= burst.dayIndex - BURST_WINDOW_DAYS && i < burst.dayIndex;
          if (inBurstWindow) {
            burstLines.push({ basket: b, line: l });
            continue;
          }
          if (drng.chance(REFUND_PROB[l.product.group])) {
            const sameDay = l.product.group === 'cafe' || l.product.group === 'bakery';
            let j = i + (sameDay ? 0 : drng.between(1, 14));
            while (j < days.length && !days[j].open) j++;
            if (j < days.length) refundsDue[j].push({ basket: b, line: l, day: days[j].day, burst: false });
          }
        }
      }
      const refunds = refundsToday.filter((r) => r.basket.store === store.index);
      if (i === burst.dayIndex && store.index === burst.store) {
        for (const { basket, line } of burstLines) refunds.push({ basket, line, day: d.day, burst: true });
        burst.magnitude = burstLines.length;
      }
      for (const r of refunds) {
        const sameDay = r.basket.day === d.day;
        const secs = sameDay
          ? Math.max(r.basket.secs + 60, Math.min(r.basket.secs + 300 + drng.int(5400), d.closeMin * 60 - 60))
          : d.openMin * 60 + drng.int((d.closeMin - d.openMin) * 60);
        rows.push({ secs, row: squareFmt.row(r.basket, r.line, -1, d.day, secs) });
        stock.restock(r.line.product, r.line.qty);
        totals.squareRefundLines++;
        totals.squareNetCents -= r.line.netCents;
      }
      rows.sort((a, b) => a.secs - b.secs);
      for (const r of rows) squareFile.row(r.row);
    }

    const orng = rng.fork(`online:day:${i}`);
    for (const o of online.simulateDay(orng, d, i)) {
      o.customer.orders++;
      const lines = shopifyFmt.rows(orng, o, isOpen);
      for (const row of lines) shopifyFile.row(row);
      totals.shopifyOrders++;
      totals.shopifyLines += lines.length;
      const s = (totals.shopifyByStatus[o.status] ??= { orders: 0, totalCents: 0, refundedCents: 0 });
      s.orders++;
      s.totalCents += o.totalCents;
      s.refundedCents += o.refundedCents;
    }

    stock.endOfDay(i);
    options.onProgress?.(i + 1, days.length);
    if ((i & 7) === 7) await yieldToEventLoop();
  }

  for (const f of [squareFile, shopifyFile, countsFile, receiptsFile]) f.close();
  totals.stockCounts = stock.counts;
  totals.stockReceipts = stock.receipts;
  totals.lostUnits = stock.lostUnits;
  const written = [SAMPLE_FILES.products, SAMPLE_FILES.square, SAMPLE_FILES.shopify, SAMPLE_FILES.stockCounts, SAMPLE_FILES.stockReceipts];
  const fileInfo: SampleFileInfo[] = written.map((name) => {
    const f =
      name === SAMPLE_FILES.products
        ? productsFile
        : name === SAMPLE_FILES.square
          ? squareFile
          : name === SAMPLE_FILES.shopify
            ? shopifyFile
            : name === SAMPLE_FILES.stockCounts
              ? countsFile
              : receiptsFile;
    return { name, path: f.path, rows: f.rows, bytes: f.bytes };
  });
  totals.files = Object.fromEntries(fileInfo.map((f) => [f.name, { rows: f.rows, bytes: f.bytes }]));

  const allStoreCustomers: Customer[] = stores.flatMap((s) => s.customers);
  const truth = buildTruth(plan, anomalies, allStoreCustomers, onlineCustomers, totals);
  const truthText = JSON.stringify(truth, null, 1) + '\n';
  fs.writeFileSync(file(SAMPLE_FILES.truth), truthText);
  fileInfo.push({ name: SAMPLE_FILES.truth, path: file(SAMPLE_FILES.truth), rows: 0, bytes: Buffer.byteLength(truthText) });

  return {
    dir,
    seed: plan.seed,
    from: truth.period.from,
    to: truth.period.to,
    days: plan.days,
    locations: plan.stores.length,
    lines: truth.totals.lines,
    expectedLines: plan.expectedLines,
    files: fileInfo,
  };
}
