/**
 * The gold summaries the dashboards read. An import adds the summaries of the
 * dates it brings as it goes (SummaryAccumulator: a GROUP BY over half a million
 * lines costs more than the import itself); dates that already held data, and
 * every undo, are rebuilt from the lines with SQL (rebuildSummaries).
 * Only counted lines enter; voided receipts stay in sales_lines for the record.
 */
import type { Db } from './db.js';
import { BulkInsert } from './bulk-insert.js';
import { dayToIso, isoToDay, KIND } from './kinds.js';

const SALE = KIND.sale;
const REFUND = KIND.refund;
const CANCEL = KIND.cancel;
const VOID = KIND.void;

export function rebuildSummaries(db: Db, from: string, to: string): void {
  const range = { from, to, fromDay: isoToDay(from), toDay: isoToDay(to) };
  for (const table of ['daily_summary', 'daily_product', 'daily_customer', 'hourly_summary']) {
    db.prepare(`DELETE FROM ${table} WHERE date BETWEEN @from AND @to`).run(range);
  }
  const lines = `(SELECT l.*, printf('%04d-%02d-%02d', l.date / 10000, l.date / 100 % 100, l.date % 100) AS iso, p.is_product
    FROM sales_lines l JOIN products p ON p.id = l.product_id
    WHERE l.date BETWEEN @fromDay AND @toDay AND l.kind <> ${VOID})`;
  const returns = `-sum(CASE WHEN kind IN (${REFUND}, ${CANCEL}) THEN net ELSE 0 END)`;
  const orders = `count(DISTINCT CASE WHEN kind = ${SALE} AND is_product = 1 THEN order_id END)`;
  db.prepare(`
    INSERT INTO daily_summary (date, store_id, net, gross, discount, returns, non_product, units, lines, orders, customers, cost)
    SELECT iso, store_id, sum(net), sum(CASE WHEN kind = ${SALE} THEN gross ELSE 0 END), sum(CASE WHEN kind = ${SALE} THEN discount ELSE 0 END),
      ${returns}, sum(CASE WHEN is_product = 0 THEN net ELSE 0 END), sum(CASE WHEN is_product = 1 THEN quantity ELSE 0 END),
      count(*), ${orders}, count(DISTINCT customer_id), sum(cost)
    FROM ${lines} GROUP BY iso, store_id`).run(range);
  db.prepare(`
    INSERT INTO daily_product (date, product_id, store_id, quantity, net, returns, orders)
    SELECT iso, product_id, store_id, sum(quantity), sum(net), ${returns}, count(DISTINCT CASE WHEN kind = ${SALE} THEN order_id END)
    FROM ${lines} GROUP BY iso, product_id, store_id`).run(range);
  db.prepare(`
    INSERT INTO daily_customer (date, customer_id, net, orders)
    SELECT iso, customer_id, sum(net), ${orders}
    FROM ${lines} WHERE customer_id IS NOT NULL GROUP BY iso, customer_id`).run(range);
  db.prepare(`
    INSERT INTO hourly_summary (date, hour, store_id, weekday, net, orders, units)
    SELECT iso, coalesce(time / 3600, -1), store_id, CAST(strftime('%w', iso) AS INTEGER), sum(net), ${orders},
      sum(CASE WHEN is_product = 1 THEN quantity ELSE 0 END)
    FROM ${lines} GROUP BY iso, 2, store_id`).run(range);
}

export interface AccLine {
  day: number;
  seconds: number | null;
  orderId: number | null;
  productId: number;
  customerId: number | null;
  storeId: number;
  kind: number;
  isProduct: boolean;
  quantity: number;
  gross: number;
  discount: number;
  net: number;
  cost: number | null;
}

interface Daily { net: number; gross: number; discount: number; returns: number; nonProduct: number; units: number; lines: number; orders: number; lastOrder: number; customers: Set<number>; cost: number | null; products: Map<number, Prod> }
interface Prod { quantity: number; net: number; returns: number; orders: number; lastOrder: number }
interface Cust { net: number; orders: number; lastOrder: number }
interface Hour { net: number; orders: number; lastOrder: number; units: number }

