/**
 * Stock of the retail goods, one pool for the whole business (all stores and
 * the online shop ship from the same stockroom), so the stock files need no
 * store column.
 *
 * Timing, recorded in truth.json: deliveries arrive before opening; counts are
 * taken after closing (the opening count the evening before the first day,
 * then the last day of each month and the last day of the history). Hence
 *   count(D2) = count(D1) + receipts in (D1, D2] − net units sold in (D1, D2]
 * exactly, where net units sold = Square quantities (refunds negative: returned
 * goods go back on the shelf) + quantities of shipped Shopify orders (paid and
 * partially refunded; refunded orders were cancelled before shipping and voided
 * ones never sold). Sales never exceed what is on hand: unmet demand is lost.
 *
 * Reordering: the buyer knows the season. Each evening, if stock plus open
 * orders falls below the expected demand until a new order could arrive plus
 * safety stock, an order is placed to cover four more weeks; it arrives after
 * the supplier's lead time (on the next open day).
 */
import type { DayInfo } from './calendar.js';
import type { Product } from './catalog.js';
import { type DemandTable, expectedUnits } from './demand.js';
import { isoFromDay } from './dates.js';
import { csvRow } from './format.js';
import type { CsvFile } from './writers.js';

/** Planned demand = in-store expectation × this, to cover the online shop too. */
const ONLINE_ALLOWANCE = 1.25;

export class StockBook {
  readonly onHand: number[];
  private onOrder: number[];
  private tracked: boolean[];
  private deliveries = new Map<number, Array<{ product: number; qty: number }>>();
  readonly lostUnits: number[];
  receipts = 0;
  counts = 0;

  constructor(
    private products: Product[],
    private demand: DemandTable,
    private days: DayInfo[],
    /** Σ store size × traffic scale: turns size-1 expectations into the business's. */
    private scale: number,
    private countsFile: CsvFile,
    private receiptsFile: CsvFile,
  ) {
    const n = products.length;
    this.onHand = new Array<number>(n).fill(0);
    this.onOrder = new Array<number>(n).fill(0);
    this.tracked = new Array<boolean>(n).fill(false);
    this.lostUnits = new Array<number>(n).fill(0);
  }

  private expected(p: Product, from: number, to: number): number {
    return expectedUnits(this.demand, p.index, from, to) * this.scale * ONLINE_ALLOWANCE;
  }

  private safety(units: number): number {
    return Math.ceil(2 * Math.sqrt(units) + 1);
  }

  /** Opening stock, counted the evening before the first day. */
  open(): void {
    const first = this.days[0].day;
    for (const p of this.products) {
      if (!p.stocked || (p.launchDay !== null && p.launchDay > first)) continue;
      const units = this.expected(p, 0, p.leadTimeDays + 14);
      this.onHand[p.index] = units > 0 ? Math.ceil(units) + this.safety(units) : 0;
      this.tracked[p.index] = true;
      this.count(first - 1, p);
    }
  }

  /** Deliveries due today arrive before opening (a closed day pushes them to the next day). */
  startOfDay(i: number): void {
    const due = this.deliveries.get(i);
    if (!due) return;
    this.deliveries.delete(i);
    if (!this.days[i].open && i + 1 < this.days.length) {
      const next = this.deliveries.get(i + 1) ?? [];
      this.deliveries.set(i + 1, [...due, ...next]);
      return;
    }
    const iso = this.days[i].iso;
    for (const d of due) {
      const p = this.products[d.product];
      this.onHand[d.product] += d.qty;
      this.onOrder[d.product] -= d.qty;
      this.tracked[d.product] = true;
      this.receiptsFile.row(csvRow([iso, p.sku, p.name, String(d.qty)]));
      this.receipts++;
    }
  }

  /** Takes up to `qty` units off the shelf; returns how many there were. */
  take(p: Product, qty: number): number {
    if (!p.stocked) return qty;
    const got = Math.min(qty, this.onHand[p.index]);
    this.onHand[p.index] -= got;
    if (got < qty) this.lostUnits[p.index] += qty - got;
    return got;
  }

  available(p: Product): number {
    return p.stocked ? this.onHand[p.index] : Number.POSITIVE_INFINITY;
  }

  /** A returned item goes back on the shelf. */
  restock(p: Product, qty: number): void {
    if (p.stocked) this.onHand[p.index] += qty;
  }

  endOfDay(i: number): void {
    for (const p of this.products) {
      if (!p.stocked) continue;
      const lead = p.leadTimeDays;
      const needUntilArrival = this.expected(p, i + 1, i + lead + 1);
      const position = this.onHand[p.index] + this.onOrder[p.index];
      if (needUntilArrival > 0 && position < needUntilArrival + this.safety(needUntilArrival)) {
        const cover = this.expected(p, i + lead + 2, i + lead + 29);
        const pack = cover > 12 ? 6 : 1;
        let qty = Math.ceil(needUntilArrival + this.safety(needUntilArrival) + cover - position);
        qty = Math.ceil(qty / pack) * pack;
        if (qty > 0) {
          const due = i + lead;
          if (due < this.days.length) {
            this.onOrder[p.index] += qty;
            const list = this.deliveries.get(due) ?? [];
            list.push({ product: p.index, qty });
            this.deliveries.set(due, list);
          }
        }
      }
    }
    const d = this.days[i];
    const isMonthEnd = i + 1 === this.days.length || this.days[i + 1].iso.slice(0, 7) !== d.iso.slice(0, 7);
    if (isMonthEnd) for (const p of this.products) if (this.tracked[p.index]) this.count(d.day, p);
  }

  private count(day: number, p: Product): void {
    this.countsFile.row(csvRow([isoFromDay(day), p.sku, p.name, String(this.onHand[p.index])]));
    this.counts++;
  }
}
