/**
 * The customer segments and value contract: what the Customers page, the
 * Forecasts page's quality card and `tillsight segment` read from the latest
 * good 'segments' run (core/api/segment-handlers.ts).
 */
import { z } from 'zod';

export const segmentsInputs = {
  /** The segments, the chart's points, the at-risk list and the value figures of the serving run. */
  customerSegments: z.object({ atRiskLimit: z.number().int().positive().max(500).optional() }),
  /** One segment's customers (for a mailing list), or the at-risk ones (segment 0). */
  segmentCustomers: z.object({ segment: z.number().int().min(0).max(20) }),
  /** How good the run is: k, silhouette, the BG/NBD time-split validation. */
  segmentsQuality: z.object({}),
} as const satisfies Record<string, z.ZodType>;

export interface SegmentRunRef {
  runId: number;
  finishedAt: string | null;
  /** The last data date the run saw. */
  dataTo: string | null;
  seed: number;
}

export interface SegmentInfo {
  id: number;
  label: string;
  action: string;
  size: number;
  revenue: number;
  /** Share of the known customers' net sales. */
  revenueShare: number;
  medianRecency: number;
  medianFrequency: number;
  medianMonetary: number;
  /** Per customer: spend to date and predicted spend over the next 12 months. */
  meanMonetary: number;
  meanClv12: number;
  meanPAlive: number;
}

export interface SegmentCustomer {
  customerId: number;
  /** The customer's identity as the till wrote it (id, email or name). */
  identity: string;
  name: string;
  email: string | null;
  country: string | null;
  segment: number;
  segmentLabel: string;
  recency: number;
  orders: number;
  /** Typical days between their orders: (first to last order) / (orders − 1); null with one order. */
  usualGapDays: number | null;
  spend: number;
  lastDate: string | null;
  pAlive: number;
  expectedOrders90: number;
  clv12: number;
  /** What keeping them is worth: their next 12 months' spend if still active. */
  valueAtStake: number;
  atRiskRank: number | null;
}

export interface SegmentsView {
  /** null until a segments run has succeeded (the page says why and offers to train). */
  run: SegmentRunRef | null;
  /** The run saw older data than the database holds now (a retrain is due). */
  stale: boolean;
  customers: number;
  k: number;
  silhouette: number;
  segments: SegmentInfo[];
  /** Recency (days) and orders per customer for the chart: every customer up to 4,000, else an even sample. */
  points: Array<[recency: number, orders: number, segment: number]>;
  atRisk: SegmentCustomer[];
  atRiskTotal: { customers: number; valueAtStake: number; minSpend: number };
  /** Sales without a customer (walk-in cash sales): counted apart, never as a customer. */
  walkIn: { orders: number; net: number; shareOfSales: number | null };
  value: { historical: number; predicted12: number };
}

export interface KScoreInfo {
  k: number;
  silhouette: number;
  inertia: number;
}

export interface PurchaseModelErrors {
  total: number;
  aggregateError: number;
  mae: number;
  rmse: number;
  correlation: number;
}

export interface SegmentsQuality {
  run: SegmentRunRef | null;
  customers: number;
  k: number;
  silhouette: number;
  silhouetteSample: number;
  elbowK: number;
  kScores: KScoreInfo[];
  bgnbd: { r: number; alpha: number; a: number; b: number; logLikelihood: number } | null;
  gammaGamma: { p: number; q: number; gamma: number } | null;
  spendFrequencyCorrelation: number | null;
  validation: {
    cutoff: string;
    end: string;
    holdoutDays: number;
    customers: number;
    actualTotal: number;
    model: PurchaseModelErrors;
    naive: PurchaseModelErrors;
    byRepeatPurchases: Array<{ bucket: string; customers: number; actual: number; model: number; naive: number }>;
  } | null;
  durationMs: number | null;
}

export interface SegmentsOutputs {
  customerSegments: SegmentsView;
  segmentCustomers: SegmentCustomer[];
  segmentsQuality: SegmentsQuality;
}
