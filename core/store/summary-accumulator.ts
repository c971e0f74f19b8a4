/**
 * Adds up the lines of one import per day, product, customer and hour. It runs
 * in the reading thread (produce.ts) on the reader's local dimension numbers
 * (small dense integers), one day at a time: when the file moves on to another
 * day, the finished day's figures are packed for the writing thread, which maps
 * the numbers to database ids and writes the rows (SummaryWriter in
 * summaries.ts). Only the current day is held, in typed arrays indexed by the
 * local numbers, so memory stays flat and the garbage collector has little to
 * walk, whatever the file's size.
 *
 * Distinct orders are counted by "order changed since the last line of this
 * key", which is exact while each receipt's lines are contiguous in the file.
 * A day is dirty — left to an SQL rebuild from the lines at the end — when a
 * receipt comes back after others, or when the file comes back to a day it has
 * left (a file not sorted by date). The writer adds its own reasons (a
 * duplicate line, a day that held data before).
 */
import { CHARGE, KIND } from './kinds.js';

// Hour keys are hour * STORE_SPAN + store: store numbers stay below 2^16 in any shop.
const STORE_SPAN = 65536;
const SALE = KIND.sale;
const REFUND = KIND.refund;
const CANCEL = KIND.cancel;
const VOID = KIND.void;

export interface AccLine {
  day: number;
  seconds: number | null;
  orderId: number | null;
  productId: number;
  customerId: number | null;
  storeId: number;
  kind: number;
  /** CHARGE.goods, or the class of a non-product line */
  charge: number;
  quantity: number;
  gross: number;
  discount: number;
  net: number;
  cost: number | null;
  tax: number | null;
  collected: number | null;
}

/**
 * Summaries of whole days, one row after another (dimension numbers are the
 * reader's local ones; NaN for a missing cost, tax or collected amount; net,
 * gross, discount and returns are of goods only, non-product lines apart):
 *   daily     day, store, net, gross, discount, returns, nonProduct, units, lines, orders, customers, cost, tax, collected, shipping, tips, fees
 *   products  day, product, store, quantity, net, returns, orders   (grouped by day and store)
 *   customers day, customer, net, orders
 *   hourly    day, hour (-1: no time), store, net, orders, units
 */
export interface PackedDays {
  daily: Float64Array;
  products: Float64Array;
  customers: Float64Array;
  hourly: Float64Array;
  /** Days the accumulator could not add up (SQL rebuilds them). */
  dirty: number[];
  /** The accumulator gave up: every day of the import is rebuilt with SQL. */
  overflowed: boolean;
}

export const PACKED_WIDTH = { daily: 17, products: 7, customers: 4, hourly: 6 } as const;

// Row layouts of the current day's working arrays.
const P = { product: 0, quantity: 1, net: 2, returns: 3, orders: 4, lastOrder: 5, width: 6 } as const;
const C = { customer: 0, net: 1, orders: 2, lastOrder: 3, width: 4 } as const;

/** "Seen today" marks by local number: a day counter instead of clearing, and a slot per number. */
class Slots {
  stamp = new Int32Array(1024);
  slot = new Int32Array(1024);

  /** The slot of `n` today, or -1. */
  get(n: number, today: number): number {
    return n < this.stamp.length && this.stamp[n] === today ? this.slot[n] : -1;
  }

  set(n: number, today: number, slot: number): void {
    if (n >= this.stamp.length) {
      let size = this.stamp.length;
      while (size <= n) size *= 2;
      const stamp = new Int32Array(size);
      stamp.set(this.stamp);
      const slots = new Int32Array(size);
      slots.set(this.slot);
      this.stamp = stamp;
      this.slot = slots;
    }
    this.stamp[n] = today;
    this.slot[n] = slot;
  }
}

/**
 * Numbers appended to a growing Float64Array: the packed rows hold fractions
 * from the start (a plain array of small integers that later meets 0.5 changes
 * its kind, and the optimised code built for it is thrown away), and they are
 * handed over without a copy into a typed array.
 */
class Float64Rows {
  private buf = new Float64Array(1024);
  length = 0;

  push(v: number): void {
    if (this.length === this.buf.length) {
      const bigger = new Float64Array(this.buf.length * 2);
      bigger.set(this.buf);
      this.buf = bigger;
    }
    this.buf[this.length++] = v;
  }

