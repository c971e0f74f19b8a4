/**
 * The shop's catalogue: a café-bookshop-gift shop ("Juniper & Ink") with about
 * a hundred products in eight categories plus two uncategorised items.
 *
 * The product list is fixed in shape (so every sample shop is recognisably the
 * same kind of shop) but the seed varies book titles, demand rates, seasonality,
 * trends, elasticities and the dates of launches, discontinuations and price
 * changes, so different seeds give different shops with different truths.
 */
import type { Rng } from './rng.js';
import { ART_TITLES, KIDS_TITLES, NONFICTION_TITLES, SURNAMES, GIVEN_NAMES, TITLE_ADJECTIVES, TITLE_NOUNS } from './names.js';
import { isbn13 } from './ids.js';

/** Behavioural group of a product (drives weekly shape, basket choice, refunds). */
export type Group = 'cafe' | 'bakery' | 'books' | 'kids' | 'stationery' | 'gifts' | 'cards' | 'beans' | 'misc';

export interface Product {
  index: number;
  sku: string;
  name: string;
  /** Category as the POS shows it; null = uncategorised (Square writes `None`). */
  category: string | null;
  group: Group;
  supplier: string;
  leadTimeDays: number;
  /** Price at the start of the history, and later changes (cents). */
  startPriceCents: number;
  priceChanges: Array<{ day: number; priceCents: number }>;
  costCents: number;
  /** Expected Square lines per open day at a size-1 store, before all multipliers. */
  baseRate: number;
  /** Probabilities of quantity 1, 2, 3 on a line. */
  qtyWeights: [number, number, number];
  /** Weekday multipliers (0 = Sunday), the shop profile times the group's tilt. */
  weekly: number[];
  /** Yearly seasonality amplitude: 1 + A·cos(2π(doy − peak)/365.25); negative = summer peak. */
  yearlyAmplitude: number;
  /** Christmas shopping: demand × (1 + christmasLift × ramp), the ramp rising from 0 on 1 Dec to 1 on 23 Dec. */
  christmasLift: number;
  /** Compound growth per year. */
  trendPerYear: number;
  /** Demand ∝ price^(−elasticity). */
  elasticity: number;
  /** First day on sale (null: on sale from before the history starts). */
  launchDay: number | null;
  /** First day no longer on sale (null: still on sale at the end). */
  discontinueDay: number | null;
  /** Demand ramps linearly from 0 over this many days after launch. */
  rampDays: number;
  /** New-release books: demand × (1 + (peak − 1)·2^(−age/halfLife)) after launch. */
  releaseBoost: { peak: number; halfLifeDays: number } | null;
  /** Seasonal products: on sale only between these month-days each year (inclusive). */
  window: { from: string; to: string } | null;
  /** Stock is counted and reordered (retail goods; not drinks or fresh food). */
  stocked: boolean;
  /** Sold online too. */
  shippable: boolean;
  /** Intermittent demand (less than one sale a week). */
  slowMover: boolean;
  /** Drinks take milk and shot modifiers. */
  hasModifiers: boolean;
  gtin: string;
}

interface Template {
  name: string;
  group: Group;
  price: number;
  costShare: number;
  rate: number;
  qty?: [number, number, number];
  amp?: number;
  window?: { from: string; to: string };
  /** Launch/discontinue as a fraction of the history (jittered by the seed). */
  launchAt?: number;
  discontinueAt?: number;
}

const CATEGORY: Record<Group, string | null> = {
  cafe: 'Coffee & Tea',
  bakery: 'Bakery',
  books: 'Books',
  kids: "Children's Books",
  stationery: 'Stationery',
  gifts: 'Gifts',
  cards: 'Cards & Wrap',
  beans: 'Beans & Leaf',
  misc: null,
};

const SKU_PREFIX: Record<Group, string> = {
  cafe: 'CAF',
  bakery: 'BAK',
  books: 'BK',
  kids: 'BKC',
  stationery: 'STA',
  gifts: 'GFT',
  cards: 'CRD',
  beans: 'BEA',
  misc: 'MSC',
};

