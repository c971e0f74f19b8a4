/**
 * The gold summaries the dashboards read. An import adds the summaries of the
 * dates it brings as it goes (SummaryAccumulator in the reading thread,
 * SummaryWriter here: a GROUP BY over half a million lines costs more than the
 * import itself); dates that already held data, and every undo, are rebuilt
 * from the lines with SQL (rebuildSummaries).
 * Only counted lines enter; voided receipts stay in sales_lines for the record.
 */
import type { Db } from './db.js';
import { BulkInsert } from './bulk-insert.js';
import { dayToIso, isoToDay, KIND } from './kinds.js';
import { PACKED_WIDTH, type PackedDays } from './summary-accumulator.js';

const SALE = KIND.sale;
const REFUND = KIND.refund;
const CANCEL = KIND.cancel;
const VOID = KIND.void;

export function rebuildSummaries(db: Db, from: string, to: string): void {
  const range = { from, to, fromDay: isoToDay(from), toDay: isoToDay(to) };
  for (const table of ['daily_summary', 'daily_product', 'daily_customer', 'hourly_summary']) {
    db.prepare(`DELETE FROM ${table} WHERE date BETWEEN @from AND @to`).run(range);
  }
  const lines = `(SELECT l.*, printf('%04d-%02d-%02d', l.date / 10000, l.date / 100 % 100, l.date % 100) AS iso, p.is_product, p.non_product_kind AS charge
    FROM sales_lines l JOIN products p ON p.id = l.product_id
    WHERE l.date BETWEEN @fromDay AND @toDay AND l.kind <> ${VOID})`;
  const returns = `-sum(CASE WHEN kind IN (${REFUND}, ${CANCEL}) THEN net ELSE 0 END)`;
  const orders = `count(DISTINCT CASE WHEN kind = ${SALE} AND is_product = 1 THEN order_id END)`;
  // Net sales, gross, discounts and returns are of goods only; non-product lines are summed apart, by class.
  const goods = (expr: string, when = 'true') => `coalesce(sum(CASE WHEN is_product = 1 AND ${when} THEN ${expr} END), 0)`;
  const charge = (kind: string) => `coalesce(sum(CASE WHEN is_product = 0 AND charge = '${kind}' THEN net END), 0)`;
  db.prepare(
    `
    INSERT INTO daily_summary (date, store_id, net, gross, discount, returns, non_product, units, lines, orders, customers, cost, tax, collected, shipping, tips, fees)
    SELECT iso, store_id, ${goods('net')}, ${goods('gross', `kind = ${SALE}`)}, ${goods('discount', `kind = ${SALE}`)},
      ${goods('-net', `kind IN (${REFUND}, ${CANCEL})`)}, sum(CASE WHEN is_product = 0 THEN net ELSE 0 END), ${goods('quantity')},
      count(*), ${orders}, count(DISTINCT customer_id), sum(cost), sum(tax), sum(collected), ${charge('shipping')}, ${charge('tip')}, ${charge('fee')}
    FROM ${lines} GROUP BY iso, store_id`,
  ).run(range);
  db.prepare(
    `
    INSERT INTO daily_product (date, product_id, store_id, quantity, net, returns, orders)
    SELECT iso, product_id, store_id, sum(quantity), sum(net), ${returns}, count(DISTINCT CASE WHEN kind = ${SALE} THEN order_id END)
    FROM ${lines} GROUP BY iso, product_id, store_id`,
  ).run(range);
  db.prepare(
    `
    INSERT INTO daily_customer (date, customer_id, net, orders)
    SELECT iso, customer_id, sum(net), ${orders}
    FROM ${lines} WHERE customer_id IS NOT NULL GROUP BY iso, customer_id`,
  ).run(range);
  db.prepare(
    `
    INSERT INTO hourly_summary (date, hour, store_id, weekday, net, orders, units)
    SELECT iso, coalesce(time / 3600, -1), store_id, CAST(strftime('%w', iso) AS INTEGER), ${goods('net')}, ${orders},
      sum(CASE WHEN is_product = 1 THEN quantity ELSE 0 END)
    FROM ${lines} GROUP BY iso, 2, store_id`,
  ).run(range);
}

// Numeric map keys: store ids stay below 2^16 in any shop.
const STORE_SPAN = 65536;

/** One product's sums in one month at one store (monthly_product). */
interface MonthSums {
  quantity: number;
  net: number;
  returns: number;
  orders: number;
}

/** Database ids of the reader's local dimension numbers, by number (see core/import/dimensions.ts). */
export interface LocalIds {
  stores: number[];
  products: number[];
  customers: number[];
}

