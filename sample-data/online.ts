/**
 * The online shop (Shopify): orders come from online customers' visit processes
 * (see customers.ts), any day of the year. Items are chosen in proportion to
 * that day's in-store demand for shippable goods, so online sales share the
 * shop's seasonality, launches and promotions.
 *
 * Order outcomes (recorded in truth.json): most are paid and shipped; some are
 * cancelled and refunded before shipping (`refunded`), some get a partial
 * refund for a damaged item the customer keeps (`partially_refunded`), and
 * some payments are voided (`voided`: never a sale).
 */
import type { DayInfo } from './calendar.js';
import { type Group, type Product, priceOn } from './catalog.js';
import type { Customer } from './customers.js';
import type { DemandTable, Promotion } from './demand.js';
import { onlineFactor } from './demand.js';
import { isSkippedEasternTime } from './dates.js';
import { roundCents } from './format.js';
import type { FinancialStatus, OnlineLine, OnlineOrder } from './model.js';
import type { Rng } from './rng.js';
import type { StockBook } from './stock.js';
import { TAX_RATE } from './store-day.js';

export const ONLINE_RULES = {
  statusShares: { voided: 0.02, refunded: 0.03, partially_refunded: 0.025 },
  welcomeCode: { code: 'WELCOME10', pct: 0.1, firstOrderShare: 0.3 },
  tipShare: 0.04,
  tipCents: [200, 300, 500],
  freeShippingFromCents: 5000,
  standardShippingCents: 595,
  pickupShare: 0.1,
};

const ONLINE_HOURS = [0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.5, 1.0, 1.5, 2.0, 2.0, 2.0, 2.5, 2.5, 2.0, 2.0, 2.0, 2.5, 3.0, 3.5, 3.5, 3.0, 2.0, 1.0];

interface GroupChoice {
  products: Product[];
  cumulative: number[];
}

export class OnlineShop {
  private groups = new Map<Group, GroupChoice>();

  constructor(
    private products: Product[],
    private demand: DemandTable,
    private promotions: Promotion[],
    private customers: Customer[],
    private stock: StockBook,
  ) {}

  private buildChoices(dayIndex: number): void {
    this.groups.clear();
    for (const p of this.products) {
      if (!p.shippable) continue;
      const r = this.demand.unitRate[p.index * this.demand.days + dayIndex];
      if (r <= 0) continue;
      let g = this.groups.get(p.group);
      if (!g) this.groups.set(p.group, (g = { products: [], cumulative: [] }));
      g.products.push(p);
      g.cumulative.push((g.cumulative[g.cumulative.length - 1] ?? 0) + r);
    }
  }