const SUPPLIER: Record<Group, { name: string; lead: number }> = {
  cafe: { name: 'Harbor Coffee Roasters', lead: 3 },
  bakery: { name: 'Maple Street Bakehouse', lead: 1 },
  books: { name: 'Northwind Book Distributors', lead: 4 },
  kids: { name: 'Northwind Book Distributors', lead: 4 },
  stationery: { name: 'Paper Lantern Stationery Co.', lead: 9 },
  gifts: { name: 'Kiln & Co. Homewares', lead: 18 },
  cards: { name: 'Redwood Card Company', lead: 10 },
  beans: { name: 'Harbor Coffee Roasters', lead: 5 },
  misc: { name: 'Juniper & Ink', lead: 7 },
};

/** Weekly tilt by group: the café is a weekday-morning trade, retail a weekend browse. */
const TILT: Record<Group, number[]> = {
  cafe: [1.0, 1.08, 1.08, 1.08, 1.08, 1.05, 0.8],
  bakery: [1.05, 1.05, 1.05, 1.05, 1.05, 1.05, 0.85],
  books: [1.05, 0.92, 0.92, 0.92, 0.95, 0.98, 1.25],
  kids: [1.1, 0.9, 0.9, 0.9, 0.9, 0.95, 1.3],
  stationery: [0.95, 0.98, 0.98, 0.98, 0.98, 1.0, 1.12],
  gifts: [1.05, 0.9, 0.9, 0.92, 0.95, 1.0, 1.3],
  cards: [1.0, 0.95, 0.95, 0.95, 0.98, 1.02, 1.15],
  beans: [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.1],
  misc: [1, 1, 1, 1, 1, 1, 1],
};

/** Typical seasonality and growth of each group; the seed jitters both per product. */
const GROUP_SHAPE: Record<Group, { amp: number; xmas: number; trend: number; elasticity: [number, number] }> = {
  cafe: { amp: 0.08, xmas: 0.1, trend: 0.08, elasticity: [0.3, 0.7] },
  bakery: { amp: 0.05, xmas: 0.1, trend: 0.05, elasticity: [0.5, 0.9] },
  books: { amp: 0.2, xmas: 0.6, trend: 0.02, elasticity: [0.9, 1.5] },
  kids: { amp: 0.2, xmas: 0.8, trend: 0.04, elasticity: [0.9, 1.4] },
  stationery: { amp: 0.12, xmas: 0.4, trend: 0.05, elasticity: [1.0, 1.6] },
  gifts: { amp: 0.3, xmas: 1.2, trend: 0.1, elasticity: [1.2, 2.0] },
  cards: { amp: 0.25, xmas: 0.8, trend: -0.03, elasticity: [0.6, 1.0] },
  beans: { amp: 0.15, xmas: 0.6, trend: 0.15, elasticity: [0.6, 1.1] },
  misc: { amp: 0.2, xmas: 1.5, trend: 0.0, elasticity: [0.5, 1.0] },
};

/** All template rates × this: sets the default shop's size (about 110,000 lines in two years). */
const RATE_SCALE = 1.15;

const SUMMER = -0.6;
const XMAS = { from: '11-01', to: '12-24' };

