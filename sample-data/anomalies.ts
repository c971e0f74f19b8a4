/**
 * Injected anomalies on known days, so an anomaly detector can be scored:
 *  - spike: the first store's demand × magnitude for one day (a signing event);
 *  - drop: the first store's demand × magnitude for one day (card reader outage);
 *  - refund-burst: every sale of one product in the previous 35 days refunded on
 *    one day (a faulty batch); magnitude = lines refunded;
 *  - till-typo: one line keyed as quantity 100 instead of 1; magnitude = 100.
 *
 * Days are placed at fixed fractions of the history (so short histories have
 * them too), moved to ordinary Monday–Saturday trading days away from holidays,
 * promotions, the December peak and each other, so their effect is clean.
 */
import type { DayInfo } from './calendar.js';
import type { Product } from './catalog.js';
import type { Promotion } from './demand.js';
import type { Rng } from './rng.js';

export type AnomalyKind = 'spike' | 'drop' | 'refund-burst' | 'till-typo';

export interface Anomaly {
  kind: AnomalyKind;
  /** Index into the calendar. */
  dayIndex: number;
  date: string;
  store: number;
  scope: 'shop' | 'product';
  product: Product | null;
  magnitude: number;
  note: string;
}

export const BURST_WINDOW_DAYS = 35;
export const TYPO_QTY = 100;

function quiet(d: DayInfo, promotions: Promotion[]): boolean {
  const md = d.iso.slice(5);
  return d.open && !d.special && d.weekday !== 0 && !(md >= '11-15' || md <= '01-07') && !promotions.some((p) => d.day >= p.from - 1 && d.day <= p.to + 1);
}

export function placeAnomalies(rng: Rng, days: DayInfo[], promotions: Promotion[], products: Product[]): Anomaly[] {
  const n = days.length;
  const taken: number[] = [];
  const place = (fromFrac: number, toFrac: number, minIndex = 0): number => {
    const start = Math.max(minIndex, Math.floor(rng.uniform(fromFrac, toFrac) * (n - 1)));
    const ok = (i: number, strict: boolean) =>
      i >= minIndex && i < n && days[i].open && taken.every((t) => Math.abs(t - i) >= 7) && (!strict || quiet(days[i], promotions));
    for (const strict of [true, false]) {
      for (let k = 0; k < n; k++) {
        for (const i of [start + k, start - k]) {
          if (ok(i, strict)) {
            taken.push(i);
            return i;
          }
        }
      }
    }
    return start; // history too short to keep anomalies apart: share a day
  };
  const steady = (p: Product) => p.launchDay === null && p.discontinueDay === null && p.window === null;
  const typoProduct = products.find((p) => p.name === 'Latte' && steady(p)) ?? products.find((p) => p.group === 'cafe' && steady(p))!;
  const burstProduct = products.filter((p) => p.group === 'gifts' && steady(p)).sort((a, b) => b.baseRate - a.baseRate)[0];

  const at = (kind: AnomalyKind, i: number, product: Product | null, magnitude: number, note: string): Anomaly => ({
    kind,
    dayIndex: i,
    date: days[i].iso,
    store: 0,
    scope: product ? 'product' : 'shop',
    product,
    magnitude,
    note,
  });
  const out: Anomaly[] = [
    at('drop', place(0.3, 0.4), null, Math.round(rng.uniform(0.2, 0.3) * 100) / 100, 'card reader outage: most customers turned away'),
    at('spike', place(0.55, 0.65), null, Math.round(rng.uniform(2.6, 3.4) * 100) / 100, 'author signing event: three times the usual trade'),
    at(
      'refund-burst',
      place(0.7, 0.8, Math.min(n - 1, BURST_WINDOW_DAYS)),
      burstProduct,
      0,
      `faulty batch: every ${burstProduct.name} sold in the previous ${BURST_WINDOW_DAYS} days returned`,
    ),
  ];
  for (const [a, b] of [
    [0.15, 0.25],
    [0.45, 0.5],
    [0.85, 0.95],
  ] as const) {
    out.push(at('till-typo', place(a, b), typoProduct, TYPO_QTY, `${typoProduct.name} keyed as quantity ${TYPO_QTY} instead of 1`));
  }
  return out.sort((x, y) => x.dayIndex - y.dayIndex);
}
