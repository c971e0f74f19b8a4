/**
 * truth.json: everything the generator knew, in plain terms, so that analytics
 * (forecasts, RFM segments, anomaly detection, stock) can be checked against it.
 * Nothing here depends on the run (no paths, no clock): same seed ⇒ same bytes.
 */
import { HOURS, type ShopCalendar, WEEKLY_PROFILE } from './calendar.js';
import type { Product } from './catalog.js';
import type { Customer } from './customers.js';
import { IN_STORE_ARCHETYPES, ONLINE_ARCHETYPES } from './customers.js';
import {
  meanQty,
  ONLINE_AMPLITUDE,
  ONLINE_PROMO_LIFT,
  ONLINE_WEEKLY,
  PROMO_ATTENTION_LIFT,
  promoLift,
  type Promotion,
  SEASON_PEAK_DOY,
  SHOP_AMPLITUDE,
} from './demand.js';
import { isoFromDay, WEEKDAY_NAMES, hms } from './dates.js';
import type { Anomaly } from './anomalies.js';
import { ONLINE_RULES } from './online.js';
import type { Plan } from './plan.js';
import { REFUND_PROB, SHOP_NAME } from './plan.js';
import { SQUARE_TIME_ZONE } from './square.js';
import { STAFF_DISCOUNT, TAX_RATE } from './store-day.js';

const dollars = (cents: number) => Math.round(cents) / 100;
const byWeekday = <T>(values: readonly T[]) => Object.fromEntries(WEEKDAY_NAMES.map((n, i) => [n, values[i]]));
const dateOrNull = (day: number | null) => (day === null ? null : isoFromDay(day));

export interface RunTotals {
  squarePaymentLines: number;
  squareRefundLines: number;
  squareTransactions: number;
  squareNetCents: number;
  shopifyOrders: number;
  shopifyLines: number;
  shopifyByStatus: Record<string, { orders: number; totalCents: number; refundedCents: number }>;
  stockCounts: number;
  stockReceipts: number;
  lostUnits: number[];
  files: Record<string, { rows: number; bytes: number }>;
}

export const ARCHETYPE_NOTES = {
  regular: 'frequent visits over the whole history, small café baskets (moderate spend)',
  'big-spender': 'visits every few weeks, large baskets of the dearest books and gifts (high spend per order)',
  lapsing: 'frequent early on, then stops for good at activeTo',
  'one-off': 'exactly one purchase',
  occasional: 'a visit every month or two over the whole history (in store only)',
} as const;