// Numeric map keys (no string building per line): store ids stay below 2^16 in any shop.
const STORE_SPAN = 65536;
const dailyKey = (day: number, store: number) => day * STORE_SPAN + store;
const hourKey = (day: number, hour: number, store: number) => (day * 32 + hour + 1) * STORE_SPAN + store;

/**
 * Adds up the lines of one import per day, product, customer and hour, and
 * writes each day's summaries as soon as the file has moved on to another day
 * (flush), so the writing overlaps with the reading thread's parsing instead of
 * following it. Distinct orders are counted by "order changed since the last
 * line of this key", which is exact while each receipt's lines are contiguous
 * in the file.
 *
 * A day is "dirty" — left to an SQL rebuild from the lines at the end (finish) —
 * when a receipt comes back later, when a line of it was a duplicate, when it
 * held data before this import, or when the file comes back to it after its
 * summaries were written (a file not sorted by date).
 */
export class SummaryAccumulator {
  private daily = new Map<number, Daily>();
  private customer = new Map<number, Map<number, Cust>>();
  private hourly = new Map<number, Hour>();
  private keys = 0;
  private readonly dirtyDays = new Set<number>();
  /** Days whose summaries this import has written. */
  private readonly written = new Set<number>();
  private lastDay = -1;
  /** Sales per product per month, from the written days (monthly_product): month → product * STORE_SPAN + store → sums. */
  private readonly monthly = new Map<string, Map<number, { quantity: number; net: number; returns: number; orders: number }>>();
  private out: { daily: BulkInsert; product: BulkInsert; customer: BulkInsert; hourly: BulkInsert } | null = null;
  private currentOrder: number | null = null;
  /** New orders get increasing ids as they first appear, so an id below the highest seen is a receipt coming back. */
  private maxOrder = -1;
  /** Past this many keys the accumulator gives up and the SQL rebuild does the work (bounded memory). */
  overflowed = false;
  private static readonly MAX_KEYS = 400_000;

  add(l: AccLine): void {
    if (this.overflowed || l.kind === VOID) return;
    if (l.day !== this.lastDay) {
      this.lastDay = l.day;
      if (this.written.has(l.day)) this.dirtyDays.add(l.day);
    }
    if (l.storeId >= STORE_SPAN) {
      this.giveUp();
      return;
    }
    if (l.orderId !== this.currentOrder) {
      // Conservative and bounded: an older order (this file's or an earlier import's) marks the day for an SQL rebuild.
      if (l.orderId !== null && l.orderId < this.maxOrder) this.dirtyDays.add(l.day);
      if (l.orderId !== null && l.orderId > this.maxOrder) this.maxOrder = l.orderId;
      this.currentOrder = l.orderId;
    }
    const orderLine = l.kind === SALE && l.isProduct && l.orderId !== null;
    const ret = l.kind === REFUND || l.kind === CANCEL ? -l.net : 0;
    const dk = dailyKey(l.day, l.storeId);
    let d = this.daily.get(dk);
    if (!d) {
      this.daily.set(dk, (d = { net: 0, gross: 0, discount: 0, returns: 0, nonProduct: 0, units: 0, lines: 0, orders: 0, lastOrder: -1, customers: new Set(), cost: null, products: new Map() }));
      this.keys++;
    }
    d.net += l.net;
    if (l.kind === SALE) {
      d.gross += l.gross;
      d.discount += l.discount;
    }
    d.returns += ret;
    if (l.isProduct) d.units += l.quantity;
    else d.nonProduct += l.net;
    d.lines++;
    if (orderLine && d.lastOrder !== l.orderId) {
      d.orders++;
      d.lastOrder = l.orderId!;
    }
    if (l.customerId !== null) d.customers.add(l.customerId);
    if (l.cost !== null) d.cost = (d.cost ?? 0) + l.cost;

    let p = d.products.get(l.productId);
    if (!p) {
      d.products.set(l.productId, (p = { quantity: 0, net: 0, returns: 0, orders: 0, lastOrder: -1 }));
      this.keys++;
    }
    p.quantity += l.quantity;
    p.net += l.net;
    p.returns += ret;
    if (l.kind === SALE && l.orderId !== null && p.lastOrder !== l.orderId) {
      p.orders++;
      p.lastOrder = l.orderId;
    }

    if (l.customerId !== null) {
      let perDay = this.customer.get(l.day);
      if (!perDay) this.customer.set(l.day, (perDay = new Map()));
      let c = perDay.get(l.customerId);
      if (!c) {
        perDay.set(l.customerId, (c = { net: 0, orders: 0, lastOrder: -1 }));
        this.keys++;
      }
      c.net += l.net;
      if (orderLine && c.lastOrder !== l.orderId) {
        c.orders++;
        c.lastOrder = l.orderId!;
      }
    }

    const hk = hourKey(l.day, l.seconds === null ? -1 : Math.floor(l.seconds / 3600), l.storeId);
    let h = this.hourly.get(hk);
    if (!h) {
      this.hourly.set(hk, (h = { net: 0, orders: 0, lastOrder: -1, units: 0 }));
      this.keys++;
    }
    h.net += l.net;
    if (l.isProduct) h.units += l.quantity;
    if (orderLine && h.lastOrder !== l.orderId) {
      h.orders++;
      h.lastOrder = l.orderId!;
    }
    if (this.keys > SummaryAccumulator.MAX_KEYS) this.giveUp();
  }

