/**
 * Feature matrices for the isolation forest, one per scope. Features are
 * deviations from each thing's own normal (standardised residuals), plus
 * context, never raw totals: a busy December is normal for December, a
 * wholesale product's 200 units are normal for it.
 *
 * Each builder returns the matrix (rows × dims, row after row) and, per row,
 * where it came from, the signed main deviation `z` (which says spike or
 * drop), and the expected and actual values the sentence quotes.
 */
import { seasonalBaseline } from './baseline.js';
import { median, robustCentre } from './robust.js';
import type { AnomalyData, AnomalyScopeKind } from './types.js';

export interface FeatureSet {
  scope: AnomalyScopeKind;
  names: string[];
  dims: number;
  rows: number;
  matrix: Float64Array;
  /** Day index (total, refunds) or index into productDays / lines (product, product refunds, line). */
  source: Int32Array;
  /** The signed standardised deviation that the direction and the evidence filter use. */
  z: Float64Array;
  expected: Float64Array;
  actual: Float64Array;
  /** The shop's days only: how many were judged against the forecast's expected value, how many against the seasonal baseline. */
  expectedFrom?: { forecast: number; baseline: number };
}

/** A weekday on which the shop traded in fewer than this share of the weeks is a closed weekday: never scored. */
export const OPEN_WEEKDAY_SHARE = 0.2;
/** Products with fewer days (or lines) than this have no pattern of their own yet. */
export const MIN_HISTORY = 8;

/** 0 = Monday … 6 = Sunday. */
export function weekdayOf(iso: string): number {
  return (new Date(`${iso}T00:00:00Z`).getUTCDay() + 6) % 7;
}

export function tradedDays(data: AnomalyData): Uint8Array {
  const t = new Uint8Array(data.dates.length);
  for (let i = 0; i < t.length; i++) t[i] = data.days.lines[i] > 0 ? 1 : 0;
  return t;
}

/** Weekdays (0 = Monday) on which the shop trades; the others are never flagged. */
export function openWeekdays(data: AnomalyData): boolean[] {
  const seen = new Array<number>(7).fill(0);
  const traded = new Array<number>(7).fill(0);
  const w0 = data.dates.length ? weekdayOf(data.dates[0]) : 0;
  for (let i = 0; i < data.dates.length; i++) {
    const w = (w0 + i) % 7;
    seen[w]++;
    if (data.days.lines[i] > 0) traded[w]++;
  }
  return seen.map((s, w) => s > 0 && traded[w] / s >= OPEN_WEEKDAY_SHARE);
}

/** Days the shop's day is judged on: traded, on an open weekday. */
function scoredDays(data: AnomalyData): number[] {
  const open = openWeekdays(data);
  const w0 = data.dates.length ? weekdayOf(data.dates[0]) : 0;
  const out: number[] = [];
  for (let i = 0; i < data.dates.length; i++) if (data.days.lines[i] > 0 && open[(w0 + i) % 7]) out.push(i);
  return out;
}

/**
 * A day's context beyond its weekday and month: how close a public holiday is
 * (0 on it … 3 for three days or more away), and on how many of the days around
 * it (±3) the shop usually trades but did not (0 in an ordinary week, more around
 * a closure; the history's first and last days count as ordinary).
 */
function specialContext(data: AnomalyData, i: number, holidayIdx: number[], open: boolean[], w0: number): { near: number; closed: number } {
  let near = 3;
  for (const h of holidayIdx) near = Math.min(near, Math.abs(h - i));
  let closed = 0;
  for (let j = Math.max(0, i - 3); j <= Math.min(data.dates.length - 1, i + 3); j++) if (open[(w0 + j) % 7] && !(data.days.lines[j] > 0)) closed++;
  return { near, closed };
}

function holidayIndexes(data: AnomalyData): number[] {
  const index = new Map(data.dates.map((d, i) => [d, i]));
  return data.holidays.map((h) => index.get(h)).filter((i): i is number => i !== undefined);
}

/** A log that tolerates zero and negative values (a day of refunds): floored at `floor`. */
const safeLog = (x: number, floor: number) => Math.log(Math.max(x, floor));

/**
 * Standardises residuals by the spread of their own context: days next to a
 * public holiday or a closure (the run-up to Christmas, the day after a bank
 * holiday) swing more than ordinary days, so they are measured against the
 * spread of such days (at least the ordinary spread), and an ordinary day
 * against ordinary days.
 */