/**
 * Writes the day summaries the reading thread adds up (SummaryAccumulator in
 * summary-accumulator.ts) as they arrive, so the writing overlaps with the
 * parsing; a month's product sums follow when the file moves past the month.
 * At the end of an import (finish) dirty days are rebuilt from the lines with
 * SQL, and months that held data before are regrouped.
 */
export class SummaryWriter {
  private readonly dirtyDays = new Set<number>();
  /** Days whose summaries this import has written. */
  private readonly written = new Set<number>();
  private overflowed = false;
  /** Sales per product per month, from the written days (monthly_product): month → product * STORE_SPAN + store → sums. */
  private readonly monthly = new Map<string, Map<number, MonthSums>>();
  private readonly daily: BulkInsert;
  private readonly product: BulkInsert;
  private readonly customer: BulkInsert;
  private readonly hourly: BulkInsert;
  private readonly hadData;
  /** monthly_product rows of the months this import has left behind, added to what is there. */
  private readonly monthlyOut: BulkInsert;
  /** Whether monthly_product held a month before this import wrote to it (then SQL regroups the month at the end). */
  private readonly monthHadData = new Map<string, boolean>();
  private readonly monthHasRows;

  constructor(private readonly db: Db) {
    this.daily = new BulkInsert(db, 'daily_summary', [
      'date',
      'store_id',
      'net',
      'gross',
      'discount',
      'returns',
      'non_product',
      'units',
      'lines',
      'orders',
      'customers',
      'cost',
      'tax',
      'collected',
      'shipping',
      'tips',
      'fees',
    ]);
    this.product = new BulkInsert(db, 'daily_product', ['date', 'product_id', 'store_id', 'quantity', 'net', 'returns', 'orders'], {
      shared: ['date', 'store_id'],
    });
    this.customer = new BulkInsert(db, 'daily_customer', ['date', 'customer_id', 'net', 'orders'], { shared: ['date'] });
    this.hourly = new BulkInsert(db, 'hourly_summary', ['date', 'hour', 'store_id', 'weekday', 'net', 'orders', 'units'], {
      shared: ['date', 'store_id', 'weekday'],
    });
    this.hadData = db.prepare('SELECT 1 FROM daily_summary WHERE date = ? LIMIT 1').pluck();
    this.monthHasRows = db.prepare('SELECT 1 FROM monthly_product WHERE month = ? LIMIT 1').pluck();
    // A month met again later (a file not sorted by date) adds to the rows written the first time.
    this.monthlyOut = new BulkInsert(db, 'monthly_product', ['month', 'product_id', 'store_id', 'quantity', 'net', 'returns', 'orders'], {
      shared: ['month', 'store_id'],
      onConflict: `(month, product_id, store_id) DO UPDATE SET quantity = quantity + excluded.quantity, net = net + excluded.net,
        returns = returns + excluded.returns, orders = orders + excluded.orders`,
    });
  }

  /** The day's figures can't be added up: SQL rebuilds it at the end (a duplicate line was on it). */
  markDirty(day: number): void {
    this.dirtyDays.add(day);
  }

  /** Every day of the import goes to the SQL rebuild (the lines' dates were rewritten). */
  rebuildAll(): void {
    this.overflowed = true;
  }

