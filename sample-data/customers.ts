/**
 * Known customers and their archetypes. Each archetype is a visit process plus
 * a basket habit, chosen so an RFM segmentation can tell them apart:
 *
 *  - regular:     visits 1–2 times a week for the whole history, small café baskets;
 *  - big-spender: visits every 3–6 weeks, large baskets of the dearest books and gifts;
 *  - lapsing:     as frequent as a regular early on, then stops for good;
 *  - one-off:     exactly one purchase;
 *  - occasional:  a visit every month or two (in store only; the background).
 *
 * In store a customer's visits happen on open days with probability
 * rate × footfall(day); online with rate × onlineFactor(day).
 */
import type { Group } from './catalog.js';
import { customerId } from './ids.js';
import { GIVEN_NAMES, STREET_KINDS, STREET_NAMES, SURNAMES, TOWNS } from './names.js';
import type { Rng } from './rng.js';

export type Archetype = 'regular' | 'big-spender' | 'lapsing' | 'one-off' | 'occasional';

export interface ArchetypeSpec {
  archetype: Archetype;
  /** Share of the customer base. */
  share: number;
  /** Visits per (average) day, drawn uniformly from this range per customer. */
  rate: [number, number];
  /** Lines per basket, with weights for sizes min..max. */
  basketSizes: number[];
  basketMin: number;
  /** Category preference when choosing lines. */
  prefer: Partial<Record<Group, number>>;
  /** Picks the dearest of a few candidates: big spenders buy the expensive things. */
  priceSeeking: boolean;
  /** Lapsing customers stop at this fraction of the history. */
  lapseAt?: [number, number];
}

const MIXED: Partial<Record<Group, number>> = { cafe: 0.35, bakery: 0.15, books: 0.18, kids: 0.06, stationery: 0.08, gifts: 0.08, cards: 0.07, beans: 0.03 };

export const IN_STORE_ARCHETYPES: ArchetypeSpec[] = [
  {
    archetype: 'regular',
    share: 0.1,
    rate: [0.12, 0.28],
    basketMin: 1,
    basketSizes: [0.5, 0.35, 0.15],
    prefer: { cafe: 0.6, bakery: 0.28, books: 0.06, cards: 0.03, beans: 0.03 },
    priceSeeking: false,
  },
  {
    archetype: 'big-spender',
    share: 0.05,
    rate: [0.025, 0.05],
    basketMin: 4,
    basketSizes: [0.25, 0.25, 0.2, 0.15, 0.1, 0.05],
    prefer: { books: 0.32, kids: 0.08, gifts: 0.32, stationery: 0.16, beans: 0.07, cafe: 0.05 },
    priceSeeking: true,
  },
  {
    archetype: 'lapsing',
    share: 0.15,
    rate: [0.08, 0.2],
    basketMin: 1,
    basketSizes: [0.5, 0.35, 0.15],
    prefer: MIXED,
    priceSeeking: false,
    lapseAt: [0.2, 0.5],
  },
  { archetype: 'one-off', share: 0.55, rate: [0, 0], basketMin: 1, basketSizes: [0.55, 0.3, 0.15], prefer: MIXED, priceSeeking: false },
  { archetype: 'occasional', share: 0.15, rate: [0.01, 0.03], basketMin: 1, basketSizes: [0.55, 0.3, 0.15], prefer: MIXED, priceSeeking: false },
];

export const ONLINE_ARCHETYPES: ArchetypeSpec[] = [
  {
    archetype: 'regular',
    share: 0.1,
    rate: [0.03, 0.07],
    basketMin: 1,
    basketSizes: [0.5, 0.3, 0.2],
    prefer: { books: 0.45, kids: 0.1, beans: 0.25, stationery: 0.1, cards: 0.1 },
    priceSeeking: false,
  },
  {
    archetype: 'big-spender',
    share: 0.05,
    rate: [0.015, 0.03],
    basketMin: 4,
    basketSizes: [0.3, 0.25, 0.2, 0.15, 0.1],
    prefer: { books: 0.4, kids: 0.1, gifts: 0.35, stationery: 0.15 },
    priceSeeking: true,
  },
  {
    archetype: 'lapsing',
    share: 0.2,
    rate: [0.02, 0.05],
    basketMin: 1,
    basketSizes: [0.5, 0.3, 0.2],
    prefer: { books: 0.4, kids: 0.1, gifts: 0.2, stationery: 0.15, beans: 0.15 },
    priceSeeking: false,
    lapseAt: [0.2, 0.5],
  },
  {
    archetype: 'one-off',
    share: 0.65,
    rate: [0, 0],
    basketMin: 1,
    basketSizes: [0.6, 0.25, 0.15],
    prefer: { books: 0.4, kids: 0.1, gifts: 0.25, stationery: 0.15, beans: 0.1 },
    priceSeeking: false,
  },
];