  private giveUp(): void {
    this.overflowed = true;
    this.daily.clear();
    this.customer.clear();
    this.hourly.clear();
  }

  /** The day's figures can't be added up here: SQL rebuilds them at the end. */
  markDirty(day: number): void {
    this.dirtyDays.add(day);
  }

  /** Every day of this import goes to the SQL rebuild (the lines' dates were rewritten). */
  rebuildAll(): void {
    this.giveUp();
  }

  /**
   * Writes the summaries of every accumulated day except `keep` (the day the
   * file is on), and forgets them. Dirty days are only forgotten.
   */
  flush(db: Db, keep: number): void {
    if (this.overflowed) return;
    const days = new Set<number>();
    for (const k of this.daily.keys()) {
      const day = Math.floor(k / STORE_SPAN);
      if (day !== keep) days.add(day);
    }
    if (!days.size) return;
    const out = (this.out ??= {
      daily: new BulkInsert(db, 'daily_summary', ['date', 'store_id', 'net', 'gross', 'discount', 'returns', 'non_product', 'units', 'lines', 'orders', 'customers', 'cost']),
      product: new BulkInsert(db, 'daily_product', ['date', 'product_id', 'store_id', 'quantity', 'net', 'returns', 'orders']),
      customer: new BulkInsert(db, 'daily_customer', ['date', 'customer_id', 'net', 'orders']),
      hourly: new BulkInsert(db, 'hourly_summary', ['date', 'hour', 'store_id', 'weekday', 'net', 'orders', 'units']),
    });
    const hadData = db.prepare('SELECT 1 FROM daily_summary WHERE date = ? LIMIT 1').pluck();
    for (const day of [...days].sort(byNumber)) {
      const iso = dayToIso(day);
      // A day that held data before this import is rebuilt from all its lines, old and new.
      const write = !this.dirtyDays.has(day) && !this.written.has(day) && hadData.get(iso) === undefined;
      if (write) this.written.add(day);
      else this.dirtyDays.add(day);
      const month = iso.slice(0, 7);
      // Rows go in in key order: appending to a B-tree costs less than inserting into its middle.
      for (const k of [...this.daily.keys()].filter((key) => Math.floor(key / STORE_SPAN) === day).sort(byNumber)) {
        const d = this.daily.get(k)!;
        this.daily.delete(k);
        this.keys -= 1 + d.products.size;
        if (!write) continue;
        const store = k % STORE_SPAN;
        const dv = out.daily;
        dv.value(iso);
        dv.value(store);
        dv.value(d.net);
        dv.value(d.gross);
        dv.value(d.discount);
        dv.value(d.returns);
        dv.value(d.nonProduct);
        dv.value(d.units);
        dv.value(d.lines);
        dv.value(d.orders);
        dv.value(d.customers.size);
        dv.value(d.cost);
        let perMonth = this.monthly.get(month);
        if (!perMonth) this.monthly.set(month, (perMonth = new Map()));
        const pv = out.product;
        for (const productId of [...d.products.keys()].sort(byNumber)) {
          const p = d.products.get(productId)!;
          pv.value(iso);
          pv.value(productId);
          pv.value(store);
          pv.value(p.quantity);
          pv.value(p.net);
          pv.value(p.returns);
          pv.value(p.orders);
          const mk = productId * STORE_SPAN + store;
          const m = perMonth.get(mk);
          if (m) {
            m.quantity += p.quantity;
            m.net += p.net;
            m.returns += p.returns;
            m.orders += p.orders;
          } else perMonth.set(mk, { quantity: p.quantity, net: p.net, returns: p.returns, orders: p.orders });
        }
      }
      const perDay = this.customer.get(day);
      if (perDay) {
        this.customer.delete(day);
        this.keys -= perDay.size;
        if (write) {
          for (const customerId of [...perDay.keys()].sort(byNumber)) {
            const c = perDay.get(customerId)!;
            out.customer.value(iso);
            out.customer.value(customerId);
            out.customer.value(c.net);
            out.customer.value(c.orders);
          }
        }
      }
      const weekday = new Date(iso + 'T00:00:00Z').getUTCDay();
      for (const k of [...this.hourly.keys()].filter((key) => Math.floor(Math.floor(key / STORE_SPAN) / 32) === day).sort(byNumber)) {
        const h = this.hourly.get(k)!;
        this.hourly.delete(k);
        this.keys--;
        if (!write) continue;
        const dh = Math.floor(k / STORE_SPAN);
        const hv = out.hourly;
        hv.value(iso);
        hv.value((dh % 32) - 1);
        hv.value(k % STORE_SPAN);
        hv.value(weekday);
        hv.value(h.net);
        hv.value(h.orders);
        hv.value(h.units);
      }
    }
  }