  /**
   * Writes the summaries of the days in `packed`, except dirty days: those the
   * reader flagged, those with a duplicate line, those that held data before
   * this import (rebuilt from all their lines, old and new).
   */
  write(packed: PackedDays, ids: LocalIds): void {
    for (const day of packed.dirty) this.dirtyDays.add(day);
    if (packed.overflowed) this.overflowed = true;
    if (this.overflowed) return;
    const W = PACKED_WIDTH;
    const iso = new Map<number, string>();
    // Which days are written: decided once per day, before any of its rows.
    const { daily, products, customers, hourly } = packed;
    for (let o = 0; o < daily.length; o += W.daily) {
      const day = daily[o];
      if (iso.has(day)) continue;
      const date = dayToIso(day);
      iso.set(day, date);
      if (this.dirtyDays.has(day) || this.written.has(day) || this.hadData.get(date) !== undefined) this.dirtyDays.add(day);
      else this.written.add(day);
    }
    const writes = (day: number) => !this.dirtyDays.has(day);
    for (let o = 0; o < daily.length; o += W.daily) {
      const day = daily[o];
      if (!writes(day)) continue;
      const v = this.daily;
      v.value(iso.get(day));
      v.value(ids.stores[daily[o + 1]]);
      for (let c = 2; c < 11; c++) v.value(daily[o + c]);
      // cost, tax, collected: NaN when no line had one
      for (let c = 11; c < 14; c++) v.value(Number.isNaN(daily[o + c]) ? null : daily[o + c]);
      for (let c = 14; c < 17; c++) v.value(daily[o + c]);
    }
    this.writeProducts(products, ids, iso, writes);
    // Months before the newest one written are (most likely) complete: their monthly rows go now, not at the end.
    let newest = '';
    for (const date of iso.values()) if (date > newest) newest = date;
    for (const month of [...this.monthly.keys()]) if (month < newest.slice(0, 7)) this.writeMonth(month);
    for (let o = 0; o < customers.length; o += W.customers) {
      const day = customers[o];
      if (!writes(day)) continue;
      // Customer rows come in local-number order; new customers' ids follow it, so the index takes them in order.
      const v = this.customer;
      v.value(iso.get(day));
      v.value(ids.customers[customers[o + 1]]);
      v.value(customers[o + 2]);
      v.value(customers[o + 3]);
    }
    for (let o = 0; o < hourly.length; o += W.hourly) {
      const day = hourly[o];
      if (!writes(day)) continue;
      const date = iso.get(day)!;
      const v = this.hourly;
      v.value(date);
      v.value(hourly[o + 1]);
      v.value(ids.stores[hourly[o + 2]]);
      v.value(new Date(date + 'T00:00:00Z').getUTCDay());
      v.value(hourly[o + 3]);
      v.value(hourly[o + 4]);
      v.value(hourly[o + 5]);
    }
  }

  /** daily_product rows in (date, product id, store id) order, and their monthly sums. */
  private writeProducts(products: Float64Array, ids: LocalIds, iso: Map<number, string>, writes: (day: number) => boolean): void {
    const W = PACKED_WIDTH.products;
    let o = 0;
    while (o < products.length) {
      // One day and store at a time: its rows, sorted by database id (local order is id order for new products).
      const day = products[o];
      const store = products[o + 2];
      let end = o;
      while (end < products.length && products[end] === day && products[end + 2] === store) end += W;
      if (writes(day)) {
        const date = iso.get(day)!;
        const month = date.slice(0, 7);
        const storeId = ids.stores[store];
        let perMonth = this.monthly.get(month);
        if (!perMonth) this.monthly.set(month, (perMonth = new Map<number, MonthSums>()));
        const rows: number[] = [];
        let sorted = true;
        for (let r = o, last = -1; r < end; r += W) {
          const id = ids.products[products[r + 1]];
          if (id < last) sorted = false;
          last = id;
          rows.push(r);
        }
        if (!sorted) sortByProductId(rows, products, ids.products);
        const v = this.product;
        for (const r of rows) {
          const productId = ids.products[products[r + 1]];
          v.value(date);
          v.value(productId);
          v.value(storeId);
          v.value(products[r + 3]);
          v.value(products[r + 4]);
          v.value(products[r + 5]);
          v.value(products[r + 6]);
          const mk = productId * STORE_SPAN + storeId;
          const m = perMonth.get(mk);
          if (m) {
            m.quantity += products[r + 3];
            m.net += products[r + 4];
            m.returns += products[r + 5];
            m.orders += products[r + 6];
          } else perMonth.set(mk, { quantity: products[r + 3], net: products[r + 4], returns: products[r + 5], orders: products[r + 6] });
        }
      }
      o = end;
    }
  }

  /** Writes a month's sums from this import's days, unless the month held data before (SQL regroups those). */
  private writeMonth(month: string): void {
    const perMonth = this.monthly.get(month)!;
    this.monthly.delete(month);
    let had = this.monthHadData.get(month);
    if (had === undefined) this.monthHadData.set(month, (had = this.monthHasRows.get(month) !== undefined));
    if (had) return;
    const out = this.monthlyOut;
    for (const k of [...perMonth.keys()].sort(byNumber)) {
      const m = perMonth.get(k)!;
      for (const v of [month, Math.floor(k / STORE_SPAN), k % STORE_SPAN, m.quantity, m.net, m.returns, m.orders]) out.value(v);
    }
  }

