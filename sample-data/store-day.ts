/**
 * One store's trading day.
 *
 * 1. Demand: each product's lines for the day are Poisson(rate × store size ×
 *    traffic scale × anomaly factor), capped by stock for retail goods. This is
 *    the whole day's trade, so the demand truth holds however it is split up.
 * 2. Known customers whose visit falls today take baskets out of that pool,
 *    each by their archetype's habit (big spenders take the dearest items).
 * 3. What is left is bought by anonymous walk-ins in small baskets.
 * A basket never holds the same product twice (one line per item, as a till
 * rings it), so no two lines of a sale are identical.
 */
import type { DayInfo } from './calendar.js';
import { type Group, type Product, priceOn } from './catalog.js';
import type { Customer } from './customers.js';
import { randomCard } from './customers.js';
import type { DemandTable, Promotion } from './demand.js';
import { roundCents } from './format.js';
import { squareId } from './ids.js';
import type { Basket, SaleLine } from './model.js';
import type { Rng } from './rng.js';
import type { StockBook } from './stock.js';

export const TAX_RATE = 0.06;
export const STAFF_DISCOUNT = { share: 0.01, pct: 0.2 };
const WALK_IN_SIZES = [0.5, 0.27, 0.13, 0.06, 0.04];
const GROUPS: Group[] = ['cafe', 'bakery', 'books', 'kids', 'stationery', 'gifts', 'cards', 'beans', 'misc'];

/** Customers per hour of the day (index = hour): the café is busiest at breakfast and lunch. */
const CAFE_HOURS = [0, 0, 0, 0, 0, 0, 0, 0, 3.0, 3.0, 2.2, 1.6, 2.2, 2.0, 1.2, 1.2, 1.0, 0.8, 0.5, 0.2, 0, 0, 0, 0];
const RETAIL_HOURS = [0, 0, 0, 0, 0, 0, 0, 0, 0.3, 0.6, 1.0, 1.4, 1.6, 1.7, 1.8, 1.8, 1.7, 1.4, 0.9, 0.3, 0, 0, 0, 0];

export interface StoreContext {
  index: number;
  name: string;
  size: number;
  staff: { morning: string[]; afternoon: string[] };
  customers: Customer[];
}

export interface DayContext {
  products: Product[];
  demand: DemandTable;
  promotions: Promotion[];
  trafficScale: number;
  stock: StockBook;
  /** Multiplier for this store today (spike/drop anomalies), 1 otherwise. */
  anomalyFactor: number;
  /** Today this store rings a till typo on this product. */
  typoProduct: Product | null;
  /** Footfall relative to an average day, for known customers' visits. */
  footfall: number;
}

interface PoolLine {
  product: Product;
  qty: number;
  typo: boolean;
}

function drawQty(rng: Rng, p: Product): number {
  return 1 + rng.weightedIndex(p.qtyWeights);
}

/** Hourly weights restricted to opening hours, cached per (profile, hours) pair. */
const hourWeightCache = new Map<string, number[]>();
function openHourWeights(d: DayInfo, hours: number[]): number[] {
  const key = `${hours === CAFE_HOURS ? 'c' : 'r'}${d.openMin}-${d.closeMin}`;
  let w = hourWeightCache.get(key);
  if (!w) {
    w = hours.map((x, h) => (h * 60 + 59 < d.openMin || h * 60 >= d.closeMin ? 0 : x));
    hourWeightCache.set(key, w);
  }
  return w;
}

/** A time inside opening hours, drawn from an hourly profile. */
function drawTime(rng: Rng, d: DayInfo, hours: number[]): number {
  const h = rng.weightedIndex(openHourWeights(d, hours));
  const from = Math.max(h * 60, d.openMin) * 60;
  const to = Math.min(h * 60 + 60, d.closeMin) * 60;
  return from + rng.int(Math.max(1, to - from));
}

function takeFrom(pool: PoolLine[][], group: number, rng: Rng, priceSeeking: boolean, day: number, exclude: Set<Product>): PoolLine | null {
  const list = pool[group];
  if (list.length === 0) return null;
  let best = -1;
  const tries = priceSeeking ? 3 : 1;
  for (let t = 0; t < tries + 2; t++) {
    const k = rng.int(list.length);
    const cand = list[k];
    if (exclude.has(cand.product)) continue;
    if (best < 0 || (priceSeeking && priceOn(cand.product, day) > priceOn(list[best].product, day))) best = k;
    if (t + 1 >= tries && best >= 0) break;
  }
  if (best < 0) return null;
  const chosen = list[best];
  list[best] = list[list.length - 1]!;
  list.pop();
  return chosen;
}