  private pickProduct(rng: Rng, g: GroupChoice): Product {
    const u = rng.next() * g.cumulative[g.cumulative.length - 1];
    let lo = 0;
    let hi = g.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (g.cumulative[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    return g.products[lo];
  }

  simulateDay(rng: Rng, d: DayInfo, dayIndex: number): OnlineOrder[] {
    const promo = this.promotions.find((p) => d.day >= p.from && d.day <= p.to) ?? null;
    const factor = onlineFactor(d.day, d.weekday, promo !== null);
    const shoppers: Customer[] = [];
    for (const c of this.customers) {
      if (c.archetype === 'one-off') {
        if (!c.bought && c.onceOn !== null && d.day >= c.onceOn) shoppers.push(c);
      } else if (d.day >= c.activeFrom && d.day <= c.activeTo && rng.chance(c.rate * factor)) shoppers.push(c);
    }
    if (shoppers.length === 0) return [];
    this.buildChoices(dayIndex);
    const orders: OnlineOrder[] = [];
    for (const c of shoppers) {
      const order = this.makeOrder(rng, d, c, promo);
      if (order) orders.push(order);
    }
    return orders.sort((a, b) => a.secs - b.secs);
  }

  private makeOrder(rng: Rng, d: DayInfo, c: Customer, promo: Promotion | null): OnlineOrder | null {
    const spec = c.spec;
    const size = spec.basketMin + rng.weightedIndex(spec.basketSizes);
    const u = rng.next();
    const s = ONLINE_RULES.statusShares;
    const status: FinancialStatus =
      u < s.voided ? 'voided' : u < s.voided + s.refunded ? 'refunded' : u < s.voided + s.refunded + s.partially_refunded ? 'partially_refunded' : 'paid';
    const shipped = status === 'paid' || status === 'partially_refunded';
    const prefs = Object.entries(spec.prefer) as Array<[Group, number]>;
    const lines: OnlineLine[] = [];
    const have = new Set<Product>();
    for (let k = 0; k < size; k++) {
      const avail = prefs.filter(([g]) => this.groups.has(g));
      if (avail.length === 0) break;
      const g = this.groups.get(avail[rng.weightedIndex(avail.map(([, w]) => w))][0])!;
      let p = this.pickProduct(rng, g);
      if (spec.priceSeeking) {
        for (let t = 0; t < 2; t++) {
          const q = this.pickProduct(rng, g);
          if (priceOn(q, d.day) > priceOn(p, d.day)) p = q;
        }
      }
      if (have.has(p)) continue;
      const qty = rng.chance(0.08) ? 2 : 1;
      if (shipped && this.stock.available(p) < qty) continue; // out of stock online: not offered
      have.add(p);
      lines.push({ product: p, name: p.name, qty, priceCents: priceOn(p, d.day), discountCents: 0 });
    }
    if (lines.length === 0) return null;
    if (shipped) for (const l of lines) this.stock.take(l.product!, l.qty);
    const firstOrder = !c.bought;
    c.bought = true;

    // Discounts: the running promotion's code for its groups, else a welcome code on some first orders.
    let discountCode = '';
    let pct = 0;
    let applies: (p: Product) => boolean = () => false;
    if (promo && lines.some((l) => promo.groups.includes(l.product!.group))) {
      discountCode = promo.code;
      pct = promo.discountPct;
      applies = (p) => promo.groups.includes(p.group);
    } else if (firstOrder && rng.chance(ONLINE_RULES.welcomeCode.firstOrderShare)) {
      discountCode = ONLINE_RULES.welcomeCode.code;
      pct = ONLINE_RULES.welcomeCode.pct;
      applies = () => true;
    }
    for (const l of lines) if (applies(l.product!)) l.discountCents = roundCents(l.priceCents * l.qty * pct);
    const itemsCents = lines.reduce((a, l) => a + l.priceCents * l.qty, 0);
    const discountCents = lines.reduce((a, l) => a + l.discountCents, 0);
    const subtotalCents = itemsCents - discountCents;
    const pickup = rng.chance(ONLINE_RULES.pickupShare);
    const shippingCents = pickup || subtotalCents >= ONLINE_RULES.freeShippingFromCents ? 0 : ONLINE_RULES.standardShippingCents;
    const shippingMethod = pickup ? 'Local Pickup' : shippingCents === 0 ? 'Free Shipping' : 'Standard Shipping';
    const taxCents = roundCents(subtotalCents * TAX_RATE);
    if (rng.chance(ONLINE_RULES.tipShare)) {
      lines.push({ product: null, name: 'Tip', qty: 1, priceCents: rng.pick(ONLINE_RULES.tipCents), discountCents: 0 });
    }
    const tipCents = lines.filter((l) => l.product === null).reduce((a, l) => a + l.priceCents, 0);
    const totalCents = subtotalCents + shippingCents + taxCents + tipCents;
    let refundedCents = 0;
    if (status === 'refunded') refundedCents = totalCents;
    if (status === 'partially_refunded') {
      const l = lines[rng.int(lines.filter((x) => x.product !== null).length)];
      refundedCents = roundCents((l.priceCents - l.discountCents / l.qty) * (1 + TAX_RATE));
    }
    let secs = rng.weightedIndex(ONLINE_HOURS) * 3600 + rng.int(3600);
    if (isSkippedEasternTime(d.day, secs)) secs += 3600;
    return {
      day: d.day,
      secs,
      customer: c,
      lines,
      status,
      discountCode,
      discountCents,
      subtotalCents,
      shippingCents,
      shippingMethod,
      taxCents,
      totalCents,
      refundedCents,
      shipped,
    };
  }
}