const FIXED: Template[] = [
  // Coffee & Tea (made to order, not stocked)
  { name: 'Espresso', group: 'cafe', price: 3.0, costShare: 0.18, rate: 2.8 },
  { name: 'Americano', group: 'cafe', price: 3.5, costShare: 0.18, rate: 6.5 },
  { name: 'Flat White', group: 'cafe', price: 4.25, costShare: 0.22, rate: 6.5 },
  { name: 'Cappuccino', group: 'cafe', price: 4.5, costShare: 0.22, rate: 7.5 },
  { name: 'Latte', group: 'cafe', price: 4.75, costShare: 0.22, rate: 10.5 },
  { name: 'Mocha', group: 'cafe', price: 5.25, costShare: 0.25, rate: 3.2, amp: 0.25 },
  { name: 'Chai Latte', group: 'cafe', price: 4.95, costShare: 0.24, rate: 3.2, amp: 0.2 },
  { name: 'Hot Chocolate', group: 'cafe', price: 4.25, costShare: 0.25, rate: 3.0, amp: 0.55 },
  { name: 'Pot of Tea', group: 'cafe', price: 3.75, costShare: 0.15, rate: 3.0, amp: 0.2 },
  { name: 'Matcha Latte', group: 'cafe', price: 5.5, costShare: 0.28, rate: 2.0, launchAt: 0.3 },
  { name: 'Iced Latte', group: 'cafe', price: 5.25, costShare: 0.22, rate: 3.0, amp: SUMMER },
  { name: 'Cold Brew', group: 'cafe', price: 4.95, costShare: 0.2, rate: 2.4, amp: SUMMER },
  { name: 'Iced Tea', group: 'cafe', price: 3.75, costShare: 0.15, rate: 1.4, amp: SUMMER },
  { name: 'Lemonade', group: 'cafe', price: 3.95, costShare: 0.2, rate: 1.2, amp: -0.7, discontinueAt: 0.7 },
  { name: 'Pumpkin Spice Latte', group: 'cafe', price: 5.75, costShare: 0.26, rate: 2.2, window: { from: '09-15', to: '11-15' } },
  { name: 'Gingerbread Latte', group: 'cafe', price: 5.75, costShare: 0.26, rate: 3.0, window: { from: '11-16', to: '12-31' } },
  // Bakery (baked daily, not stocked)
  { name: 'Butter Croissant', group: 'bakery', price: 3.5, costShare: 0.35, rate: 5.0, qty: [0.8, 0.15, 0.05] },
  { name: 'Almond Croissant', group: 'bakery', price: 4.25, costShare: 0.35, rate: 3.2 },
  { name: 'Blueberry Muffin', group: 'bakery', price: 3.75, costShare: 0.33, rate: 3.2, qty: [0.85, 0.12, 0.03] },
  { name: 'Cinnamon Roll', group: 'bakery', price: 4.5, costShare: 0.33, rate: 2.8, amp: 0.2 },
  { name: 'Banana Bread Slice', group: 'bakery', price: 3.95, costShare: 0.3, rate: 2.2 },
  { name: 'Chocolate Chip Cookie', group: 'bakery', price: 2.5, costShare: 0.3, rate: 3.6, qty: [0.7, 0.22, 0.08] },
  { name: 'Scone with Jam', group: 'bakery', price: 3.95, costShare: 0.32, rate: 2.0 },
  { name: 'Cheese Toastie', group: 'bakery', price: 8.5, costShare: 0.38, rate: 2.2, amp: 0.2 },
  { name: 'Soup of the Day', group: 'bakery', price: 6.95, costShare: 0.35, rate: 1.8, amp: 0.7 },
  { name: 'Avocado Toast', group: 'bakery', price: 9.5, costShare: 0.4, rate: 2.0, launchAt: 0.45 },
  // Stationery
  { name: 'Dot Grid Notebook A5', group: 'stationery', price: 14.0, costShare: 0.45, rate: 0.9 },
  { name: 'Lined Notebook A5', group: 'stationery', price: 12.0, costShare: 0.45, rate: 0.7 },
  { name: 'Pocket Notebook 3-Pack', group: 'stationery', price: 10.0, costShare: 0.42, rate: 0.6 },
  { name: 'Gel Pen 3-Pack', group: 'stationery', price: 7.5, costShare: 0.4, rate: 0.9 },
  { name: 'Colored Pencil Set', group: 'stationery', price: 9.0, costShare: 0.42, rate: 0.5 },
  { name: 'Washi Tape', group: 'stationery', price: 4.5, costShare: 0.38, rate: 0.8, qty: [0.7, 0.2, 0.1] },
  { name: 'Sticky Notes', group: 'stationery', price: 5.0, costShare: 0.4, rate: 0.6 },
  { name: 'Letter Writing Set', group: 'stationery', price: 18.0, costShare: 0.45, rate: 0.25 },
  { name: 'Sketchbook A4', group: 'stationery', price: 15.0, costShare: 0.45, rate: 0.35 },
  { name: 'Weekly Planner', group: 'stationery', price: 24.0, costShare: 0.45, rate: 0.9, window: { from: '08-15', to: '02-15' } },
  { name: 'Fountain Pen', group: 'stationery', price: 48.0, costShare: 0.5, rate: 0.06 },
  { name: 'Bottled Ink', group: 'stationery', price: 16.0, costShare: 0.48, rate: 0.07 },
  { name: 'Leather Bookmark', group: 'stationery', price: 3.5, costShare: 0.35, rate: 0.9, qty: [0.8, 0.15, 0.05] },
  // Gifts
  { name: 'Ceramic Mug', group: 'gifts', price: 16.0, costShare: 0.42, rate: 1.1 },
  { name: 'Scented Candle', group: 'gifts', price: 24.0, costShare: 0.4, rate: 0.8 },
  { name: 'Jigsaw Puzzle 1000pc', group: 'gifts', price: 22.0, costShare: 0.48, rate: 0.6, amp: 0.7 },
  { name: 'Book Light', group: 'gifts', price: 19.0, costShare: 0.45, rate: 0.45 },
  { name: 'Cast Iron Bookends', group: 'gifts', price: 38.0, costShare: 0.5, rate: 0.08 },
  { name: 'Linen Tea Towel', group: 'gifts', price: 14.0, costShare: 0.42, rate: 0.35 },
  { name: 'Literary Socks', group: 'gifts', price: 12.0, costShare: 0.4, rate: 0.55 },
  { name: 'Enamel Pin', group: 'gifts', price: 10.0, costShare: 0.3, rate: 0.5, discontinueAt: 0.6 },
  { name: 'Library Card Pouch', group: 'gifts', price: 15.0, costShare: 0.4, rate: 0.3, launchAt: 0.55 },
  { name: 'Advent Calendar', group: 'gifts', price: 29.0, costShare: 0.5, rate: 1.2, window: { from: '10-15', to: '12-05' } },
  { name: 'Wall Calendar', group: 'gifts', price: 16.0, costShare: 0.45, rate: 0.8, window: { from: '09-15', to: '01-31' } },
  { name: 'Handmade Soap', group: 'gifts', price: 8.0, costShare: 0.4, rate: 0.5 },
  { name: 'Art Print A3', group: 'gifts', price: 28.0, costShare: 0.35, rate: 0.15 },
  // Cards & Wrap
  { name: 'Greeting Card', group: 'cards', price: 4.95, costShare: 0.35, rate: 2.0, qty: [0.75, 0.18, 0.07] },
  { name: 'Birthday Card', group: 'cards', price: 4.95, costShare: 0.35, rate: 1.6, qty: [0.85, 0.12, 0.03] },
  { name: 'Christmas Card Pack', group: 'cards', price: 12.0, costShare: 0.4, rate: 2.2, window: XMAS, qty: [0.7, 0.2, 0.1] },
  { name: 'Gift Wrap Sheet', group: 'cards', price: 3.5, costShare: 0.3, rate: 0.9, amp: 0.8, qty: [0.6, 0.3, 0.1] },
  { name: 'Gift Bag', group: 'cards', price: 4.0, costShare: 0.3, rate: 0.7, amp: 0.6 },
  { name: 'Postcard', group: 'cards', price: 1.5, costShare: 0.3, rate: 1.2, amp: -0.3, qty: [0.6, 0.25, 0.15] },
  // Beans & Leaf
  { name: 'House Blend Beans 250g', group: 'beans', price: 14.0, costShare: 0.5, rate: 1.2 },
  { name: 'Decaf Beans 250g', group: 'beans', price: 15.0, costShare: 0.5, rate: 0.4 },
  { name: 'Ethiopia Single Origin 250g', group: 'beans', price: 18.0, costShare: 0.52, rate: 0.45 },
  { name: 'Earl Grey Loose Leaf 100g', group: 'beans', price: 11.0, costShare: 0.45, rate: 0.4 },
  { name: 'Cold Brew Pack', group: 'beans', price: 16.0, costShare: 0.48, rate: 0.3, amp: SUMMER },
  // Uncategorised
  { name: 'Gift Wrapping Service', group: 'misc', price: 3.0, costShare: 0.2, rate: 0.6, amp: 1.2 },
  { name: 'Canvas Tote Bag', group: 'misc', price: 15.0, costShare: 0.35, rate: 0.5 },
];

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Book templates, invented per seed: titles, authors, formats and demand. */
function bookTemplates(rng: Rng): Array<Template & { author: string; newRelease: boolean }> {
  const out: Array<Template & { author: string; newRelease: boolean }> = [];
  const author = () => `${rng.pick(GIVEN_NAMES)} ${rng.pick(SURNAMES)}`;
  const used = new Set<string>();
  const fictionTitle = () => {
    for (;;) {
      const a = rng.pick(TITLE_ADJECTIVES);
      const n = rng.pick(TITLE_NOUNS);
      const n2 = rng.pick(TITLE_NOUNS);
      const forms = [`The ${a} ${n}`, `${a} ${n}`, `The ${n} of ${n2}s`, `A ${a} ${n}`, `The ${n}'s ${n2}`, `${n}s, ${a} and Otherwise`];
      const t = rng.pick(forms);
      if (!used.has(t) && n !== n2) {
        used.add(t);
        return t;
      }
    }
  };
  // Popularity follows a long tail: a few bestsellers, many steady titles.
  for (let i = 0; i < 20; i++) {
    const hardback = rng.chance(0.3);
    const price = hardback ? rng.pick([27.99, 28.99, 29.99, 32.0]) : rng.pick([16.99, 17.99, 18.99]);
    const newRelease = i >= 16;
    out.push({
      name: `${fictionTitle()} (${hardback ? 'Hardback' : 'Paperback'})`,
      group: 'books',
      price,
      costShare: rng.uniform(0.54, 0.6),
      rate: round2(1.6 * Math.pow(i + 1, -0.7) * rng.uniform(0.8, 1.2)),
      author: author(),
      newRelease,
      ...(newRelease ? { launchAt: rng.uniform(0.15, 0.9) } : {}),
      ...(i === 6 || i === 11 ? { discontinueAt: rng.uniform(0.45, 0.85) } : {}),
    });
  }
  for (const t of rng.shuffle(NONFICTION_TITLES.slice()).slice(0, 8)) {
    out.push({
      name: t,
      group: 'books',
      price: rng.pick([19.99, 24.99, 27.5, 30.0]),
      costShare: rng.uniform(0.54, 0.6),
      rate: round2(rng.uniform(0.2, 0.6)),
      author: author(),
      newRelease: false,
    });
  }
  for (const t of ART_TITLES.slice(0, 3)) {
    out.push({
      name: t,
      group: 'books',
      price: rng.pick([45.0, 55.0, 65.0]),
      costShare: 0.58,
      rate: round2(rng.uniform(0.03, 0.08)),
      author: author(),
      newRelease: false,
    });
  }
  for (const t of rng.shuffle(KIDS_TITLES.slice()).slice(0, 8)) {
    out.push({
      name: t,
      group: 'kids',
      price: rng.pick([8.99, 9.99, 12.99, 14.99, 17.99]),
      costShare: rng.uniform(0.52, 0.58),
      rate: round2(rng.uniform(0.25, 0.8)),
      author: author(),
      newRelease: false,
    });
  }
  return out;
}

