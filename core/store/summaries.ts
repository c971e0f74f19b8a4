/**
 * The gold summaries the dashboards read. An import adds the summaries of the
 * dates it brings as it goes (SummaryAccumulator: a GROUP BY over half a million
 * lines costs more than the import itself); dates that already held data, and
 * every undo, are rebuilt from the lines with SQL (rebuildSummaries).
 * Only counted lines enter; voided receipts stay in sales_lines for the record.
 */
import type { Db } from './db.js';
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
 * Adds up the lines of one import per day, product, customer and hour.
 * Distinct orders are counted by "order changed since the last line of this
 * key", which is exact while each receipt's lines are contiguous in the file;
 * a receipt that comes back later marks its day dirty, to be rebuilt with SQL.
 */
export class SummaryAccumulator {
  private daily = new Map<number, Daily>();
  private customer = new Map<number, Map<number, Cust>>();
  private hourly = new Map<number, Hour>();
  private keys = 0;
  readonly dirtyDays = new Set<number>();
  private currentOrder: number | null = null;
  /** New orders get increasing ids as they first appear, so an id below the highest seen is a receipt coming back. */
  private maxOrder = -1;
  /** Past this many keys the accumulator gives up and the SQL rebuild does the work (bounded memory). */
  overflowed = false;
  private static readonly MAX_KEYS = 400_000;

  add(l: AccLine): void {
    if (this.overflowed || l.kind === VOID) return;
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

  /**
   * Writes the summaries of the batch's days: accumulated figures for days that
   * held no data before and saw no conflict, SQL rebuilds for the others.
   */
  write(db: Db, fromIso: string, toIso: string, conflictDays: Set<number>): void {
    if (this.overflowed) {
      rebuildSummaries(db, fromIso, toIso);
      refreshMonthlyProducts(db, fromIso, toIso);
      return;
    }
    // Months that already held data, or hold a rebuilt day, are regrouped from daily_product by SQL below.
    const monthsWithData = new Set(db.prepare('SELECT DISTINCT month FROM monthly_product WHERE month BETWEEN ? AND ?').pluck().all(fromIso.slice(0, 7), toIso.slice(0, 7)) as string[]);
    const existing = (db.prepare('SELECT DISTINCT date FROM daily_summary WHERE date BETWEEN ? AND ?').pluck().all(fromIso, toIso) as string[]).map(isoToDay);
    const dirty = new Set<number>([...this.dirtyDays, ...conflictDays, ...existing]);
    for (const [a, b] of runs([...dirty].sort((x, y) => x - y))) rebuildSummaries(db, dayToIso(a), dayToIso(b));

    const sqlMonths = new Set<string>([...monthsWithData, ...[...dirty].map((d) => dayToIso(d).slice(0, 7))]);
    const monthly = new Map<string, { month: string; product: number; store: number; quantity: number; net: number; returns: number; orders: number }>();
    const daily: unknown[][] = [];
    const product: unknown[][] = [];
    const customer: unknown[][] = [];
    const hourly: unknown[][] = [];
    const isoCache = new Map<number, string>();
    const iso = (day: number) => isoCache.get(day) ?? (isoCache.set(day, dayToIso(day)), isoCache.get(day)!);
    for (const [k, d] of this.daily) {
      const day = Math.floor(k / STORE_SPAN);
      if (dirty.has(day)) continue;
      const store = k % STORE_SPAN;
      daily.push([iso(day), store, d.net, d.gross, d.discount, d.returns, d.nonProduct, d.units, d.lines, d.orders, d.customers.size, d.cost]);
      const month = iso(day).slice(0, 7);
      const toMonth = !sqlMonths.has(month);
      for (const [productId, p] of d.products) {
        product.push([iso(day), productId, store, p.quantity, p.net, p.returns, p.orders]);
        if (!toMonth) continue;
        const mk = month + '|' + productId + '|' + store;
        const m = monthly.get(mk);
        if (m) {
          m.quantity += p.quantity;
          m.net += p.net;
          m.returns += p.returns;
          m.orders += p.orders;
        } else monthly.set(mk, { month, product: productId, store, quantity: p.quantity, net: p.net, returns: p.returns, orders: p.orders });
      }
    }
    for (const [day, perDay] of this.customer) {
      if (dirty.has(day)) continue;
      for (const [customerId, c] of perDay) customer.push([iso(day), customerId, c.net, c.orders]);
    }
    for (const [k, h] of this.hourly) {
      const store = k % STORE_SPAN;
      const dh = Math.floor(k / STORE_SPAN);
      const day = Math.floor(dh / 32);
      if (dirty.has(day)) continue;
      const d = iso(day);
      hourly.push([d, (dh % 32) - 1, store, new Date(d + 'T00:00:00Z').getUTCDay(), h.net, h.orders, h.units]);
    }
    insertMany(db, 'daily_summary', ['date', 'store_id', 'net', 'gross', 'discount', 'returns', 'non_product', 'units', 'lines', 'orders', 'customers', 'cost'], daily);
    insertMany(db, 'daily_product', ['date', 'product_id', 'store_id', 'quantity', 'net', 'returns', 'orders'], product);
    insertMany(db, 'daily_customer', ['date', 'customer_id', 'net', 'orders'], customer);
    insertMany(db, 'hourly_summary', ['date', 'hour', 'store_id', 'weekday', 'net', 'orders', 'units'], hourly);
    insertMany(db, 'monthly_product', ['month', 'product_id', 'store_id', 'quantity', 'net', 'returns', 'orders'],
      [...monthly.values()].map((m) => [m.month, m.product, m.store, m.quantity, m.net, m.returns, m.orders]));
    for (const month of sqlMonths) if (month >= fromIso.slice(0, 7) && month <= toIso.slice(0, 7)) refreshMonthlyProducts(db, `${month}-01`, `${month}-31`);
  }
}

/** Many rows per INSERT statement: the per-statement cost dominates small rows. */
function insertMany(db: Db, table: string, cols: string[], rows: unknown[][]): void {
  const per = 100;
  const one = `(${cols.map(() => '?').join(',')})`;
  const sql = (n: number) => `INSERT INTO ${table} (${cols.join(',')}) VALUES ${Array(n).fill(one).join(',')}`;
  const full = db.prepare(sql(per));
  // Flattened by hand: Array.prototype.flat is slow on hot paths.
  const flat = (from: number, to: number) => {
    const out: unknown[] = [];
    for (let r = from; r < to; r++) for (const v of rows[r]!) out.push(v);
    return out;
  };
  let i = 0;
  for (; i + per <= rows.length; i += per) full.run(flat(i, i + per));
  if (i < rows.length) db.prepare(sql(rows.length - i)).run(flat(i, rows.length));
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
  db.prepare(`INSERT INTO monthly_product (month, product_id, store_id, quantity, net, returns, orders)
    SELECT substr(date, 1, 7), product_id, store_id, sum(quantity), sum(net), sum(returns), sum(orders)
    FROM daily_product WHERE date BETWEEN ? AND ? GROUP BY 1, 2, 3`).run(`${first}-01`, `${last}-31`);
}
