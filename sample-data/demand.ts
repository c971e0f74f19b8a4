/**
 * The true demand model. Every product's expected number of Square lines per
 * day at a size-1 store is a product of named, documented factors; truth.json
 * records each factor so a forecaster can be scored against the real thing:
 *
 *   rate = baseRate × weekly[weekday] × season(day) × (1 + christmasLift × ramp(day))
 *          × trend(day) × special(day)
 *          × (price / startPrice)^(−elasticity) × promoLift × launchRamp × releaseBoost
 *
 * and zero when the shop is closed or the product is not on sale that day.
 * A store multiplies this by its size and the shop's traffic scale, and the
 * injected anomalies multiply it on their day only.
 */
import type { DayInfo } from './calendar.js';
import { type Group, type Product, inWindow, priceOn } from './catalog.js';
import { dayFromYmd, dayOfYear, nthWeekday, ymdFromDay } from './dates.js';

/** Seasonality peaks in mid-December (day-of-year 348); the trough falls in mid-June. */
export const SEASON_PEAK_DOY = 348;

/** cos(2π(doy − peak)/365.25), memoised per day: it is needed for every product on every day. */
const seasonCos = new Map<number, number>();
function seasonPhaseCos(day: number): number {
  let c = seasonCos.get(day);
  if (c === undefined) {
    c = Math.cos((2 * Math.PI * (dayOfYear(day) - SEASON_PEAK_DOY)) / 365.25);
    seasonCos.set(day, c);
  }
  return c;
}

export function seasonFactor(amplitude: number, day: number): number {
  return Math.max(0.05, 1 + amplitude * seasonPhaseCos(day));
}

/** Christmas shopping ramp: 0 before 1 December, rising to 1 on the 23rd, 0 from the 24th's close. */
export function christmasRamp(day: number): number {
  const { m, d } = ymdFromDay(day);
  if (m !== 12 || d > 24) return 0;
  return Math.min(1, (d - 1) / 22);
}

export interface Promotion {
  name: string;
  /** Online discount code; in store the discount shows on the line. */
  code: string;
  groups: Group[];
  from: number;
  to: number;
  discountPct: number;
}

/** Extra lift from a promotion beyond what the lower price explains (signage, newsletter). */
export const PROMO_ATTENTION_LIFT = 1.15;

/** The recurring promotions of each year, clipped to the history. */
export function buildPromotions(firstDay: number, lastDay: number): Promotion[] {
  const out: Promotion[] = [];
  for (let y = ymdFromDay(firstDay).y; y <= ymdFromDay(lastDay).y; y++) {
    const blackFriday = nthWeekday(y, 11, 4, 4) + 1;
    out.push(
      {
        name: `January Sale ${y}`,
        code: `JANUARY${y % 100}`,
        groups: ['gifts', 'stationery'],
        from: dayFromYmd(y, 1, 2),
        to: dayFromYmd(y, 1, 14),
        discountPct: 0.3,
      },
      {
        name: `Summer Reading ${y}`,
        code: `SUMMER${y % 100}`,
        groups: ['books', 'kids'],
        from: dayFromYmd(y, 7, 1),
        to: dayFromYmd(y, 7, 14),
        discountPct: 0.2,
      },
      {
        name: `Back to School ${y}`,
        code: `SCHOOL${y % 100}`,
        groups: ['stationery'],
        from: dayFromYmd(y, 8, 18),
        to: dayFromYmd(y, 8, 31),
        discountPct: 0.15,
      },
      { name: `Black Friday Weekend ${y}`, code: `BLACKFRIDAY${y % 100}`, groups: ['gifts'], from: blackFriday, to: blackFriday + 2, discountPct: 0.25 },
    );
  }
  return out.filter((p) => p.to >= firstDay && p.from <= lastDay);
}

export function promoLift(p: Product, promo: Promotion): number {
  return Math.pow(1 - promo.discountPct, -p.elasticity) * PROMO_ATTENTION_LIFT;
}

/** Is the product on the shelf that day (launched, not discontinued, in its season)? */
export function onSale(p: Product, day: number, monthDay: string): boolean {
  if (p.launchDay !== null && day < p.launchDay) return false;
  if (p.discontinueDay !== null && day >= p.discontinueDay) return false;
  if (p.window && !inWindow(p.window, monthDay)) return false;
  return true;
}