export interface CatalogOptions {
  firstDay: number;
  lastDay: number;
}

/** Which fraction of the history a launch/discontinue/price change lands at, as a day. */
function at(fraction: number, o: CatalogOptions): number {
  return o.firstDay + Math.round(fraction * (o.lastDay - o.firstDay));
}

export function buildCatalog(rng: Rng, o: CatalogOptions, weeklyShop: readonly number[]): Product[] {
  const templates: Array<Template & { author?: string; newRelease?: boolean }> = [...FIXED, ...bookTemplates(rng.fork('books'))];
  const counters = new Map<Group, number>();
  const products: Product[] = [];
  for (const t of templates) {
    const n = (counters.get(t.group) ?? 0) + 1;
    counters.set(t.group, n);
    const prng = rng.fork(`product:${t.group}:${n}`);
    const shape = GROUP_SHAPE[t.group];
    const stocked = !['cafe', 'bakery'].includes(t.group) && t.name !== 'Gift Wrapping Service';
    const isBook = t.group === 'books' || t.group === 'kids';
    const launchDay = t.launchAt !== undefined ? at(Math.min(0.95, Math.max(0.05, t.launchAt + prng.uniform(-0.05, 0.05))), o) : null;
    const discontinueDay = t.discontinueAt !== undefined ? at(Math.min(0.97, Math.max(0.1, t.discontinueAt + prng.uniform(-0.05, 0.05))), o) : null;
    const baseRate = round2(t.rate * RATE_SCALE * prng.uniform(0.85, 1.15));
    const priceCents = Math.round(t.price * 100);
    products.push({
      index: products.length,
      sku: `${SKU_PREFIX[t.group]}-${String(n).padStart(isBook ? 4 : 3, '0')}`,
      name: t.name,
      category: CATEGORY[t.group],
      group: t.group,
      supplier: SUPPLIER[t.group].name,
      leadTimeDays: SUPPLIER[t.group].lead,
      startPriceCents: priceCents,
      priceChanges: [],
      costCents: Math.round(priceCents * t.costShare * prng.uniform(0.95, 1.05)),
      baseRate,
      qtyWeights: t.qty ?? [0.92, 0.07, 0.01],
      weekly: weeklyShop.map((w, i) => round2(w * TILT[t.group][i])),
      yearlyAmplitude: round2((t.amp ?? shape.amp) + prng.uniform(-0.05, 0.05)),
      christmasLift: t.window ? 0 : round2(shape.xmas * prng.uniform(0.8, 1.2)),
      trendPerYear: round2(shape.trend + prng.uniform(-0.03, 0.03)),
      elasticity: round2(prng.uniform(shape.elasticity[0], shape.elasticity[1])),
      launchDay,
      discontinueDay,
      rampDays: launchDay !== null && !t.newRelease ? 21 : 0,
      releaseBoost: t.newRelease ? { peak: round2(prng.uniform(2.5, 4)), halfLifeDays: prng.between(10, 21) } : null,
      window: t.window ?? null,
      stocked,
      shippable: stocked || t.group === 'beans',
      slowMover: baseRate < 0.15,
      hasModifiers: t.group === 'cafe' && !['Espresso', 'Pot of Tea', 'Iced Tea', 'Lemonade'].includes(t.name),
      gtin: isBook ? isbn13(prng) : '',
    });
  }
  addPriceChanges(rng.fork('prices'), products, o);
  return products;
}