export function simulateStoreDay(rng: Rng, d: DayInfo, dayIndex: number, store: StoreContext, ctx: DayContext): Basket[] {
  if (!d.open) return [];
  const { products, demand } = ctx;
  // 1. The day's demand.
  const pool: PoolLine[][] = GROUPS.map(() => []);
  const scale = store.size * ctx.trafficScale * ctx.anomalyFactor;
  for (const p of products) {
    const rate = demand.unitRate[p.index * demand.days + dayIndex];
    if (rate <= 0) continue;
    const n = rng.poisson(rate * scale);
    const g = GROUPS.indexOf(p.group);
    for (let k = 0; k < n; k++) {
      const want = drawQty(rng, p);
      const qty = ctx.stock.take(p, want);
      if (qty > 0) pool[g].push({ product: p, qty, typo: false });
    }
  }
  if (ctx.typoProduct) {
    const g = GROUPS.indexOf(ctx.typoProduct.group);
    const line = pool[g].find((l) => l.product === ctx.typoProduct && l.qty === 1);
    if (line) line.typo = true;
    else pool[g].push({ product: ctx.typoProduct, qty: 1, typo: true });
  }

  const baskets: Array<{ customer: Customer | null; lines: PoolLine[] }> = [];
  // 2. Known customers.
  for (const c of store.customers) {
    let visits = false;
    if (c.archetype === 'one-off') visits = !c.bought && c.onceOn !== null && d.day >= c.onceOn;
    else visits = d.day >= c.activeFrom && d.day <= c.activeTo && rng.chance(c.rate * ctx.footfall);
    if (!visits) continue;
    const spec = c.spec;
    const size = spec.basketMin + rng.weightedIndex(spec.basketSizes);
    const lines: PoolLine[] = [];
    const have = new Set<Product>();
    for (let k = 0; k < size; k++) {
      const weights = GROUPS.map((g, gi) => (pool[gi].length > 0 ? (spec.prefer[g] ?? 0.01) : 0));
      if (weights.every((w) => w === 0)) break;
      const line = takeFrom(pool, rng.weightedIndex(weights), rng, spec.priceSeeking, d.day, have);
      if (!line) continue;
      have.add(line.product);
      lines.push(line);
    }
    if (lines.length > 0) {
      c.bought = true;
      baskets.push({ customer: c, lines });
    }
  }
  // 3. Walk-ins take the rest.
  const rest = rng.shuffle(pool.flat());
  let current: PoolLine[] = [];
  let target = 1 + rng.weightedIndex(WALK_IN_SIZES);
  for (const line of rest) {
    if (current.length >= target || current.some((l) => l.product === line.product)) {
      baskets.push({ customer: null, lines: current });
      current = [];
      target = 1 + rng.weightedIndex(WALK_IN_SIZES);
    }
    current.push(line);
  }
  if (current.length > 0) baskets.push({ customer: null, lines: current });

  return baskets.map((b) => priceBasket(rng, d, dayIndex, store, ctx, b.customer, b.lines)).sort((a, b) => a.secs - b.secs);
}

function priceBasket(rng: Rng, d: DayInfo, dayIndex: number, store: StoreContext, ctx: DayContext, customer: Customer | null, pool: PoolLine[]): Basket {
  const cafeLines = pool.filter((l) => l.product.group === 'cafe' || l.product.group === 'bakery').length;
  const cafe = cafeLines * 2 >= pool.length;
  const secs = drawTime(rng, d, cafe ? CAFE_HOURS : RETAIL_HOURS);
  const staffDiscount = customer === null && rng.chance(STAFF_DISCOUNT.share);
  const card = customer ? customer.card : rng.chance(0.15) ? null : randomCard(rng);
  const shift = secs < 13.5 * 3600 ? store.staff.morning : store.staff.afternoon;
  const lines: SaleLine[] = pool.map((l) => {
    const p = l.product;
    const unit = priceOn(p, d.day);
    let modifiers = '';
    let modifierCents = 0;
    if (p.hasModifiers) {
      const u = rng.next();
      if (u < 0.03) [modifiers, modifierCents] = ['Oat Milk, Extra Shot', 160];
      else if (u < 0.21) [modifiers, modifierCents] = ['Oat Milk', 70];
      else if (u < 0.29) [modifiers, modifierCents] = ['Extra Shot', 90];
    }
    const qty = l.typo ? 100 : l.qty;
    const gross = qty * (unit + modifierCents);
    const promo = ctx.demand.promoIndex[p.index * ctx.demand.days + dayIndex];
    const pct = promo >= 0 ? ctx.promotions[promo].discountPct : staffDiscount ? STAFF_DISCOUNT.pct : 0;
    const discount = -roundCents(gross * pct);
    const net = gross + discount;
    return {
      product: p,
      qty,
      unitCents: unit,
      modifierCents,
      modifiers,
      grossCents: gross,
      discountCents: discount === 0 ? 0 : discount,
      netCents: net,
      taxCents: roundCents(net * TAX_RATE),
      typo: l.typo,
    };
  });
  return {
    store: store.index,
    day: d.day,
    secs,
    txn: squareId(rng, 25),
    payment: squareId(rng, 27),
    device: cafe ? 'Café Bar' : 'Front Counter',
    employee: shift[d.weekday % shift.length],
    dining: cafe ? (rng.chance(0.4) ? 'For Here' : 'To Go') : '',
    customer,
    card,
    lines,
  };
}