export function buildTruth(plan: Plan, anomalies: Anomaly[], storeCustomers: Customer[], onlineCustomers: Customer[], totals: RunTotals) {
  const { calendar, products, promotions } = plan;
  const locations = plan.stores.map((s) => s.name);
  return {
    format: 'tillsight-sample-truth/1',
    seed: plan.seed,
    options: { days: plan.days, lines: plan.requestedLines, endDate: isoFromDay(plan.lastDay) },
    period: { from: isoFromDay(plan.firstDay), to: isoFromDay(plan.lastDay), days: plan.days },
    shop: {
      name: SHOP_NAME,
      timeZone: 'America/New_York',
      squareTimeZone: SQUARE_TIME_ZONE,
      currency: 'USD',
      taxRate: TAX_RATE,
      trafficScale: round(plan.trafficScale, 6),
      locations: plan.stores.map((s) => ({ name: s.name, size: s.size, customers: s.customers })),
      hours: byWeekday(HOURS.map((h) => `${hms(h.open * 60).slice(0, 5)}-${hms(h.close * 60).slice(0, 5)}`)),
    },
    calendar: calendarTruth(calendar),
    demand: demandTruth(products, promotions),
    anomalies: anomalies.map((a) => ({
      date: a.date,
      kind: a.kind,
      scope: a.scope,
      location: locations[a.store],
      sku: a.product?.sku ?? null,
      item: a.product?.name ?? null,
      magnitude: a.magnitude,
      note: a.note,
    })),
    customers: {
      archetypes: ARCHETYPE_NOTES,
      inStoreRates: IN_STORE_ARCHETYPES.map((s) => ({
        archetype: s.archetype,
        share: s.share,
        visitsPerDay: s.rate,
        basketLines: [s.basketMin, s.basketMin + s.basketSizes.length - 1],
      })),
      onlineRates: ONLINE_ARCHETYPES.map((s) => ({
        archetype: s.archetype,
        share: s.share,
        ordersPerDay: s.rate,
        basketLines: [s.basketMin, s.basketMin + s.basketSizes.length - 1],
      })),
      note: 'Square customers are identified by Customer ID, Shopify customers by e-mail; the two groups are distinct people. All other Square sales are anonymous walk-ins. A one-off customer buys on the first day on or after activeFrom when the shop has something left for them; orders = purchases actually made.',
      square: storeCustomers.map((c) => ({
        id: c.id,
        name: c.name,
        archetype: c.archetype,
        location: locations[c.store],
        visitsPerDay: round(c.rate, 4),
        activeFrom: isoFromDay(c.onceOn ?? c.activeFrom),
        activeTo: isoFromDay(c.activeTo),
        orders: c.orders,
      })),
      shopify: onlineCustomers.map((c) => ({
        email: c.email,
        name: c.name,
        archetype: c.archetype,
        ordersPerDay: round(c.rate, 4),
        activeFrom: isoFromDay(c.onceOn ?? c.activeFrom),
        activeTo: isoFromDay(c.activeTo),
        orders: c.orders,
      })),
    },
    refunds: {
      square:
        'a refunded line is a row with Event Type Refund on the refund day, same Transaction ID, negated quantity and amounts; the goods go back on the shelf',
      probabilityByGroup: REFUND_PROB,
      delayDays: { cafe: 0, bakery: 0, other: [1, 14] },
      staffDiscount: STAFF_DISCOUNT,
    },
    online: {
      weeklyProfile: byWeekday(ONLINE_WEEKLY),
      yearlyAmplitude: ONLINE_AMPLITUDE,
      promoLift: ONLINE_PROMO_LIFT,
      rules: ONLINE_RULES,
      statuses: {
        paid: 'a sale, shipped',
        partially_refunded: 'a sale, shipped; Refunded Amount returned for a damaged item the customer kept',
        refunded: 'cancelled and refunded in full before shipping (Cancelled at set); goods never left',
        voided: 'payment voided (no Paid at, Cancelled at set): never a sale',
      },
      totals: 'Subtotal = Σ(Lineitem price × quantity) − Discount Amount (tips excluded); Taxes on Subtotal; Total = Subtotal + Shipping + Taxes + tips',
    },
    stock: {
      pool: 'one stockroom for all locations and the online shop',
      countTiming: 'after closing on the date (opening count: the evening before the first day; then each month end and the last day)',
      receiptTiming: 'before opening on the date',
      identity:
        'count(D2) = count(D1) + receipts in (D1, D2] − net Square units in (D1, D2] − units of shipped Shopify orders (paid, partially_refunded) created in (D1, D2]',
      lostUnitsBySku: Object.fromEntries(products.filter((p) => totals.lostUnits[p.index] > 0).map((p) => [p.sku, totals.lostUnits[p.index]])),
    },
    totals: {
      lines: totals.squarePaymentLines + totals.squareRefundLines + totals.shopifyLines,
      squarePaymentLines: totals.squarePaymentLines,
      squareRefundLines: totals.squareRefundLines,
      squareTransactions: totals.squareTransactions,
      squareNetSales: dollars(totals.squareNetCents),
      shopifyOrders: totals.shopifyOrders,
      shopifyLines: totals.shopifyLines,
      shopifyByStatus: Object.fromEntries(
        Object.entries(totals.shopifyByStatus)
          .sort()
          .map(([k, v]) => [k, { orders: v.orders, total: dollars(v.totalCents), refunded: dollars(v.refundedCents) }]),
      ),
      stockCounts: totals.stockCounts,
      stockReceipts: totals.stockReceipts,
    },
    files: totals.files,
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function calendarTruth(calendar: ShopCalendar) {
  return {
    weeklyProfile: byWeekday(WEEKLY_PROFILE),
    closedDays: calendar.closedDays,
    specialDays: calendar.specialDays.map((s) => ({
      date: s.date,
      name: s.name,
      factor: s.factor,
      ...(s.open !== undefined ? { opens: hms(s.open * 60).slice(0, 5) } : {}),
      ...(s.close !== undefined ? { closes: hms(s.close * 60).slice(0, 5) } : {}),
    })),
    seasonality: {
      formula: '1 + A·cos(2π·(dayOfYear − peak)/365.25), dayOfYear 0-based; A per product (demand.products[].yearlyAmplitude)',
      peakDayOfYear: SEASON_PEAK_DOY,
      shopAmplitude: SHOP_AMPLITUDE,
      christmasRamp: '0 until 1 December, then (dayOfMonth − 1)/22 up to 1 on 23 December, 1 on 24 December, 0 from 25 December',
    },
  };
}

function demandTruth(products: Product[], promotions: Promotion[]) {
  return {
    unit: 'expected Square lines per day at a location of size 1 and traffic scale 1 (multiply by location size × shop.trafficScale)',
    formula:
      'baseRate × weekly[weekday] × season(A) × (1 + christmasLift × christmasRamp) × (1 + trendPerYear)^(years since period.from) × specialDay.factor × (price/startPrice)^(−elasticity) × promoLift × launch ramp × release boost; 0 on closed days and when not on sale',
    promoAttentionLift: PROMO_ATTENTION_LIFT,
    promoLiftFormula: '(1 − discountPct)^(−elasticity) × promoAttentionLift',
    products: products.map((p) => ({
      sku: p.sku,
      name: p.name,
      category: p.category,
      stocked: p.stocked,
      shippable: p.shippable,
      slowMover: p.slowMover,
      baseRate: p.baseRate,
      meanQty: round(meanQty(p), 4),
      weekly: byWeekday(p.weekly),
      yearlyAmplitude: p.yearlyAmplitude,
      christmasLift: p.christmasLift,
      trendPerYear: p.trendPerYear,
      elasticity: p.elasticity,
      price: dollars(p.startPriceCents),
      cost: dollars(p.costCents),
      priceChanges: p.priceChanges.map((c) => ({ date: isoFromDay(c.day), price: dollars(c.priceCents) })),
      launch: dateOrNull(p.launchDay),
      discontinue: dateOrNull(p.discontinueDay),
      launchRampDays: p.rampDays,
      releaseBoost: p.releaseBoost,
      seasonWindow: p.window,
      supplier: p.supplier,
      leadTimeDays: p.leadTimeDays,
    })),
    promotions: promotions.map((pr) => ({
      name: pr.name,
      code: pr.code,
      categories: [...new Set(products.filter((p) => pr.groups.includes(p.group)).map((p) => p.category))],
      from: isoFromDay(pr.from),
      to: isoFromDay(pr.to),
      discountPct: pr.discountPct,
      liftBySku: Object.fromEntries(products.filter((p) => pr.groups.includes(p.group)).map((p) => [p.sku, round(promoLift(p, pr), 4)])),
    })),
  };
}

/** The shape of truth.json as tests and tools read it back (JSON.parse of what buildTruth returned). */
export type SampleTruth = ReturnType<typeof buildTruth>;
