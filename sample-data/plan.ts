/**
 * Options → a concrete plan: the history's dates, how many stores and how busy.
 *
 * The default shop is one store at traffic scale 1. `lines` asks for about N
 * sales lines in total: the expected lines of a single store (from the demand
 * table and the customers' visit processes) say how many stores of the same
 * shop are needed, and a traffic scale fine-tunes the total to N. Customers
 * scale with traffic so each archetype keeps its share of the trade.
 */
import { buildCalendar, type ShopCalendar, WEEKLY_PROFILE } from './calendar.js';
import { buildCatalog, type Group, type Product } from './catalog.js';
import { buildDemand, buildPromotions, type DemandTable, onlineFactor, type Promotion } from './demand.js';
import { dayFromIso } from './dates.js';
import { expectedBasketLines, ONLINE_ARCHETYPES } from './customers.js';
import { Rng } from './rng.js';

export const DEFAULT_SEED = 20251231;
export const DEFAULT_END = '2025-12-31';
/** 2024-01-01 … 2025-12-31: two full years (2024 is a leap year). */
export const DEFAULT_DAYS = 731;
export const CUSTOMERS_PER_STORE = 1000;
export const ONLINE_CUSTOMERS_PER_STORE = 400;
export const MAX_DAYS = 366 * 30;

export const SHOP_NAME = 'Juniper & Ink';
const PLACES = [
  'Main St',
  'Riverside',
  'Old Town',
  'Harbour View',
  'Market Square',
  'Station Road',
  'Hillcrest',
  'Westgate',
  'Mill Lane',
  'Orchard Park',
  'College Green',
  'Bridge End',
];

/** Chance that a line is later refunded, by group (a café order is rarely returned). */
export const REFUND_PROB: Record<Group, number> = {
  cafe: 0.003,
  bakery: 0.003,
  books: 0.015,
  kids: 0.012,
  stationery: 0.01,
  gifts: 0.02,
  cards: 0.003,
  beans: 0.01,
  misc: 0.005,
};

export interface StorePlan {
  index: number;
  name: string;
  /** Relative footfall; the first store is the reference (1.0). */
  size: number;
  customers: number;
}

export interface Plan {
  seed: number;
  days: number;
  firstDay: number;
  lastDay: number;
  requestedLines: number | null;
  trafficScale: number;
  stores: StorePlan[];
  onlineCustomers: number;
  expectedLines: number;
  rng: Rng;
  calendar: ShopCalendar;
  products: Product[];
  promotions: Promotion[];
  demand: DemandTable;
}

export interface PlanOptions {
  seed?: number | undefined;
  days?: number | undefined;
  lines?: number | undefined;
  endDate?: string | undefined;
}

function expectedPerStore(products: Product[], demand: DemandTable): number {
  let total = 0;
  for (const p of products) {
    let s = 0;
    for (let i = 0; i < demand.days; i++) s += demand.unitRate[p.index * demand.days + i];
    total += s * (1 + REFUND_PROB[p.group]);
  }
  return total;
}

/** Expected online lines per store-equivalent (ONLINE_CUSTOMERS_PER_STORE customers). */
function expectedOnline(calendar: ShopCalendar, promotions: Promotion[]): number {
  const first = calendar.days[0].day;
  const span = Math.max(1, calendar.days[calendar.days.length - 1].day - first);
  let total = 0;
  for (const spec of ONLINE_ARCHETYPES) {
    const count = spec.share * ONLINE_CUSTOMERS_PER_STORE;
    let visits = 0;
    if (spec.archetype === 'one-off') visits = 1;
    else {
      const meanRate = (spec.rate[0] + spec.rate[1]) / 2;
      for (const d of calendar.days) {
        const promo = promotions.some((p) => d.day >= p.from && d.day <= p.to);
        let active = 1;
        if (spec.lapseAt) {
          const t = (d.day - first) / span;
          const [a, b] = spec.lapseAt;
          active = t < a ? 1 : t >= b ? 0 : (b - t) / (b - a);
        }
        visits += meanRate * onlineFactor(d.day, d.weekday, promo) * active;
      }
    }
    total += count * visits * expectedBasketLines(spec);
  }
  return total;
}

export function makePlan(o: PlanOptions): Plan {
  const seed = o.seed ?? DEFAULT_SEED;
  const days = o.days ?? DEFAULT_DAYS;
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError('seed must be a whole number ≥ 0');
  if (!Number.isInteger(days) || days < 28 || days > MAX_DAYS) throw new RangeError(`days must be a whole number from 28 to ${MAX_DAYS}`);
  if (o.lines !== undefined && (!Number.isInteger(o.lines) || o.lines < 1000)) throw new RangeError('lines must be a whole number ≥ 1000');
  const lastDay = dayFromIso(o.endDate ?? DEFAULT_END);
  const firstDay = lastDay - days + 1;
  const rng = new Rng(seed);
  const calendar = buildCalendar(firstDay, lastDay);
  const products = buildCatalog(rng.fork('catalog'), { firstDay, lastDay }, WEEKLY_PROFILE);
  const promotions = buildPromotions(firstDay, lastDay);
  const demand = buildDemand(products, calendar.days, promotions);

  const perStore = expectedPerStore(products, demand) + expectedOnline(calendar, promotions);
  const sizeRng = rng.fork('stores');
  let storeCount = 1;
  let trafficScale = 1;
  const sizes = [1];
  if (o.lines !== undefined) {
    // Other stores are 60–130% of the first; their mean is about 0.95.
    storeCount = Math.max(1, Math.round(o.lines / (perStore * 0.95)));
    for (let s = 1; s < storeCount; s++) sizes.push(Math.round(sizeRng.uniform(0.6, 1.3) * 100) / 100);
    trafficScale = o.lines / (perStore * sizes.reduce((a, b) => a + b, 0));
  }
  const stores: StorePlan[] = sizes.map((size, index) => ({
    index,
    name: `${SHOP_NAME} ${index < PLACES.length ? PLACES[index] : `${PLACES[index % PLACES.length]} ${Math.floor(index / PLACES.length) + 1}`}`,
    size,
    customers: Math.max(10, Math.round(CUSTOMERS_PER_STORE * size * trafficScale)),
  }));
  const totalSize = sizes.reduce((a, b) => a + b, 0);
  return {
    seed,
    days,
    firstDay,
    lastDay,
    requestedLines: o.lines ?? null,
    trafficScale,
    stores,
    onlineCustomers: Math.max(10, Math.round(ONLINE_CUSTOMERS_PER_STORE * totalSize * trafficScale)),
    expectedLines: Math.round(perStore * totalSize * trafficScale),
    rng,
    calendar,
    products,
    promotions,
    demand,
  };
}