function standardise(residuals: number[], special: boolean[]): number[] {
  const ordinary = robustCentre(
    residuals.filter((_, k) => !special[k]),
    0.01,
  );
  const sp = residuals.filter((_, k) => special[k]);
  const unusual = sp.length >= 5 ? robustCentre(sp, ordinary.scale) : { centre: ordinary.centre, scale: 2 * ordinary.scale };
  return residuals.map((r, k) => (special[k] ? (r - unusual.centre) / unusual.scale : (r - ordinary.centre) / ordinary.scale));
}

/**
 * The shop's day: log(actual / expected) for net sales and orders, as
 * standardised residuals (holiday and trading-day context set the spread they
 * are measured by), with the weekday and month as context features. Rare
 * context flags are not features of the forest itself: a column that is 1 on
 * eight days a year isolates those eight days whatever they sold. `expected`
 * (net sales per calendar day: the forecast's one-step-ahead expected values)
 * is what a day's net sales are judged against where it has a value; the
 * seasonal baseline stands in on the other days (the forecast's warm-up, days
 * after its data) and for every day when it is absent. Orders are always
 * judged against their seasonal baseline (the forecast does not forecast them).
 */
export function dayFeatures(data: AnomalyData, expected?: Float64Array): FeatureSet {
  const traded = tradedDays(data);
  const baseline = seasonalBaseline(data.days.net, traded);
  const fromForecast = new Uint8Array(data.dates.length);
  for (let i = 0; i < fromForecast.length; i++) if (expected && Number.isFinite(expected[i])) fromForecast[i] = 1;
  const expNet = (i: number) => (fromForecast[i] ? expected![i] : baseline[i]);
  const expOrders = seasonalBaseline(data.days.orders, traded);
  const days = scoredDays(data).filter((i) => Number.isFinite(expNet(i)) && Number.isFinite(expOrders[i]));
  // The floor keeps a day with almost nothing (or refunds only) finite: 1% of a typical day.
  const typical = days.length
    ? robustCentre(
        days.map((i) => data.days.net[i]),
        0,
      ).centre
    : 1;
  const floorNet = Math.max(Math.abs(typical) * 0.01, 1e-6);
  const holidays = holidayIndexes(data);
  const open = openWeekdays(data);
  const w0 = data.dates.length ? weekdayOf(data.dates[0]) : 0;
  const isSpecial = (i: number) => {
    const c = specialContext(data, i, holidays, open, w0);
    return c.near <= 1 || c.closed > 0;
  };
  const special = days.map(isSpecial);
  // Each expectation's residuals are standardised among themselves: the forecast's one-step
  // errors and the centred baseline's have their own centre and spread. A day judged against the
  // baseline (the forecast's warm-up) gets the standard score it would have in a run without a
  // forecast (the baseline's residuals on every day it covers), one judged against the forecast
  // its standard score among the forecast's days.
  const zNet = new Float64Array(days.length);
  const residual = (i: number, e: number) => safeLog(data.days.net[i], floorNet) - safeLog(e, floorNet);
  for (const [covers, exp, uses] of [
    [(i: number) => Number.isFinite(baseline[i]), (i: number) => baseline[i], (i: number) => !fromForecast[i]],
    [(i: number) => fromForecast[i] === 1, (i: number) => expected![i], (i: number) => fromForecast[i] === 1],
  ] as const) {
    const ks = days.map((_, k) => k).filter((k) => covers(days[k]));
    if (!ks.some((k) => uses(days[k]))) continue;
    const z = standardise(
      ks.map((k) => residual(days[k], exp(days[k]))),
      ks.map((k) => special[k]),
    );
    ks.forEach((k, j) => {
      if (uses(days[k])) zNet[k] = z[j];
    });
  }
  const zOrders = standardise(
    days.map((i) => safeLog(data.days.orders[i], 0.5) - safeLog(expOrders[i], 0.5)),
    special,
  );
  const set = emptySet('total', ['net sales vs expected', 'orders vs expected', 'weekday', 'month'], days.length);
  days.forEach((i, k) => {
    set.matrix.set([zNet[k], zOrders[k], weekdayOf(data.dates[i]), Number(data.dates[i].slice(5, 7))], k * set.dims);
    set.source[k] = i;
    set.z[k] = zNet[k];
    set.expected[k] = expNet(i);
    set.actual[k] = data.days.net[i]!;
  });
  let forecastDays = 0;
  for (const i of days) forecastDays += fromForecast[i];
  set.expectedFrom = { forecast: forecastDays, baseline: days.length - forecastDays };
  return set;
}