export interface Customer {
  /** Square: CUST-000123; online: the e-mail address. */
  id: string;
  name: string;
  email: string;
  archetype: Archetype;
  spec: ArchetypeSpec;
  /** Home store index (-1 = online). */
  store: number;
  rate: number;
  /** Day numbers bounding the active period (inclusive). */
  activeFrom: number;
  activeTo: number;
  /** For one-off customers: the only day they buy (the first eligible day on or after it). */
  onceOn: number | null;
  bought: boolean;
  /** Purchases made (baskets in store, orders online), counted as they happen. */
  orders: number;
  card: { brand: string; suffix: string } | null;
  acceptsMarketing: boolean;
  address: { street: string; city: string; province: string; zip: string; country: string };
}

const CARD_BRANDS = ['Visa', 'Visa', 'Visa', 'Visa', 'Visa', 'Mastercard', 'Mastercard', 'Mastercard', 'American Express', 'Discover'];

export function randomCard(rng: Rng): { brand: string; suffix: string } {
  return { brand: rng.pick(CARD_BRANDS), suffix: String(rng.int(10000)).padStart(4, '0') };
}

function person(rng: Rng): { given: string; family: string } {
  return { given: rng.pick(GIVEN_NAMES), family: rng.pick(SURNAMES) };
}

function address(rng: Rng) {
  const town = rng.pick(TOWNS);
  return {
    street: `${rng.between(1, 999)} ${rng.pick(STREET_NAMES)} ${rng.pick(STREET_KINDS)}`,
    city: town.city,
    province: town.province,
    zip: `${town.zip}${String(rng.int(100)).padStart(2, '0')}`,
    country: 'US',
  };
}

/** Splits `count` customers over archetypes by share (largest remainder, deterministic). */
function allocate(count: number, specs: ArchetypeSpec[]): number[] {
  const raw = specs.map((s) => s.share * count);
  const out = raw.map(Math.floor);
  let left = count - out.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => ({ i, frac: r - Math.floor(r) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) out[order[k].i]++;
  return out;
}

export interface CustomerPlan {
  firstDay: number;
  lastDay: number;
}

function makeCustomer(rng: Rng, spec: ArchetypeSpec, plan: CustomerPlan, id: string, email: string, name: string, store: number): Customer {
  const span = plan.lastDay - plan.firstDay;
  let activeFrom = plan.firstDay;
  let activeTo = plan.lastDay;
  let onceOn: number | null = null;
  if (spec.archetype === 'regular' || spec.archetype === 'big-spender') {
    activeFrom = plan.firstDay + Math.floor(rng.uniform(0, 0.06) * span);
  }
  if (spec.lapseAt) activeTo = plan.firstDay + Math.floor(rng.uniform(spec.lapseAt[0], spec.lapseAt[1]) * span);
  if (spec.archetype === 'one-off') onceOn = plan.firstDay + rng.int(span + 1);
  return {
    id,
    email,
    name,
    archetype: spec.archetype,
    spec,
    store,
    rate: spec.rate[0] + (spec.rate[1] - spec.rate[0]) * rng.next(),
    activeFrom,
    activeTo,
    onceOn,
    bought: false,
    orders: 0,
    card: rng.chance(0.85) ? randomCard(rng) : null,
    acceptsMarketing: rng.chance(0.45),
    address: address(rng),
  };
}

/** In-store customers of one store; ids are numbered from `firstNumber`. */
export function buildStoreCustomers(rng: Rng, count: number, store: number, firstNumber: number, plan: CustomerPlan): Customer[] {
  const out: Customer[] = [];
  const counts = allocate(count, IN_STORE_ARCHETYPES);
  IN_STORE_ARCHETYPES.forEach((spec, a) => {
    for (let k = 0; k < counts[a]; k++) {
      const p = person(rng);
      out.push(makeCustomer(rng, spec, plan, customerId(firstNumber + out.length), '', `${p.given} ${p.family}`, store));
    }
  });
  // Number customers after shuffling so an id says nothing about the archetype.
  rng.shuffle(out);
  out.forEach((c, i) => (c.id = customerId(firstNumber + i)));
  return out;
}

/** Online customers, identified by e-mail (unique: a number is added to the name). */
export function buildOnlineCustomers(rng: Rng, count: number, plan: CustomerPlan): Customer[] {
  const out: Customer[] = [];
  const counts = allocate(count, ONLINE_ARCHETYPES);
  const domains = ['example.com', 'example.org', 'example.net'];
  let n = 0;
  ONLINE_ARCHETYPES.forEach((spec, a) => {
    for (let k = 0; k < counts[a]; k++) {
      const p = person(rng);
      n++;
      const email = `${p.given}.${p.family}${100 + rng.int(900)}${n}@${rng.pick(domains)}`.toLowerCase();
      out.push(makeCustomer(rng, spec, plan, email, email, `${p.given} ${p.family}`, -1));
    }
  });
  return rng.shuffle(out);
}

/** Expected visits of one customer of this archetype over the history, per unit of mean rate. */
export function expectedBasketLines(spec: ArchetypeSpec): number {
  let total = 0;
  let weight = 0;
  spec.basketSizes.forEach((w, i) => {
    total += w * (spec.basketMin + i);
    weight += w;
  });
  return total / weight;
}
