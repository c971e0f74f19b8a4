/**
 * Stock on hand per product from the stock files: the last count, plus receipts
 * after it, less units sold since (net of refunds: refunded goods go back on
 * the shelf). Shared by the Stock page and the forecast's reorder points.
 */
import type { Db } from '../store/db.js';
import { addDays } from './periods.js';

export interface OnHand {
  units: number;
  lastCount: string | null;
}

/** Stock per product at the end of `asOf` (YYYY-MM-DD; movements and sales after it are ignored). */
export function stockOnHand(db: Db, asOf: string): Map<number, OnHand> {
  const moves = db
    .prepare('SELECT product_id AS p, store_id AS s, date, kind, quantity AS q FROM stock_movements WHERE date <= ? ORDER BY product_id, store_id, date')
    .all(asOf) as Array<{ p: number; s: number; date: string; kind: string; q: number }>;
  interface Pos {
    p: number;
    countDate: string | null;
    counted: number;
    received: number;
    since: string;
    sold: number;
  }
  const pos = new Map<string, Pos>();
  for (const m of moves) {
    const key = `${m.p}:${m.s}`;
    let x = pos.get(key);
    if (!x) {
      x = { p: m.p, countDate: null, counted: 0, received: 0, since: m.date, sold: 0 };
      pos.set(key, x);
    }
    if (m.kind === 'count') {
      if (x.countDate !== m.date) {
        // A newer count replaces everything before it.
        x.countDate = m.date;
        x.counted = 0;
        x.received = 0;
      }
      x.counted += m.q;
    } else if (m.kind === 'receipt') {
      // A receipt on a count's date is taken as already in the count.
      if (x.countDate === null || m.date > x.countDate) x.received += m.q;
    }
  }
  // A count is the stock at the end of its day; without a count, stock starts at the first receipt.
  let minSince: string | null = null;
  for (const x of pos.values()) {
    x.since = x.countDate ? addDays(x.countDate, 1) : x.since;
    if (!minSince || x.since < minSince) minSince = x.since;
  }
  if (minSince) {
    const soldRows = db
      .prepare('SELECT date, product_id AS p, store_id AS s, quantity AS q FROM daily_product WHERE date >= ? AND date <= ?')
      .raw()
      .iterate(minSince, asOf) as IterableIterator<[string, number, number, number]>;
    for (const [date, p, st, q] of soldRows) {
      const x = pos.get(`${p}:${st}`);
      if (x && date >= x.since) x.sold += q;
    }
  }
  const onHand = new Map<number, OnHand>();
  for (const x of pos.values()) {
    const cur = onHand.get(x.p) ?? { units: 0, lastCount: null };
    cur.units += x.counted + x.received - x.sold;
    if (x.countDate && (!cur.lastCount || x.countDate > cur.lastCount)) cur.lastCount = x.countDate;
    onHand.set(x.p, cur);
  }
  for (const v of onHand.values()) v.units = Math.round(v.units * 1000) / 1000;
  return onHand;
}