/**
 * A product's day: its units and its number of orders against its own
 * median day (log scale), for products with a history of their own.
 */
export function productDayFeatures(data: AnomalyData): FeatureSet {
  const pd = data.productDays;
  const groups = groupBy(pd.product, pd.units.length, (k) => pd.units[k] > 0);
  const rows: number[] = [];
  const zUnits: number[] = [];
  const zOrders: number[] = [];
  const expected: number[] = [];
  for (const idx of groups.values()) {
    if (idx.length < MIN_HISTORY) continue;
    // A day's units come in orders, and the number of orders is a noisy count (Poisson: a spread of
    // about 1/√mean on the log scale): a product bought in one order a day is not "far out" with 5
    // orders, even in packs of 25; one bought in 30 orders a day is, at 5× its usual.
    const usualOrders = robustCentre(
      idx.map((k) => Math.max(pd.orders[k], 1)),
      0,
    ).centre;
    const u = robustCentre(
      idx.map((k) => Math.log(pd.units[k])),
      Math.max(0.25, 1 / Math.sqrt(usualOrders)),
    );
    const o = robustCentre(
      idx.map((k) => Math.log(Math.max(pd.orders[k], 1))),
      Math.max(0.25, 1 / Math.sqrt(usualOrders)),
    );
    for (const k of idx) {
      rows.push(k);
      zUnits.push((Math.log(pd.units[k]) - u.centre) / u.scale);
      zOrders.push((Math.log(Math.max(pd.orders[k], 1)) - o.centre) / o.scale);
      expected.push(Math.exp(u.centre));
    }
  }
  const set = emptySet('product', ['units vs usual', 'orders vs usual'], rows.length);
  rows.forEach((k, r) => {
    set.matrix[2 * r] = zUnits[r]!;
    set.matrix[2 * r + 1] = zOrders[r]!;
    set.source[r] = k;
    set.z[r] = zUnits[r]!;
    set.expected[r] = expected[r]!;
    set.actual[r] = pd.units[k]!;
  });
  return set;
}

/**
 * Refunds per day: the share of the day's sales refunded, and the amount
 * refunded, each against the usual, plus weekday and month.
 */
export function refundDayFeatures(data: AnomalyData): FeatureSet {
  const days = scoredDays(data);
  const d = data.days;
  const share = days.map((i) => {
    const gross = d.net[i] + d.returns[i];
    return gross > 0 ? Math.min(d.returns[i] / gross, 1) : d.returns[i] > 0 ? 1 : 0;
  });
  const amount = days.map((i) => Math.log1p(Math.max(d.returns[i], 0)));
  // Most days have no refund at all (a median share of 0): the spread is floored at twice the
  // shop's overall refund rate, so a day needs many times the usual refunds to stand out.
  let totalReturns = 0;
  let totalGross = 0;
  for (const i of days) {
    totalReturns += Math.max(d.returns[i], 0);
    totalGross += Math.max(d.net[i] + d.returns[i], 0);
  }
  const typicalShare = totalGross > 0 ? totalReturns / totalGross : 0;
  const s = robustCentre(share, Math.max(0.02, 2 * typicalShare));
  const a = robustCentre(amount, 0.25);
  const set = emptySet('refunds', ['refund share vs usual', 'refunds vs usual', 'weekday', 'month'], days.length);
  days.forEach((i, k) => {
    const z = (share[k] - s.centre) / s.scale;
    set.matrix.set([z, (amount[k] - a.centre) / a.scale, weekdayOf(data.dates[i]), Number(data.dates[i].slice(5, 7))], k * 4);
    set.source[k] = i;
    set.z[k] = z;
    set.expected[k] = typicalShare * (d.net[i] + d.returns[i]);
    set.actual[k] = d.returns[i]!;
  });
  return set;
}

/**
 * Refunds per product and day: the amount refunded against what the product
 * usually sells in a day, and the number of refunded lines, each against all
 * products' refund days.
 */