  /** The rows so far, in a buffer of their own; empties this. */
  take(): Float64Array {
    const rows = this.buf.slice(0, this.length);
    this.length = 0;
    return rows;
  }
}

/** One store's figures for the current day. */
class StoreDay {
  today = -1;
  net = 0;
  gross = 0;
  discount = 0;
  returns = 0;
  nonProduct = 0;
  units = 0;
  lines = 0;
  orders = 0;
  lastOrder = -1;
  cost = NaN;
  tax = NaN;
  collected = NaN;
  shipping = 0;
  tips = 0;
  fees = 0;
  customers = new Set<number>();
  readonly productSlots = new Slots();
  products: number[] = [];

  reset(today: number): void {
    this.today = today;
    this.net = this.gross = this.discount = this.returns = this.nonProduct = this.units = 0;
    this.lines = this.orders = 0;
    this.lastOrder = -1;
    this.cost = this.tax = this.collected = NaN;
    this.shipping = this.tips = this.fees = 0;
    this.customers.clear();
    this.products = [];
  }
}

export class SummaryAccumulator {
  /** Gave up (see giveUp): the writer rebuilds every day of the import with SQL. */
  overflowed = false;
  private overflowReported = false;
  private day = NaN;
  /** Counts days begun: the stamp that tells today's slots from older ones. */
  private today = 0;
  private readonly stores: StoreDay[] = [];
  private touched: number[] = [];
  private readonly customerSlots = new Slots();
  private customers: number[] = [];
  /** (hour + 1) * STORE_SPAN + store → [net, orders, lastOrder, units] */
  private hours = new Map<number, number[]>();
  private currentOrder: number | null = null;
  /** Orders get increasing local numbers as they first appear, so a number below the highest seen is a receipt coming back. */
  private maxOrder = -1;
  /** Days already finished. */
  private readonly finished = new Set<number>();
  private dirty: number[] = [];
  private readonly out = { daily: new Float64Rows(), products: new Float64Rows(), customers: new Float64Rows(), hourly: new Float64Rows() };

  add(l: AccLine): void {
    if (this.overflowed || l.kind === VOID) return;
    if (l.storeId >= STORE_SPAN) {
      this.giveUp(); // no shop has that many stores; the hour key could not hold it
      return;
    }
    if (l.day !== this.day) this.beginDay(l.day);
    if (l.orderId !== this.currentOrder) {
      // An older order number: the receipt comes back after others, so its orders may be counted twice here.
      if (l.orderId !== null && l.orderId < this.maxOrder) this.dirty.push(l.day);
      if (l.orderId !== null && l.orderId > this.maxOrder) this.maxOrder = l.orderId;
      this.currentOrder = l.orderId;
    }
    const order = l.orderId ?? -1;
    const isProduct = l.charge === CHARGE.goods;
    const orderLine = l.kind === SALE && isProduct && l.orderId !== null;
    const ret = l.kind === REFUND || l.kind === CANCEL ? -l.net : 0;

    let s = this.stores[l.storeId];
    if (!s) s = this.stores[l.storeId] = new StoreDay();
    if (s.today !== this.today) {
      s.reset(this.today);
      this.touched.push(l.storeId);
    }
    // Net sales, gross, discounts and returns are of goods; shipping, tips, fees and adjustments are counted apart.
    if (isProduct) {
      s.net += l.net;
      if (l.kind === SALE) {
        s.gross += l.gross;
        s.discount += l.discount;
      }
      s.returns += ret;
      s.units += l.quantity;
    } else {
      s.nonProduct += l.net;
      if (l.charge === CHARGE.shipping) s.shipping += l.net;
      else if (l.charge === CHARGE.tip) s.tips += l.net;
      else if (l.charge === CHARGE.fee) s.fees += l.net;
    }
    if (l.tax !== null) s.tax = (Number.isNaN(s.tax) ? 0 : s.tax) + l.tax;
    if (l.collected !== null) s.collected = (Number.isNaN(s.collected) ? 0 : s.collected) + l.collected;
    s.lines++;
    if (orderLine && s.lastOrder !== order) {
      s.orders++;
      s.lastOrder = order;
    }
    if (l.customerId !== null) s.customers.add(l.customerId);
    if (l.cost !== null) s.cost = (Number.isNaN(s.cost) ? 0 : s.cost) + l.cost;

    const rows = s.products;
    let p = s.productSlots.get(l.productId, this.today);
    if (p < 0) {
      p = rows.length;
      rows.push(l.productId, 0, 0, 0, 0, -1);
      s.productSlots.set(l.productId, this.today, p);
    }
    rows[p + P.quantity] += l.quantity;
    rows[p + P.net] += l.net;
    rows[p + P.returns] += ret;
    if (l.kind === SALE && l.orderId !== null && rows[p + P.lastOrder] !== order) {
      rows[p + P.orders]++;
      rows[p + P.lastOrder] = order;
    }

    if (l.customerId !== null) {
      const cs = this.customers;
      let c = this.customerSlots.get(l.customerId, this.today);
      if (c < 0) {
        c = cs.length;
        cs.push(l.customerId, 0, 0, -1);
        this.customerSlots.set(l.customerId, this.today, c);
      }
      cs[c + C.net] += l.net;
      if (orderLine && cs[c + C.lastOrder] !== order) {
        cs[c + C.orders]++;
        cs[c + C.lastOrder] = order;
      }
    }

    const hk = (l.seconds === null ? 0 : Math.floor(l.seconds / 3600) + 1) * STORE_SPAN + l.storeId;
    let h = this.hours.get(hk);
    if (!h) this.hours.set(hk, (h = [0, 0, -1, 0]));
    if (orderLine && h[2] !== order) {
      h[1]++;
      h[2] = order;
    }
    if (isProduct) {
      h[0] += l.net;
      h[3] += l.quantity;
    }
  }

