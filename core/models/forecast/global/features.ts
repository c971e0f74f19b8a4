/**
 * Feature rows of the global model, plain arrays and no TensorFlow (so they are cheap to test).
 *
 * Direct multi-step: a row describes "from origin day o (the last day seen), predict day t = o + k" for a
 * step k in 1..h. Every value feature is read at or before o, so a 28-day horizon never peeks past its cut;
 * same-weekday lags step back whole weeks from t until they land at or before o (lag 7·⌈k/7⌉, then +7 …).
 * Calendar features describe the target day t. Series are divided by their own mean level, so one network
 * serves a product selling 2 a week and the shop's best seller; the network predicts a log multiplier on
 * the series' recent level (the row's `offset`), in the spirit of a Poisson GLM with an exposure offset.
 */
import type { GlobalCalendar, GlobalSeries } from './types.js';
import { dayFeatures, type DayFeatures } from './calendar.js';

/** Scaled values above this many times the series' mean are clipped: one wholesale order of 80,000 units must not dominate a network trained on all products. */
const CLIP = 30;
/** Floor added to levels before logs, in units of the series' mean (keeps a series that stopped selling finite). */
const EPS = 0.05;
/** Days of history over which a series' scale (its mean level) is measured. */
const SCALE_DAYS = 182;

export const FEATURE_NAMES = [
  'last',
  'same-weekday lag',
  'same-weekday mean of 4 weeks',
  'mean 7d',
  'mean 28d',
  'mean 91d',
  'std 28d',
  'zero share 28d',
  'weekday profile',
  'days since a sale',
  'step',
  'mon',
  'tue',
  'wed',
  'thu',
  'fri',
  'sat',
  'sun',
  'holiday',
  'next to a holiday',
  'year sin',
  'year cos',
  'month',
  'price vs median',
  'series level',
] as const;
export const FEATURE_COUNT = FEATURE_NAMES.length;

export interface PreparedSeries {
  /** Mean level over the last SCALE_DAYS open days (0 = nothing to learn from: forecast 0). */
  scale: number;
  /** Values divided by scale, clipped at CLIP; 0 on closed days. */
  y: Float64Array;
  /** prefix[i] = sum of y[0..i-1]; prefixSq likewise of y². */
  prefix: Float64Array;
  prefixSq: Float64Array;
  /** prefixZero[i] = open days with y = 0 among 0..i-1. */
  prefixZero: Float64Array;
  /** Index of the last day ≤ i with a sale, or -1. */
  lastSale: Int32Array;
  /** Per day: log(latest known price at or before the day / the series' median price), 0 without prices. */
  priceRatio: Float64Array;
  /** log(scale), standardised across the panel. */
  level: number;
}

export interface Prepared {
  n: number;
  h: number;
  series: PreparedSeries[];
  /** Length n + h: 1 on open days. */
  open: Uint8Array;
  /** openPrefix[i] = open days among 0..i-1 (history only, length n + 1). */
  openPrefix: Float64Array;
  holiday: Uint8Array;
  days: DayFeatures;
  /** Day-of-year and month features are used only with more than a year of history; with less, they would
   * only let the network memorise dates and extrapolate them to a season it never saw. */
  yearly: boolean;
  /** The base the network corrects: the recent level ('level'), or the level times the weekday's share
   * ('weekday', shrunk by `profileWeight`, a power in [0, 1], toward 1 for series too noisy to trust it). */
  base: 'level' | 'weekday';
  profileWeight: number;
}

/** History needed before the day-of-year features are switched on. */
export const YEARLY_MIN_DAYS = 400;

/** How a panel is turned into features; a model trained at one cut forecasts later cuts with the same settings. */
export interface FeatureSettings {
  base: Prepared['base'];
  profileWeight: number;
  /** Default: on with at least YEARLY_MIN_DAYS of history. */
  yearly?: boolean;
  /** Mean and sd of log(scale) used to standardise the series' level; default: the panel's own. */
  levelStats?: { mean: number; sd: number };
}

export function prepare(
  panel: GlobalSeries[],
  calendar: GlobalCalendar,
  h: number,
  settings: FeatureSettings = { base: 'level', profileWeight: 1 },
): Prepared & { levelStats: { mean: number; sd: number } } {
  const n = panel.length ? panel[0].values.length : 0;
  for (const s of panel) {
    if (s.values.length !== n) throw new RangeError(`series ${s.key} has ${s.values.length} days, the panel ${n}`);
    if (s.prices && s.prices.length !== n) throw new RangeError(`prices of ${s.key} have ${s.prices.length} days, the panel ${n}`);
  }
  if (calendar.closed.length !== n + h || calendar.holiday.length !== n + h) {
    throw new RangeError(`the calendar must cover ${n + h} days (history + horizon), it has ${calendar.closed.length}/${calendar.holiday.length}`);
  }
  const open = new Uint8Array(n + h);
  for (let i = 0; i < n + h; i++) open[i] = calendar.closed[i] ? 0 : 1;
  const openPrefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) openPrefix[i + 1] = openPrefix[i] + open[i];

  const series = panel.map((s) => prepareSeries(s, open, n));
  let levelStats = settings.levelStats;
  if (!levelStats) {
    const logs = series.filter((s) => s.scale > 0).map((s) => Math.log(s.scale));
    const mean = logs.reduce((a, b) => a + b, 0) / Math.max(1, logs.length);
    const sd = Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, logs.length)) || 1;
    levelStats = { mean, sd };
  }
  for (const s of series) s.level = s.scale > 0 ? (Math.log(s.scale) - levelStats.mean) / levelStats.sd : 0;
  return {
    n,
    h,
    series,
    open,
    openPrefix,
    holiday: calendar.holiday,
    days: dayFeatures(calendar.start, n + h),
    yearly: settings.yearly ?? n >= YEARLY_MIN_DAYS,
    base: settings.base,
    profileWeight: settings.profileWeight,
    levelStats,
  };
}

