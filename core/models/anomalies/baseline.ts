/**
 * A robust seasonal baseline for the shop's day: what a normal day with this
 * weekday, at this time of year, would have sold.
 *
 *   level(d)    = median of the trading days within ±LEVEL_DAYS of d (d itself left out)
 *   expected(d) = level(d) × median over the same weekday ±1…±WEEKS weeks of value / level
 *
 * Medians, so a spike or a drop does not raise or lower the normal of its
 * neighbours, and the weekday pattern is local (a Sunday in December is judged
 * against December's Sundays). Centred windows look at later days too: this
 * is for judging the past, not forecasting. The forecast model's in-sample
 * expected values can take its place (`expected` in trainAnomalies).
 */
import { median } from './robust.js';

export const LEVEL_DAYS = 14;
export const WEEKS = 4;

/**
 * `values` per consecutive calendar day; `traded[i]` false for days the shop
 * did not trade (they are neither normal days nor judged). NaN where there is
 * nothing to compare with.
 */
export function seasonalBaseline(values: Float64Array, traded: Uint8Array, options: { levelDays?: number; weeks?: number } = {}): Float64Array {
  const n = values.length;
  const half = options.levelDays ?? LEVEL_DAYS;
  const weeks = options.weeks ?? WEEKS;
  const level = new Float64Array(n).fill(NaN);
  const window: number[] = [];
  for (let i = 0; i < n; i++) {
    window.length = 0;
    for (let j = Math.max(0, i - half); j <= Math.min(n - 1, i + half); j++) if (j !== i && traded[j]) window.push(values[j]!);
    if (window.length) level[i] = median(window);
  }
  const ratio = new Float64Array(n).fill(NaN);
  for (let i = 0; i < n; i++) if (traded[i] && level[i]! > 0) ratio[i] = values[i]! / level[i]!;

  // Fallback for a day with no same-weekday neighbour near it: that weekday's ratio over the whole history.
  const byWeekday: number[][] = [[], [], [], [], [], [], []];
  for (let i = 0; i < n; i++) if (!Number.isNaN(ratio[i]!)) byWeekday[i % 7]!.push(ratio[i]!);
  const weekdayRatio = byWeekday.map((r) => (r.length ? median(r) : NaN));

  const expected = new Float64Array(n).fill(NaN);
  const neighbours: number[] = [];
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(level[i]!)) continue;
    neighbours.length = 0;
    for (let k = 1; k <= weeks; k++) {
      for (const j of [i - 7 * k, i + 7 * k]) if (j >= 0 && j < n && !Number.isNaN(ratio[j]!)) neighbours.push(ratio[j]!);
    }
    const r = neighbours.length ? median(neighbours) : weekdayRatio[i % 7]!;
    expected[i] = level[i]! * r;
  }
  return expected;
}