  private beginDay(day: number): void {
    this.endDay();
    this.day = day;
    this.today++;
    if (this.finished.has(day)) this.dirty.push(day);
  }

  /** Packs the current day's figures into the output. */
  private endDay(): void {
    const day = this.day;
    if (Number.isNaN(day)) return;
    this.finished.add(day);
    const { daily, products, customers, hourly } = this.out;
    for (const store of this.touched.sort((a, b) => a - b)) {
      const s = this.stores[store];
      for (const v of [
        day,
        store,
        s.net,
        s.gross,
        s.discount,
        s.returns,
        s.nonProduct,
        s.units,
        s.lines,
        s.orders,
        s.customers.size,
        s.cost,
        s.tax,
        s.collected,
        s.shipping,
        s.tips,
        s.fees,
      ]) {
        daily.push(v);
      }
      const rows = s.products;
      for (let p = 0; p < rows.length; p += P.width) {
        products.push(day);
        products.push(rows[p]);
        products.push(store);
        products.push(rows[p + P.quantity]);
        products.push(rows[p + P.net]);
        products.push(rows[p + P.returns]);
        products.push(rows[p + P.orders]);
      }
      s.products = [];
    }
    const cs = this.customers;
    for (let c = 0; c < cs.length; c += C.width) {
      customers.push(day);
      customers.push(cs[c]);
      customers.push(cs[c + C.net]);
      customers.push(cs[c + C.orders]);
    }
    for (const k of [...this.hours.keys()].sort((a, b) => a - b)) {
      const h = this.hours.get(k)!;
      for (const v of [day, Math.floor(k / STORE_SPAN) - 1, k % STORE_SPAN, h[0], h[1], h[3]]) hourly.push(v);
    }
    this.touched = [];
    this.customers = [];
    this.hours = new Map();
    this.day = NaN;
  }

  /** Stops adding up: the writer rebuilds every day of the import with SQL (also after a day/month swap). */
  giveUp(): void {
    this.overflowed = true;
    for (const rows of Object.values(this.out)) rows.take();
  }

  /**
   * The figures of the days finished since the last call (with `end`, the
   * current day's too), or null when there is nothing to hand over.
   */
  take(end: boolean): PackedDays | null {
    if (this.overflowed) {
      if (this.overflowReported) return null;
      this.overflowReported = true;
      // Four buffers, not one shared: each is transferred to the writing thread.
      return {
        daily: new Float64Array(0),
        products: new Float64Array(0),
        customers: new Float64Array(0),
        hourly: new Float64Array(0),
        dirty: [],
        overflowed: true,
      };
    }
    if (end) this.endDay();
    const { daily, products, customers, hourly } = this.out;
    if (!daily.length && !this.dirty.length) return null;
    const packed = { daily: daily.take(), products: products.take(), customers: customers.take(), hourly: hourly.take(), dirty: this.dirty, overflowed: false };
    this.dirty = [];
    return packed;
  }
}