function prepareSeries(s: GlobalSeries, open: Uint8Array, n: number): PreparedSeries {
  let sum = 0;
  let count = 0;
  for (let i = n - 1; i >= 0 && count < SCALE_DAYS; i--) {
    if (!open[i]) continue;
    sum += Math.max(0, s.values[i]);
    count++;
  }
  const scale = count ? sum / count : 0;
  const y = new Float64Array(n);
  const prefix = new Float64Array(n + 1);
  const prefixSq = new Float64Array(n + 1);
  const prefixZero = new Float64Array(n + 1);
  const lastSale = new Int32Array(n);
  let last = -1;
  for (let i = 0; i < n; i++) {
    const v = open[i] && scale > 0 ? Math.min(CLIP, Math.max(0, s.values[i]) / scale) : 0;
    y[i] = v;
    prefix[i + 1] = prefix[i] + v;
    prefixSq[i + 1] = prefixSq[i] + v * v;
    prefixZero[i + 1] = prefixZero[i] + (open[i] && v === 0 ? 1 : 0);
    if (v > 0) last = i;
    lastSale[i] = last;
  }
  return { scale, y, prefix, prefixSq, prefixZero, lastSale, priceRatio: priceRatios(s.prices, n), level: 0 };
}

function priceRatios(prices: Float64Array | undefined, n: number): Float64Array {
  const out = new Float64Array(n);
  if (!prices) return out;
  const known: number[] = [];
  for (const p of prices) if (Number.isFinite(p) && p > 0) known.push(p);
  if (!known.length) return out;
  known.sort((a, b) => a - b);
  const median = known[known.length >> 1];
  let ratio = 0;
  for (let i = 0; i < n; i++) {
    const p = prices[i];
    if (Number.isFinite(p) && p > 0) ratio = Math.max(-2, Math.min(2, Math.log(p / median)));
    out[i] = ratio;
  }
  return out;
}

/** Mean of y over the open days of (o - w, o]; 0 when none. */
function windowMean(p: Prepared, s: PreparedSeries, o: number, w: number): number {
  const a = Math.max(0, o + 1 - w);
  const days = p.openPrefix[o + 1] - p.openPrefix[a];
  return days > 0 ? (s.prefix[o + 1] - s.prefix[a]) / days : 0;
}

/** Mean of y on the same weekday as t over `weeks` weeks, counting back from the last such day ≤ o. */
function sameWeekdayMean(p: Prepared, s: PreparedSeries, o: number, t: number, weeks: number): number {
  let sum = 0;
  let count = 0;
  for (let d = t - 7 * Math.ceil((t - o) / 7), j = 0; j < weeks && d >= 0; d -= 7, j++) {
    if (!p.open[d]) continue;
    sum += s.y[d];
    count++;
  }
  return count ? sum / count : 0;
}

/**
 * Writes the features of (series, origin o, step k) into out[at .. at + FEATURE_COUNT) and returns the row's
 * log offset (log of the series' level at o). Nothing at or after o + 1 is read except the calendar.
 */