export function productRefundFeatures(data: AnomalyData): FeatureSet {
  const pd = data.productDays;
  const sales = groupBy(pd.product, pd.units.length, (k) => pd.net[k] > 0);
  const usualNet = new Map<number, number>();
  for (const [p, idx] of sales)
    usualNet.set(
      p,
      robustCentre(
        idx.map((k) => pd.net[k]),
        0,
      ).centre,
    );
  const rows: number[] = [];
  for (let k = 0; k < pd.returns.length; k++) if (pd.returns[k] > 0 && (usualNet.get(pd.product[k]) ?? 0) > 0) rows.push(k);
  const ratio = rows.map((k) => Math.log(pd.returns[k] / usualNet.get(pd.product[k])!));
  const lines = rows.map((k) => Math.log(Math.max(pd.refundLines[k], 1)));
  // Most refunds are one item, about one usual day of the product: half a log unit (×1.6) is the least spread.
  const r = robustCentre(ratio, 0.5);
  const l = robustCentre(lines, 0.5);
  const set = emptySet('refunds', ['refunds vs usual day of the product', 'refunded lines vs usual'], rows.length);
  rows.forEach((k, j) => {
    const z = (ratio[j] - r.centre) / r.scale;
    set.matrix[2 * j] = z;
    set.matrix[2 * j + 1] = (lines[j] - l.centre) / l.scale;
    set.source[j] = k;
    set.z[j] = z;
    set.expected[j] = usualNet.get(pd.product[k])! * Math.exp(r.centre);
    set.actual[j] = pd.returns[k]!;
  });
  return set;
}

/**
 * Single lines: unit price, quantity and the line's amount against the
 * product's own median line, as log ratios (how many times off, the same
 * scale for every product: a price typed as 1000 instead of 10.00 is ×100
 * whatever the product), plus how often the product was sold at exactly this
 * price and in exactly this quantity (a trade price list repeats; a typing
 * mistake is a value seen once or twice). `z` is the log ratio of the price or
 * the quantity, whichever is further out.
 */
export function lineFeatures(data: AnomalyData): FeatureSet {
  const ln = data.lines;
  const groups = groupBy(ln.product, ln.quantity.length, (k) => ln.unitPrice[k] > 0 && ln.quantity[k] > 0);
  let count = 0;
  for (const idx of groups.values()) if (idx.length >= MIN_HISTORY) count += idx.length;
  const set = emptySet('line', ['unit price vs usual', 'quantity vs usual', 'amount vs usual', 'lines at this price', 'lines of this quantity'], count);
  let r = 0;
  const priceCount = new Map<number, number>();
  const qtyCount = new Map<number, number>();
  const cents = (k: number) => Math.round(ln.unitPrice[k] * 100);
  for (const idx of groups.values()) {
    if (idx.length < MIN_HISTORY) continue;
    const p = median(idx.map((k) => Math.log(ln.unitPrice[k])));
    const q = median(idx.map((k) => Math.log(ln.quantity[k])));
    const a = median(idx.map((k) => Math.log(ln.unitPrice[k] * ln.quantity[k])));
    priceCount.clear();
    qtyCount.clear();
    for (const k of idx) {
      priceCount.set(cents(k), (priceCount.get(cents(k)) ?? 0) + 1);
      qtyCount.set(ln.quantity[k], (qtyCount.get(ln.quantity[k]) ?? 0) + 1);
    }
    for (const k of idx) {
      const rp = Math.log(ln.unitPrice[k]) - p;
      const rq = Math.log(ln.quantity[k]) - q;
      const ra = Math.log(ln.unitPrice[k] * ln.quantity[k]) - a;
      set.matrix.set([rp, rq, ra, Math.log(priceCount.get(cents(k))!), Math.log(qtyCount.get(ln.quantity[k])!)], set.dims * r);
      set.source[r] = k;
      const price = Math.abs(rp) >= Math.abs(rq);
      set.z[r] = price ? rp : rq;
      set.expected[r] = Math.exp(price ? p : q);
      set.actual[r] = price ? ln.unitPrice[k] : ln.quantity[k];
      r++;
    }
  }
  return set;
}

/** Which line features a line's story is about: true for the price. */
export function lineIsAboutPrice(set: FeatureSet, row: number): boolean {
  return Math.abs(set.matrix[set.dims * row]) >= Math.abs(set.matrix[set.dims * row + 1]);
}

function emptySet(scope: AnomalyScopeKind, names: string[], rows: number): FeatureSet {
  return {
    scope,
    names,
    dims: names.length,
    rows,
    matrix: new Float64Array(rows * names.length),
    source: new Int32Array(rows),
    z: new Float64Array(rows),
    expected: new Float64Array(rows),
    actual: new Float64Array(rows),
  };
}

/** Indexes 0…n−1 grouped by key (in order of first appearance), keeping those that pass. */
function groupBy(keys: Int32Array, n: number, keep: (k: number) => boolean): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  for (let k = 0; k < n; k++) {
    if (!keep(k)) continue;
    const g = groups.get(keys[k]);
    if (g) g.push(k);
    else groups.set(keys[k], [k]);
  }
  return groups;
}
