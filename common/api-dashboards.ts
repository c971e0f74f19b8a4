/**
 * API methods the dashboards read. Every method reads the gold summary tables
 * (daily_summary, daily_product, daily_customer, hourly_summary) and the small
 * dimension tables, never the sales lines, so each view answers in milliseconds.
 *
 * Periods are anchored on the data, not on today: a shop whose latest import
 * ends in December 2011 sees November 2011 as "the last full month".
 */
import { z } from 'zod';
import type { Kpis } from './api-records.js';

import { IsoDate, orderedRange } from './dates.js';

export const PeriodKind = z.enum(['day', 'week', 'month', 'quarter', 'year', 'custom']);
export type PeriodKind = z.infer<typeof PeriodKind>;

/**
 * A period: `kind` with an `anchor` date inside it (default: the latest full
 * period of that kind in the data), or `custom` with `from` and `to`.
 */
export const PeriodInput = orderedRange(
  z.object({
    period: PeriodKind.default('month'),
    anchor: IsoDate.optional(),
    from: IsoDate.optional(),
    to: IsoDate.optional(),
  }),
);
export type PeriodInput = z.input<typeof PeriodInput>;

export const dashboardInputs = {
  /** What the shell needs before any dashboard: data range, currency hint, which data kinds exist. */
  dashboardMeta: z.object({}),
  executiveDashboard: PeriodInput,
  operationsDashboard: z.object({ date: IsoDate.optional() }),
  inventoryDashboard: z.object({
    /** Days of supply to keep on top of the lead time. */
    safetyDays: z.number().min(0).max(365).optional(),
    /** Lead time for products without one in a product list. */
    defaultLeadTimeDays: z.number().min(0).max(365).optional(),
  }),
  customersDashboard: z.object({}),
  dataQuality: z.object({}),
} as const satisfies Record<string, z.ZodType>;

export interface DateSpan {
  from: string;
  to: string;
}

export interface DashboardMeta {
  firstDate: string | null;
  lastDate: string | null;
  /** ISO 4217 code suggested by the data (a currency column, or the customers' main country); null when unknown. */
  currency: string | null;
  hasSales: boolean;
  hasHours: boolean;
  hasStock: boolean;
  hasCategories: boolean;
  hasCosts: boolean;
  hasCustomers: boolean;
  hasSampleData: boolean;
  stores: number;
}

export interface ResolvedPeriod extends DateSpan {
  kind: PeriodKind;
  /** Human label, e.g. "November 2011", "Week of 5 Dec 2011". */
  label: string;
  days: number;
  /** False when the period runs past the latest date in the data (a period "to date"). */
  complete: boolean;
}

export interface PeriodNav {
  /** Anchors for the ‹ and › buttons; null when that way has no data. */
  prevAnchor: string | null;
  nextAnchor: string | null;
}

export interface TrendPoint {
  /** First day of the bucket. */
  date: string;
  net: number;
  orders: number;
  /** The comparison period's value at the same position (previous period), or null. */
  compareNet: number | null;
  compareDate: string | null;
}

/** A forecast band over the trend, filled in once forecasting models exist. */
export interface ForecastBand {
  model: string;
  points: Array<{ date: string; mean: number; lo80: number; hi80: number; lo95: number; hi95: number }>;
}

export interface NamedValue {
  name: string;
  net: number;
  units: number;
}

export interface TopProduct {
  productId: number;
  sku: string | null;
  name: string;
  category: string | null;
  net: number;
  units: number;
  orders: number;
  /** Share of the period's product sales, 0..1. */
  share: number;
}

export interface ExecutiveDashboard {
  period: ResolvedPeriod;
  nav: PeriodNav;
  /** The period just before, same length; null when the data does not cover it. */
  previous: DateSpan | null;
  /** The same period a year before; null when the data does not cover it. */
  lastYear: DateSpan | null;
  kpis: { current: Kpis; previous: Kpis | null; lastYear: Kpis | null };
  trend: { bucket: 'day' | 'week' | 'month'; points: TrendPoint[]; forecast: ForecastBand | null };
  byCategory: NamedValue[];
  topProducts: TopProduct[];
  newVsReturning: {
    newCustomers: number;
    returningCustomers: number;
    newNet: number;
    returningNet: number;
    /** Sales with no known customer. */
    anonymousNet: number;
  };
}

export interface DayFigures {
  net: number;
  orders: number;
  units: number;
  customers: number;
}

export interface Mover {
  productId: number;
  name: string;
  sku: string | null;
  current: number;
  previous: number;
  change: number;
  currentUnits: number;
  previousUnits: number;
}

/** A day or series point flagged as unusual, filled in once anomaly models exist. */
export interface Anomaly {
  date: string;
  kind: string;
  score: number;
  message: string;
}

