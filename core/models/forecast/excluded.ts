/**
 * Days the owner marked as an error, left out of the forecast's training (pure).
 *
 * The models need one value per day (a weekly season counts days), so a day
 * left out cannot simply be dropped: it is treated as missing and filled with
 * what that weekday has been lately, the median of the same weekday over the
 * previous 4 weeks that were not left out themselves (the weeks after, at the
 * very start of the history, where there are none before). Why that value:
 *  - it is the seasonal expected value as of that day, a figure the models
 *    would have forecast anyway, so it adds no error of its own for them to fit
 *    (a 0 would read as a closure or a collapse, the bad value as demand);
 *  - a median, so one odd week among the four does not become the stand-in;
 *  - from the weeks before only, so a backtest origin after the day sees no
 *    later data through it (except at the very start, where nothing comes before).
 * Every series of the day gets its stand-in (the shop total, each category, each
 * product: a till mistake distorts them all), and a product's price that day is
 * unknown (NaN: the models then use the latest known one).
 */
import { median } from '../median.js';

export const FILL_WEEKS = 4;

/**
 * Replaces `values[i]` for every i in `days` (day indexes, any order) by the
 * median of the same weekday over the FILL_WEEKS previous weeks not in `days`,
 * else the following weeks, else 0. Fills in place and returns `values`.
 */
export function fillExcludedDays(values: Float64Array, days: readonly number[], season = 7): Float64Array {
  if (!days.length) return values;
  const left = new Set(days);
  const stand = new Map<number, number>();
  for (const i of days) {
    if (i < 0 || i >= values.length) continue;
    const pick = (step: number) => {
      const out: number[] = [];
      for (let j = i + step; j >= 0 && j < values.length && out.length < FILL_WEEKS; j += step) if (!left.has(j)) out.push(values[j]);
      return out;
    };
    const before = pick(-season);
    const near = before.length ? before : pick(season);
    stand.set(i, near.length ? median(near) : 0);
  }
  // Written after all are chosen: a stand-in never feeds another one.
  for (const [i, v] of stand) values[i] = v;
  return values;
}