  /**
   * Completes the summaries of an import of the dates fromIso..toIso: writes the
   * days still held, rebuilds the dirty ones with SQL, and brings monthly_product
   * up to date.
   */
  finish(db: Db, fromIso: string, toIso: string): void {
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
    this.flush(db, NaN);
    if (this.out) for (const o of Object.values(this.out)) o.flush();
    // Months that held data before, or hold a rebuilt day, are regrouped from daily_product by SQL.
    const monthsWithData = new Set(db.prepare('SELECT DISTINCT month FROM monthly_product WHERE month BETWEEN ? AND ?').pluck().all(fromIso.slice(0, 7), toIso.slice(0, 7)) as string[]);
    for (const [a, b] of runs([...this.dirtyDays].sort(byNumber))) rebuildSummaries(db, dayToIso(a), dayToIso(b));
    const sqlMonths = new Set<string>([...monthsWithData, ...[...this.dirtyDays].map((d) => dayToIso(d).slice(0, 7))]);
    const monthly = new BulkInsert(db, 'monthly_product', ['month', 'product_id', 'store_id', 'quantity', 'net', 'returns', 'orders']);
    for (const month of [...this.monthly.keys()].sort()) {
      if (sqlMonths.has(month)) continue;
      const perMonth = this.monthly.get(month)!;
      for (const k of [...perMonth.keys()].sort(byNumber)) {
        const m = perMonth.get(k)!;
        for (const v of [month, Math.floor(k / STORE_SPAN), k % STORE_SPAN, m.quantity, m.net, m.returns, m.orders]) monthly.value(v);
      }
    }
    monthly.flush();
    for (const month of sqlMonths) if (month >= fromIso.slice(0, 7) && month <= toIso.slice(0, 7)) refreshMonthlyProducts(db, `${month}-01`, `${month}-31`);
  }
}

const byNumber = (x: number, y: number) => x - y;

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
  db.prepare(`INSERT INTO monthly_product (month, product_id, store_id, quantity, net, returns, orders)
    SELECT substr(date, 1, 7), product_id, store_id, sum(quantity), sum(net), sum(returns), sum(orders)
    FROM daily_product WHERE date BETWEEN ? AND ? GROUP BY 1, 2, 3`).run(`${first}-01`, `${last}-31`);
}
