/**
 * The sample shop's expected net sales per day, worked out from its truth file
 * (truth.json, written by `tillsight sample`) with the formula the file states:
 *
 *   in store: Σ products baseRate × weekly[weekday] × (1 + A·cos(2π(doy − peak)/365.25))
 *             × (1 + christmasLift × ramp) × (1 + trendPerYear)^years × meanQty × price
 *   online:   weekly[weekday] × (1 + A_online·cos(…)), scaled to the online share of the truth's totals
 *
 * Promotions, launches, price changes and special days are left out: this is
 * the shop's weekly and yearly pattern, which the forecast is asked to recover,
 * not a forecast of its own. The seasonal and Christmas factors are the
 * generator's own functions (sample-data/demand.ts), so the formula is not
 * written twice; nothing here comes from core/.
 */
import { christmasRamp, seasonFactor } from '../sample-data/demand.js';
import { dayFromIso, WEEKDAY_NAMES, weekdayOf } from '../sample-data/dates.js';

type Weekly = Record<(typeof WEEKDAY_NAMES)[number], number>;

export interface SampleTruth {
  period: { from: string; to: string };
  calendar: { closedDays: Array<{ date: string }> };
  online: { weeklyProfile: Weekly; yearlyAmplitude: number };
  demand: {
    products: Array<{ baseRate: number; meanQty: number; price: number; weekly: Weekly; yearlyAmplitude: number; christmasLift: number; trendPerYear: number }>;
  };
  totals: { squareNetSales: number; shopifyByStatus: Record<string, { total: number }> };
}

/**
 * Expected net sales of every day from `fromIso` for `days` days (inside the
 * truth's period or after it), in the truth's units scaled so the mean over the
 * truth's period is 1: a shape, not a level.
 */
export function truthDailyPattern(truth: SampleTruth, fromIso: string, days: number): Float64Array {
  const first = dayFromIso(truth.period.from);
  const closed = new Set(truth.calendar.closedDays.map((c) => dayFromIso(c.date)));
  const store = (day: number) => {
    if (closed.has(day)) return 0;
    const w = WEEKDAY_NAMES[weekdayOf(day)];
    let v = 0;
    for (const p of truth.demand.products) {
      v +=
        p.baseRate *
        p.weekly[w] *
        seasonFactor(p.yearlyAmplitude, day) *
        (1 + p.christmasLift * christmasRamp(day)) *
        Math.pow(1 + p.trendPerYear, (day - first) / 365.25) *
        p.meanQty *
        p.price;
    }
    return v;
  };
  const online = (day: number) => truth.online.weeklyProfile[WEEKDAY_NAMES[weekdayOf(day)]] * seasonFactor(truth.online.yearlyAmplitude, day);
  // Each channel scaled to mean 1 over the period, then mixed by the online shop's share of net sales
  // in the truth's totals (orders that were sales: paid, partly refunded).
  let ms = 0;
  let mo = 0;
  const whole = dayFromIso(truth.period.to) - first + 1;
  for (let i = 0; i < whole; i++) {
    ms += store(first + i) / whole;
    mo += online(first + i) / whole;
  }
  const s = truth.totals.shopifyByStatus;
  const onlineNet = (s.paid?.total ?? 0) + (s.partially_refunded?.total ?? 0);
  const share = onlineNet / (onlineNet + truth.totals.squareNetSales);
  const start = dayFromIso(fromIso);
  return Float64Array.from({ length: days }, (_, i) => (1 - share) * (store(start + i) / ms) + share * (online(start + i) / mo));
}

/** Mean by weekday (0 = Sunday) over the days with a positive value, divided by the mean of the seven. */
export function weekdayProfile(values: ArrayLike<number>, fromIso: string): number[] {
  const start = dayFromIso(fromIso);
  const sums = new Array<number>(7).fill(0);
  const counts = new Array<number>(7).fill(0);
  for (let i = 0; i < values.length; i++) {
    if (!(values[i] > 0)) continue;
    const w = weekdayOf(start + i);
    sums[w] += values[i];
    counts[w]++;
  }
  const means = sums.map((v, i) => (counts[i] ? v / counts[i] : 0));
  const m = means.reduce((a, b) => a + b, 0) / 7;
  return means.map((x) => x / m);
}
