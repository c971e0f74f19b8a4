/**
 * The shop-total forecast in plain words, e.g. "next 4 weeks: £182k expected
 * (likely £165k–£199k), 6% above the same weeks last year; typically off by 11%
 * a week". The likely range is the 10–90% spread of the backtest's own errors on
 * the whole horizon's total (a biased model's range says so: "…, though recent
 * forecasts ran 9% low (likely …)"); "off by" is the backtest's mean weekly error.
 */
import { quantileSorted } from './intervals.js';

const SYMBOLS: Record<string, string> = { GBP: '£', USD: '$', EUR: '€', JPY: '¥', AUD: 'A$', CAD: 'C$', NZD: 'NZ$', CHF: 'CHF ', INR: '₹' };

export function money(value: number, currency: string | null): string {
  const sym = currency ? (SYMBOLS[currency] ?? `${currency} `) : '';
  const a = Math.abs(value);
  const sign = value < 0 ? '−' : '';
  const num =
    a >= 1e6 ? `${(a / 1e6).toFixed(a >= 1e7 ? 0 : 1)}m` : a >= 1e4 ? `${Math.round(a / 1e3)}k` : a >= 1e3 ? `${(a / 1e3).toFixed(1)}k` : `${Math.round(a)}`;
  return `${sign}${sym}${num}`;
}

export function horizonWords(h: number): string {
  if (h === 7) return 'next week';
  if (h % 7 === 0) return `next ${h / 7} weeks`;
  return h === 1 ? 'tomorrow' : `next ${h} days`;
}

export interface SummaryInput {
  h: number;
  currency: string | null;
  /** The forecast of the total's next h days. */
  mean: Float64Array;
  /** The total's history (day n−1 is the cut). */
  history: Float64Array;
  /** The served backtest: cut indexes and the mean forecast from each. */
  cuts: number[];
  backtestMeans: Float64Array[];
}

export function plainSummary(s: SummaryInput): string {
  const { h, history: y } = s;
  const n = y.length;
  let expected = 0;
  for (const v of s.mean) expected += v;
  // Ratios actual / forecast over whole windows, and weekly errors over whole weeks.
  const ratios: number[] = [];
  let weekErr = 0;
  let weekAct = 0;
  for (let o = 0; o < s.cuts.length; o++) {
    const cut = s.cuts[o];
    const f = s.backtestMeans[o];
    const avail = Math.min(h, n - cut);
    if (avail === h) {
      let a = 0;
      let p = 0;
      for (let k = 0; k < h; k++) {
        a += y[cut + k];
        p += f[k];
      }
      if (p > 0) ratios.push(a / p);
    }
    for (let w = 0; (w + 1) * 7 <= avail; w++) {
      let a = 0;
      let p = 0;
      for (let k = w * 7; k < (w + 1) * 7; k++) {
        a += y[cut + k];
        p += f[k];
      }
      weekErr += Math.abs(a - p);
      weekAct += Math.abs(a);
    }
  }
  const parts = [`${horizonWords(h)}: ${money(expected, s.currency)} expected`];
  if (ratios.length >= 4) {
    const sorted = Float64Array.from(ratios).sort();
    const lo = quantileSorted(sorted, 0.1);
    const hi = quantileSorted(sorted, 0.9);
    // When even the 10–90% spread of past errors lies on one side, the forecasts have run low (or high)
    // lately: the range alone would put the expected figure outside it without saying why.
    if (lo > 1 || hi < 1) {
      const off = Math.round(Math.abs(quantileSorted(sorted, 0.5) - 1) * 100);
      parts[0] += `, though recent forecasts ran ${off}% ${lo > 1 ? 'low' : 'high'}`;
    }
    parts[0] += ` (likely ${money(expected * lo, s.currency)}–${money(expected * hi, s.currency)})`;
  }
  // The same weekdays a year before: 364 days back.
  if (n - 364 >= 0 && n - 364 + h <= n) {
    let last = 0;
    for (let k = 0; k < h; k++) last += y[n - 364 + k];
    if (last > 0) {
      const change = expected / last - 1;
      const pct = Math.round(Math.abs(change) * 100);
      parts.push(pct === 0 ? 'about the same as the same weeks last year' : `${pct}% ${change > 0 ? 'above' : 'below'} the same weeks last year`);
    }
  }
  let text = parts.join(', ');
  if (weekAct > 0) text += `; typically off by ${Math.round((weekErr / weekAct) * 100)}% a week`;
  return text;
}