  /**
   * Completes the summaries of an import of the dates fromIso..toIso: rebuilds
   * the dirty days with SQL and brings monthly_product up to date.
   */
  finish(fromIso: string, toIso: string): void {
    const db = this.db;
    for (const out of [this.daily, this.product, this.customer, this.hourly]) out.flush();
    if (this.overflowed) {
      // Written days may lie outside the range when the lines' dates were rewritten (rebuildAll).
      let from = fromIso;
      let to = toIso;
      for (const day of this.written) {
        const iso = dayToIso(day);
        if (iso < from) from = iso;
        if (iso > to) to = iso;
      }
      rebuildSummaries(db, from, to);
      refreshMonthlyProducts(db, from, to);
      return;
    }
    for (const month of [...this.monthly.keys()].sort()) this.writeMonth(month);
    this.monthlyOut.flush();
    for (const [a, b] of runs([...this.dirtyDays].sort(byNumber))) rebuildSummaries(db, dayToIso(a), dayToIso(b));
    // Months that held data before, or hold a rebuilt day, are regrouped from daily_product by SQL.
    const sqlMonths = new Set<string>([...this.monthHadData].filter(([, had]) => had).map(([m]) => m));
    for (const d of this.dirtyDays) sqlMonths.add(dayToIso(d).slice(0, 7));
    for (const month of sqlMonths) if (month >= fromIso.slice(0, 7) && month <= toIso.slice(0, 7)) refreshMonthlyProducts(db, `${month}-01`, `${month}-31`);
  }
}

const byNumber = (x: number, y: number) => x - y;

/** Rows of one day and store (offsets into packed products) in product id order. */
function sortByProductId(rows: number[], products: Float64Array, productIds: number[]): void {
  const span = 2 ** 21;
  if (rows.length >= span) {
    rows.sort((x, y) => productIds[products[x + 1]] - productIds[products[y + 1]]);
    return;
  }
  // Sort numbers "id * span + position" in a typed array: natively, with no call back into JS per comparison.
  const keys = new Float64Array(rows.length);
  for (let k = 0; k < rows.length; k++) keys[k] = productIds[products[rows[k] + 1]] * span + k;
  keys.sort();
  const was = rows.slice();
  for (let k = 0; k < keys.length; k++) rows[k] = was[keys[k] % span]!;
}

/** [1,2,3,7,8] -> [[1,3],[7,8]] for YYYYMMDD days (consecutive calendar days join a run). */
function runs(days: number[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const d of days) {
    const last = out.at(-1);
    if (last && nextDay(last[1]) >= d) last[1] = d;
    else out.push([d, d]);
  }
  return out;
}

function nextDay(day: number): number {
  const iso = dayToIso(day);
  const t = new Date(iso + 'T00:00:00Z');
  t.setUTCDate(t.getUTCDate() + 1);
  return isoToDay(t.toISOString().slice(0, 10));
}

/** Customers with a purchase between two dates (before an undo removes them: their summaries change too). */
export function customersBetween(db: Db, from: string, to: string): number[] {
  return db.prepare('SELECT DISTINCT customer_id FROM daily_customer WHERE date BETWEEN ? AND ?').pluck().all(from, to) as number[];
}

/**
 * Recomputes customer_summary and customer_month for the given customers from
 * daily_customer (a customer left with no purchases loses both).
 */
export function refreshCustomers(db: Db, customerIds: Iterable<number>): void {
  db.exec('CREATE TEMP TABLE IF NOT EXISTS touched_customers (id INTEGER PRIMARY KEY); DELETE FROM temp.touched_customers;');
  const add = db.prepare('INSERT OR IGNORE INTO temp.touched_customers (id) VALUES (?)');
  for (const id of customerIds) add.run(id);
  db.exec(`
    DELETE FROM customer_summary WHERE customer_id IN (SELECT id FROM temp.touched_customers);
    DELETE FROM customer_month WHERE customer_id IN (SELECT id FROM temp.touched_customers);
    INSERT INTO customer_summary (customer_id, first_date, last_date, orders, net)
      SELECT customer_id, min(date), max(date), sum(orders), sum(net) FROM daily_customer
      WHERE customer_id IN (SELECT id FROM temp.touched_customers) GROUP BY customer_id;
    INSERT INTO customer_month (customer_id, month)
      SELECT DISTINCT customer_id, substr(date, 1, 7) FROM daily_customer WHERE customer_id IN (SELECT id FROM temp.touched_customers);
    DELETE FROM temp.touched_customers;`);
}

/** Recomputes monthly_product for every month that overlaps [from, to], from daily_product. */
export function refreshMonthlyProducts(db: Db, from: string, to: string): void {
  const first = from.slice(0, 7);
  const last = to.slice(0, 7);
  db.prepare('DELETE FROM monthly_product WHERE month BETWEEN ? AND ?').run(first, last);
  db.prepare(
    `INSERT INTO monthly_product (month, product_id, store_id, quantity, net, returns, orders)
    SELECT substr(date, 1, 7), product_id, store_id, sum(quantity), sum(net), sum(returns), sum(orders)
    FROM daily_product WHERE date BETWEEN ? AND ? GROUP BY 1, 2, 3`,
  ).run(`${first}-01`, `${last}-31`);
}