export interface OperationsDashboard {
  latestDate: string | null;
  day: { date: string; actual: DayFigures; normal: DayFigures | null; weeksInNormal: number } | null;
  week: { from: string; to: string; actual: DayFigures; normal: DayFigures | null; weeksInNormal: number } | null;
  /** The last 8 weeks, day by day, with the same-weekday normal for each. */
  recent: Array<{ date: string; net: number; orders: number; normal: number | null }>;
  heatmap: {
    hasHours: boolean;
    from: string | null;
    to: string | null;
    /** weekday 0 = Monday … 6 = Sunday; value = average net per such weekday in the window. */
    cells: Array<{ weekday: number; hour: number; net: number; orders: number }>;
  };
  movers: { windowDays: number; from: string | null; to: string | null; best: Mover[]; worst: Mover[] };
  basket: {
    windowDays: number;
    avgValue: number;
    avgUnits: number;
    avgLines: number;
    weekly: Array<{ week: string; avgValue: number; avgUnits: number }>;
  };
  refunds: {
    windowDays: number;
    returns: number;
    returnRate: number;
    /** Receipts voided or cancelled before they were sales (not counted in sales). */
    voidedLines: number;
    topReturned: Array<{ name: string; returns: number }>;
    weekly: Array<{ week: string; returns: number; net: number }>;
  };
  anomalies: Anomaly[] | null;
}

export interface StockRow {
  productId: number;
  sku: string | null;
  name: string;
  category: string | null;
  onHand: number;
  lastCountDate: string | null;
  dailyRate: number;
  daysOfCover: number | null;
  leadTimeDays: number;
  reorderQty: number;
  /** Stock at which to reorder: from the forecast's demand over the lead time + safety stock, else the rule. */
  reorderPoint: number;
  /** 'forecast' where the latest forecast covers the product (with a lead time), else 'rule' (recent rate × days). */
  reorderSource: 'forecast' | 'rule';
  /** Why, in words: "sells ~14 a week, 9 left, 10-day lead time". */
  reorderReason: string;
  lastSaleDate: string | null;
  status: 'out' | 'low' | 'ok' | 'slow' | 'dead';
  stockValue: number | null;
}

export interface AbcRow {
  productId: number;
  name: string;
  sku: string | null;
  net: number;
  cumulativeShare: number;
  abcClass: 'A' | 'B' | 'C';
}

export interface InventoryDashboard {
  asOf: string | null;
  hasStock: boolean;
  settings: { safetyDays: number; defaultLeadTimeDays: number; rateWindowDays: number; orderCycleDays: number; slowDays: number; deadDays: number };
  summary: {
    products: number;
    unitsOnHand: number;
    stockValue: number | null;
    outOfStock: number;
    lowStock: number;
    slowMovers: number;
    deadStock: number;
    /** Units sold over the last 365 days / units on hand now. */
    turnover: number | null;
    /** Median days of cover over products that sell. */
    medianDaysOfCover: number | null;
  };
  /** Products needing attention first (out, low), then the rest by days of cover. */
  stock: StockRow[];
  reorders: StockRow[];
  abc: {
    from: string | null;
    to: string | null;
    classes: Array<{ abcClass: 'A' | 'B' | 'C'; products: number; net: number; share: number }>;
    top: AbcRow[];
  };
}

export interface CohortRow {
  cohort: string;
  size: number;
  /** Share of the cohort that bought again in month +0, +1, …; index 0 is always 1. */
  retention: number[];
}

export interface CustomersDashboard {
  asOf: string | null;
  summary: {
    customers: number;
    activeCustomers: number;
    activeWindowDays: number;
    repeatCustomers: number;
    repeatRate: number;
    avgOrdersPerCustomer: number;
    avgOrderValue: number;
    /** Historic lifetime value: average spend per customer to date. */
    avgLifetimeValue: number;
    medianLifetimeValue: number;
    avgLifespanDays: number;
    /** Share of sales made by identified customers. */
    identifiedShare: number;
  };
  newPerMonth: Array<{ month: string; newCustomers: number; returningCustomers: number }>;
  cohorts: CohortRow[];
  valueBands: Array<{ band: string; customers: number; net: number }>;
  topCustomers: Array<{ customerId: number; name: string; country: string | null; orders: number; net: number; firstDate: string; lastDate: string }>;
  /** RFM segments, filled in once the segmentation model exists. */
  segments: Array<{ name: string; customers: number; net: number; advice: string }> | null;
}

export interface DataQuality {
  batches: number;
  rowsRead: number;
  rowsImported: number;
  rowsDuplicate: number;
  rowsRejected: number;
  firstDate: string | null;
  lastDate: string | null;
  daysWithSales: number;
  calendarDays: number;
  /** Gaps of 3 days or more without sales, longest first. */
  gaps: Array<{ from: string; to: string; days: number }>;
  products: number;
  productsWithoutCategory: number;
  productsWithoutCost: number;
  customers: number;
  /** Share of net sales with no known customer, 0..1. */
  anonymousShare: number;
  nonProductShare: number;
  returnsShare: number;
  checks: Array<{ level: 'ok' | 'info' | 'warn'; message: string }>;
}

export interface DashboardOutputs {
  dashboardMeta: DashboardMeta;
  executiveDashboard: ExecutiveDashboard;
  operationsDashboard: OperationsDashboard;
  inventoryDashboard: InventoryDashboard;
  customersDashboard: CustomersDashboard;
  dataQuality: DataQuality;
}