export function writeRow(p: Prepared, s: PreparedSeries, o: number, k: number, out: Float32Array, at: number): number {
  const t = o + k;
  const a28 = Math.max(0, o + 1 - 28);
  const open28 = p.openPrefix[o + 1] - p.openPrefix[a28];
  const m7 = windowMean(p, s, o, 7);
  const m28 = windowMean(p, s, o, 28);
  const m56 = windowMean(p, s, o, 56);
  const m91 = windowMean(p, s, o, 91);
  const sq28 = open28 > 0 ? (s.prefixSq[o + 1] - s.prefixSq[a28]) / open28 : 0;
  const sd28 = Math.sqrt(Math.max(0, sq28 - m28 * m28));
  const zero28 = open28 > 0 ? (s.prefixZero[o + 1] - s.prefixZero[a28]) / open28 : 1;
  let lastOpen = o;
  while (lastOpen > 0 && !p.open[lastOpen]) lastOpen--;
  const sameLag = t - 7 * Math.ceil(k / 7);
  const since = s.lastSale[o] < 0 ? 1 : Math.min(1, (o - s.lastSale[o]) / 28);
  const week8 = sameWeekdayMean(p, s, o, t, 8);
  const yf = p.days.yearFraction[t];

  out[at] = Math.log1p(s.y[lastOpen]);
  out[at + 1] = sameLag >= 0 ? Math.log1p(s.y[sameLag]) : 0;
  out[at + 2] = Math.log1p(sameWeekdayMean(p, s, o, t, 4));
  out[at + 3] = Math.log1p(m7);
  out[at + 4] = Math.log1p(m28);
  out[at + 5] = Math.log1p(m91);
  out[at + 6] = Math.log1p(sd28);
  out[at + 7] = zero28;
  const profile = Math.log((week8 + EPS) / (m56 + EPS));
  out[at + 8] = profile;
  out[at + 9] = since;
  out[at + 10] = k / 28;
  for (let d = 0; d < 7; d++) out[at + 11 + d] = p.days.weekday[t] === d ? 1 : 0;
  out[at + 18] = p.holiday[t] ? 1 : 0;
  out[at + 19] = p.holiday[t - 1] || (t + 1 < p.holiday.length && p.holiday[t + 1]) ? 1 : 0;
  out[at + 20] = p.yearly ? Math.sin(2 * Math.PI * yf) : 0;
  out[at + 21] = p.yearly ? Math.cos(2 * Math.PI * yf) : 0;
  out[at + 22] = p.yearly ? p.days.month[t] / 11 : 0;
  out[at + 23] = s.priceRatio[o]!;
  out[at + 24] = s.level;
  return Math.log(m28 + EPS) + (p.base === 'weekday' ? p.profileWeight * profile : 0);
}

/** Earliest origin of a training row: four weeks of history behind it, so every window has something in it. */
export const MIN_ORIGIN = 27;

export interface Rows {
  x: Float32Array;
  offset: Float32Array;
  /** Scaled targets (training rows only). */
  y: Float32Array;
  count: number;
}

/**
 * Training rows: (series, origin, step) with the target day open and inside history. All of them when they
 * fit in maxRows (a small panel such as the shop total), else maxRows drawn with replacement by the seeded
 * `random`, series chosen in proportion to `weights` (bounded memory: 4,000 products × 365 days × 28 steps
 * would be 40 million rows). Returned in a seeded random order, so batches mix series and seasons.
 */
export function trainingRows(p: Prepared, maxRows: number, random: () => number, weights?: Float64Array, maxOriginsBack = 365): Rows {
  const { n, h } = p;
  const oMin = Math.max(MIN_ORIGIN, n - 1 - maxOriginsBack - h);
  const live: number[] = [];
  for (let i = 0; i < p.series.length; i++) if (p.series[i].scale > 0 && (!weights || weights[i] > 0)) live.push(i);
  const triples: number[] = [];
  let total = 0;
  for (let o = oMin; o <= n - 2; o++) for (let k = 1; k <= h && o + k <= n - 1; k++) if (p.open[o + k]) total++;
  total *= live.length;
  if (total <= maxRows) {
    for (const i of live) for (let o = oMin; o <= n - 2; o++) for (let k = 1; k <= h && o + k <= n - 1; k++) if (p.open[o + k]) triples.push(i, o, k);
  } else if (live.length) {
    const cumulative = new Float64Array(live.length);
    let acc = 0;
    live.forEach((i, j) => (cumulative[j] = acc += weights ? weights[i] : 1));
    while (triples.length < maxRows * 3) {
      const u = random() * acc;
      let lo = 0;
      let hi = live.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid] > u) hi = mid;
        else lo = mid + 1;
      }
      const o = oMin + Math.floor(random() * (n - 1 - oMin));
      const k = 1 + Math.floor(random() * h);
      if (o + k > n - 1 || !p.open[o + k]) continue;
      triples.push(live[lo], o, k);
    }
  }
  const count = triples.length / 3;
  // Fisher–Yates on row indices, seeded.
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = order[i];
    order[i] = order[j]!;
    order[j] = tmp;
  }
  const x = new Float32Array(count * FEATURE_COUNT);
  const offset = new Float32Array(count);
  const y = new Float32Array(count);
  for (let r = 0; r < count; r++) {
    const q = order[r] * 3;
    const s = p.series[triples[q]];
    const o = triples[q + 1];
    const k = triples[q + 2];
    offset[r] = writeRow(p, s, o, k, x, r * FEATURE_COUNT);
    y[r] = s.y[o + k]!;
  }
  return { x, offset, y, count };
}

/** Forecast rows: every series with a scale, origin n - 1, steps 1..h (closed days included; they are zeroed after). */
export function forecastRows(p: Prepared, indices: number[]): Rows {
  const { n, h } = p;
  const count = indices.length * h;
  const x = new Float32Array(count * FEATURE_COUNT);
  const offset = new Float32Array(count);
  let r = 0;
  for (const i of indices) {
    for (let k = 1; k <= h; k++, r++) offset[r] = writeRow(p, p.series[i], n - 1, k, x, r * FEATURE_COUNT);
  }
  return { x, offset, y: new Float32Array(0), count };
}