/**
 * Price changes: the café puts drink prices up once (bean costs), two gift lines
 * go up, and beans go up later. Dates are fractions of the history so a short
 * history still has them.
 */
function addPriceChanges(rng: Rng, products: Product[], o: CatalogOptions): void {
  const cafeDay = at(rng.uniform(0.5, 0.6), o);
  for (const p of products) {
    if (p.group === 'cafe') p.priceChanges.push({ day: cafeDay, priceCents: p.startPriceCents + 25 });
  }
  const giftDay = at(rng.uniform(0.4, 0.5), o);
  for (const name of ['Scented Candle', 'Ceramic Mug']) {
    const p = products.find((q) => q.name === name)!;
    p.priceChanges.push({ day: giftDay, priceCents: p.startPriceCents + 200 });
  }
  const beanDay = at(rng.uniform(0.62, 0.72), o);
  for (const p of products) {
    if (p.group === 'beans') p.priceChanges.push({ day: beanDay, priceCents: p.startPriceCents + 100 });
  }
}

/** Shelf price on a day. */
export function priceOn(p: Product, day: number): number {
  let price = p.startPriceCents;
  for (const c of p.priceChanges) if (day >= c.day) price = c.priceCents;
  return price;
}

/** Does a month-day (MM-DD) fall in a window that may wrap over New Year? */
export function inWindow(window: { from: string; to: string }, monthDay: string): boolean {
  return window.from <= window.to ? monthDay >= window.from && monthDay <= window.to : monthDay >= window.from || monthDay <= window.to;
}