export interface DemandTable {
  firstDay: number;
  days: number;
  /** unitRate[p * days + i]: expected lines of product p on day i at a size-1 store. */
  unitRate: Float64Array;
  /** The promotion active for product p on day i, if any (index into promotions, -1 none). */
  promoIndex: Int16Array;
  /** Prefix sums of expected units (rate × mean quantity), for stock planning. */
  unitPrefix: Float64Array;
  /** Per day: Σ over products of unitRate (expected lines at a size-1 store). */
  dayTotal: Float64Array;
}

export function meanQty(p: Product): number {
  const [a, b, c] = p.qtyWeights;
  return (a + 2 * b + 3 * c) / (a + b + c);
}

export function buildDemand(products: Product[], calendar: DayInfo[], promotions: Promotion[]): DemandTable {
  const days = calendar.length;
  const firstDay = calendar[0].day;
  const unitRate = new Float64Array(products.length * days);
  const promoIndex = new Int16Array(products.length * days).fill(-1);
  const unitPrefix = new Float64Array(products.length * (days + 1));
  const dayTotal = new Float64Array(days);
  const ramp = calendar.map((d) => christmasRamp(d.day));
  const monthDays = calendar.map((d) => d.iso.slice(5));
  for (const p of products) {
    const q = meanQty(p);
    for (let i = 0; i < days; i++) {
      const d = calendar[i];
      const k = p.index * days + i;
      let r = 0;
      if (d.open && onSale(p, d.day, monthDays[i])) {
        r = p.baseRate * p.weekly[d.weekday] * seasonFactor(p.yearlyAmplitude, d.day) * d.specialFactor;
        r *= 1 + p.christmasLift * ramp[i];
        r *= Math.pow(1 + p.trendPerYear, (d.day - firstDay) / 365.25);
        r *= Math.pow(priceOn(p, d.day) / p.startPriceCents, -p.elasticity);
        const pi = promotions.findIndex((pr) => pr.groups.includes(p.group) && d.day >= pr.from && d.day <= pr.to);
        if (pi >= 0) {
          promoIndex[k] = pi;
          r *= promoLift(p, promotions[pi]);
        }
        if (p.launchDay !== null && p.rampDays > 0) r *= Math.min(1, (d.day - p.launchDay + 1) / p.rampDays);
        if (p.launchDay !== null && p.releaseBoost) {
          r *= 1 + (p.releaseBoost.peak - 1) * Math.pow(2, -(d.day - p.launchDay) / p.releaseBoost.halfLifeDays);
        }
      }
      unitRate[k] = r;
      dayTotal[i] = dayTotal[i] + r;
      unitPrefix[p.index * (days + 1) + i + 1] = unitPrefix[p.index * (days + 1) + i] + r * q;
    }
  }
  return { firstDay, days, unitRate, promoIndex, unitPrefix, dayTotal };
}

/** Expected units of product p over day indexes [from, to] at a size-1 store. */
export function expectedUnits(t: DemandTable, productIndex: number, from: number, to: number): number {
  const a = Math.max(0, Math.min(t.days, from));
  const b = Math.max(0, Math.min(t.days, to + 1));
  if (b <= a) return 0;
  const base = productIndex * (t.days + 1);
  return t.unitPrefix[base + b] - t.unitPrefix[base + a];
}

/** Shop-wide footfall on a day relative to an average day (drives known customers' visits). */
export function footfall(d: DayInfo, weekly: readonly number[], weeklyMean: number): number {
  if (!d.open) return 0;
  return (weekly[d.weekday] / weeklyMean) * seasonFactor(SHOP_AMPLITUDE, d.day) * d.specialFactor;
}
export const SHOP_AMPLITUDE = 0.2;

/** Online shoppers: Sunday/Monday evenings are busiest; stronger December peak; promos draw clicks. */
export const ONLINE_WEEKLY = [1.15, 1.15, 1.0, 1.0, 0.95, 0.9, 0.85] as const;
export const ONLINE_AMPLITUDE = 0.4;
export const ONLINE_PROMO_LIFT = 1.3;

export function onlineFactor(day: number, weekday: number, promoActive: boolean): number {
  return ONLINE_WEEKLY[weekday] * seasonFactor(ONLINE_AMPLITUDE, day) * (promoActive ? ONLINE_PROMO_LIFT : 1);
}
