/**
 * A shop's customers as plain arrays: each customer's days with activity, in
 * order (compressed rows: customer i owns entries start[i] .. start[i+1]−1).
 * core/models/data/segments.ts fills it from the gold tables; everything else
 * here is pure and works on any cut-off day, which is what the time-split
 * validation needs.
 */
export interface CustomerHistory {
  /** The last data date, as a day number (days since 1970-01-01). */
  asOf: number;
  /** The customers' database ids. */
  ids: Int32Array;
  start: Int32Array;
  /** Day number of each entry (ascending within a customer). */
  day: Int32Array;
  /** Orders that day (0 on a day with only refunds or cancellations). */
  orders: Float64Array;
  /** Net spend that day (refunds negative). */
  net: Float64Array;
}

export const DAY_MS = 86_400_000;
export const WEEK = 7;

export function dayNumber(iso: string): number {
  return Math.round(Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY_MS);
}

export function isoOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Per-customer figures as of the end of day `cutoff`, for the customers with
 * any activity by then (`index` maps back to the history's rows).
 *  - recency: days from the last purchase to the day after the cut-off;
 *  - frequency: orders; monetary: net spend; tenure: days from the first purchase to the day after the cut-off;
 *  - BG/NBD in weeks: x repeat purchase days (a day with orders counts once), t_x the last one, T the age;
 *  - repeatSpend: mean net of the repeat purchase days (0 when x = 0), for Gamma-Gamma.
 * A customer with no order at all (only refunds) is dated by their activity instead.
 */
export interface CustomerFigures {
  index: Int32Array;
  recency: Float64Array;
  frequency: Float64Array;
  monetary: Float64Array;
  tenure: Float64Array;
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  repeatSpend: Float64Array;
}

export function customerFigures(h: CustomerHistory, cutoff: number = h.asOf): CustomerFigures {
  const rows: number[] = [];
  for (let i = 0; i < h.ids.length; i++) if (h.start[i] < h.start[i + 1] && h.day[h.start[i]] <= cutoff) rows.push(i);
  const n = rows.length;
  const f: CustomerFigures = {
    index: Int32Array.from(rows),
    recency: new Float64Array(n),
    frequency: new Float64Array(n),
    monetary: new Float64Array(n),
    tenure: new Float64Array(n),
    x: new Float64Array(n),
    tx: new Float64Array(n),
    T: new Float64Array(n),
    repeatSpend: new Float64Array(n),
  };
  const end = cutoff + 1;
  rows.forEach((i, k) => {
    let first = -1,
      last = -1,
      firstAny = -1,
      lastAny = -1,
      buyDays = 0,
      orders = 0,
      net = 0,
      repeatNet = 0;
    for (let e = h.start[i]; e < h.start[i + 1] && h.day[e] <= cutoff; e++) {
      const d = h.day[e];
      if (firstAny < 0) firstAny = d;
      lastAny = d;
      net += h.net[e];
      if (h.orders[e] > 0) {
        if (first < 0) first = d;
        else repeatNet += h.net[e];
        last = d;
        buyDays++;
        orders += h.orders[e];
      }
    }
    if (first < 0) [first, last] = [firstAny, lastAny];
    f.recency[k] = end - last;
    f.frequency[k] = orders;
    f.monetary[k] = net;
    f.tenure[k] = end - first;
    const x = Math.max(0, buyDays - 1);
    f.x[k] = x;
    f.tx[k] = x > 0 ? (last - first) / WEEK : 0;
    f.T[k] = (end - first) / WEEK;
    f.repeatSpend[k] = x > 0 ? repeatNet / x : 0;
  });
  return f;
}

/** Purchase days (days with orders) of each history row within [from, to]. */
export function purchaseDaysBetween(h: CustomerHistory, from: number, to: number): Float64Array {
  const out = new Float64Array(h.ids.length);
  for (let i = 0; i < h.ids.length; i++) {
    let c = 0;
    for (let e = h.start[i]; e < h.start[i + 1]; e++) if (h.day[e] >= from && h.day[e] <= to && h.orders[e] > 0) c++;
    out[i] = c;
  }
  return out;
}
