/**
 * API methods of the forecasts (issue 10). Every method reads the outputs of the
 * latest good 'forecast' run (core/models/store/forecast.ts); none trains.
 * Training is the runtime's `train` job; `tillsight forecast --until` trains in-process.
 *
 * Dates are 'YYYY-MM-DD'. Money series (total, category) are net sales in the
 * shop's currency; product series are units sold (sale lines only: refunds are
 * not negative demand).
 */
import { z } from 'zod';

export const ForecastLevel = z.enum(['total', 'category', 'product']);
export type ForecastLevel = z.infer<typeof ForecastLevel>;

/** Longest horizon a forecast can be asked for, in days. */
export const MAX_HORIZON = 90;
export const DEFAULT_HORIZON = 28;

export const forecastInputs = {
  /** The forecast of one level: the shop total, every category, or products (the top N by net sales, or one by key). */
  forecast: z.object({
    level: ForecastLevel.default('total'),
    horizon: z.number().int().min(1).max(MAX_HORIZON).optional(),
    /** Products or categories with the highest net sales first; default 20 for products, all categories. */
    top: z.number().int().min(1).max(5000).optional(),
    /** One series: a product's SKU (else its name), a category's name, or 'total'. */
    key: z.string().max(500).optional(),
  }),
  /** The backtest behind a series: actuals against what each origin forecast (for the chart). */
  forecastBacktest: z.object({ level: ForecastLevel.default('total'), key: z.string().max(500).optional() }),
  /** The training runs of the forecast model, newest first. */
  forecastRuns: z.object({ limit: z.number().int().min(1).max(100).optional() }),
  /** Products that have a forecast, for the explorer's search (name or SKU contains `search`). */
  forecastProducts: z.object({ search: z.string().max(200).optional(), limit: z.number().int().min(1).max(500).optional() }),
  /** One product in the explorer: recent history, forecast, accuracy, reorder point. */
  forecastProduct: z.object({ key: z.string().min(1).max(500) }),
  /** Reorder suggestions from the forecast demand over each product's lead time. */
  reorderSuggestions: z.object({ limit: z.number().int().min(1).max(5000).optional() }),
} as const satisfies Record<string, z.ZodType>;

export interface ForecastPoint {
  date: string;
  mean: number;
  lo80: number;
  hi80: number;
  lo95: number;
  hi95: number;
}

export interface ForecastSeries {
  /** 'total'; a category's name; a product's SKU where it has one, else its name. */
  key: string;
  sku: string | null;
  name: string;
  /** The model (or 'ensemble') the backtest chose for this series. */
  model: string;
  forecast: ForecastPoint[];
}

/** Backtest accuracy over the rolling origins. null where it can't be computed (no actuals, a zero scale). */
export interface ModelAccuracy {
  /** Mean over series of the mean absolute error / in-sample MAE of "same day last week". Below 1 beats it. */
  mase: number | null;
  /** Σ|error| / Σ actual. "Off by 12%". */
  wape: number | null;
  /** Share of actuals (on days the shop trades) inside the 80% / 95% intervals. */
  coverage80: number | null;
  coverage95: number | null;
  /** How many series the figures cover. */
  series: number;
}

export interface ForecastBacktestSummary {
  origins: number;
  horizon: number;
  /** Of the forecast served (each series' chosen model or ensemble). */
  mase: number | null;
  wape: number | null;
  coverage80: number | null;
  coverage95: number | null;
  /** Every candidate model's own accuracy, e.g. seasonal-naive, ets, theta, croston, tsb, global, ensemble. */
  byModel: Record<string, ModelAccuracy>;
}

/** The shape `tillsight forecast --json` prints (issue 10's contract), plus where it came from. */
export interface ForecastResult {
  level: ForecastLevel;
  /** The model of the first series (the shop total's choice at level total). */
  model: string;
  series: ForecastSeries[];
  backtest: ForecastBacktestSummary;
}

export interface ForecastView extends ForecastResult {
  /** The run the figures come from; null when no forecast has been trained yet (series is then empty). */
  runId: number | null;
  /** The data the run saw (inclusive). */
  trainedFrom: string | null;
  trainedTo: string | null;
  /** Horizon stored by the run (a request for more is cut to it). */
  storedHorizon: number;
  /** Plain words: "next 4 weeks: £182k expected (likely £165k–£199k), 6% above the same weeks last year; typically off by 11% a week". */
  summary: string | null;
  /** ISO 4217 code of money series, when known. */
  currency: string | null;
}

export interface BacktestPoint {
  /** The cut: the model saw data up to and including this date. */
  origin: string;
  date: string;
  /** Steps ahead, 1 = the day after the origin. */
  step: number;
  actual: number;
  mean: number;
  lo80: number;
  hi80: number;
  lo95: number;
  hi95: number;
}

export interface ForecastBacktestView {
  runId: number | null;
  level: ForecastLevel;
  key: string;
  model: string | null;
  origins: string[];
  points: BacktestPoint[];
}

export interface LevelAccuracy {
  level: ForecastLevel;
  origins: number;
  horizon: number;
  served: ModelAccuracy;
  byModel: Record<string, ModelAccuracy>;
}

export interface ForecastRunInfo {
  id: number;
  status: 'running' | 'ok' | 'failed' | 'cancelled';
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  peakRssMb: number | null;
  seed: number;
  /** The data the run saw. */
  dataFrom: string | null;
  dataTo: string | null;
  horizon: number | null;
  accuracy: LevelAccuracy[];
  summary: string | null;
  error: string | null;
  /** Whether this is the run the dashboards serve. */
  serving: boolean;
}

export interface ForecastProductRow {
  key: string;
  sku: string | null;
  name: string;
  category: string | null;
  model: string;
  /** Units expected over the stored horizon. */
  expectedUnits: number;
  horizon: number;
}

export interface ReorderSuggestion {
  productId: number;
  key: string;
  sku: string | null;
  name: string;
  onHand: number;
  leadTimeDays: number;
  /** Forecast units per day over the lead time. */
  dailyDemand: number;
  demandOverLeadTime: number;
  safetyStock: number;
  reorderPoint: number;
  /** 0 when stock is above the reorder point. */
  suggestedQty: number;
  serviceLevel: number;
  /** "sells ~14 a week, 9 left, 10-day lead time". */
  reason: string;
}

export interface ForecastProductView {
  runId: number | null;
  product: ForecastProductRow | null;
  /** Units sold per day before the forecast (the last weeks the run stored). */
  history: Array<{ date: string; value: number }>;
  series: ForecastSeries | null;
  accuracy: Record<string, ModelAccuracy>;
  reorder: ReorderSuggestion | null;
}

export interface ReorderSuggestionsView {
  runId: number | null;
  asOf: string | null;
  serviceLevel: number;
  rows: ReorderSuggestion[];
}

export interface ForecastOutputs {
  forecast: ForecastView;
  forecastBacktest: ForecastBacktestView;
  forecastRuns: ForecastRunInfo[];
  forecastProducts: ForecastProductRow[];
  forecastProduct: ForecastProductView;
  reorderSuggestions: ReorderSuggestionsView;
}
