/**
 * What the forecast model reads (core/models/data/forecast.ts), trains on
 * (train.ts) and stores (core/models/store/forecast.ts). Dates are YYYYMMDD.
 */
export type Level = 'total' | 'category' | 'product';

export interface ProductHistory {
  id: number;
  /** The product's SKU where it has one, else its name. */
  key: string;
  sku: string | null;
  name: string;
  category: string | null;
  /** Units on sale lines per day (refunds are not negative demand). */
  units: Float64Array;
  /** Average selling price per day (net / units of sale lines), NaN on days without a sale. */
  prices: Float64Array;
  /** Net sales over the history read (at most the last three years up to the cut): ranks products ("top N"). */
  net: number;
  leadTimeDays: number | null;
  /** Units on hand at the end of the history, where stock files say. */
  onHand: number | null;
}

export interface ForecastData {
  /** First and last day of the history (inclusive); every array has one value per day between them. */
  start: number;
  end: number;
  /** The shop's net sales per day. */
  total: Float64Array;
  /** Net sales per category per day (categories with a name only). */
  categories: Array<{ name: string; values: Float64Array }>;
  products: ProductHistory[];
  /** The shop's country as the data names it ('United Kingdom', 'GB', 'GB-SCT'…): its public holidays apply. */
  country: string;
  currency: string | null;
  /**
   * Days the owner marked as an error (YYYYMMDD, ascending, within start..end), left out of
   * training: every series holds a stand-in value there (data/forecast.ts, excluded.ts).
   */
  excludedDays?: number[];
}

export interface ForecastParams {
  horizon: number;
  /** Backtest origins for the total and categories, and for products. */
  origins: number;
  productOrigins: number;
  seed: number;
  /** Reorder service level, e.g. 0.95. */
  serviceLevel: number;
  levels: Level[];
  /** Whether the TensorFlow.js global model is a candidate at the product and category levels. */
  useGlobal: boolean;
  /** Forecast only the N products with the highest net sales (all when absent). */
  topProducts?: number;
  /** Days of history kept with each product series for the explorer. */
  productHistoryDays: number;
  /** How each level chooses models: per series (default) or one choice for the whole level. */
  selection?: Partial<Record<Level, 'series' | 'level'>>;
  /** Keep every candidate's final forecast in the outputs (benchmarks). */
  keepCandidates?: boolean;
}

export interface ForecastValues {
  mean: Float64Array;
  lo80: Float64Array;
  hi80: Float64Array;
  lo95: Float64Array;
  hi95: Float64Array;
}

export interface SeriesOutput {
  level: Level;
  key: string;
  sku: string | null;
  name: string;
  productId: number | null;
  category: string | null;
  model: string;
  weights: Record<string, number>;
  /** h days from the day after `end`. */
  forecast: ForecastValues;
  /** Every candidate's own forecast, when the params ask for them (benchmarks). */
  candidates?: Record<string, ForecastValues>;
  /** The last days of history, from historyStart. */
  historyStart: number;
  history: Float64Array;
}

export interface MetricRow {
  level: Level;
  /** null: the level as a whole. */
  key: string | null;
  /** A candidate's name, 'ensemble', or 'served' (what each series serves). */
  model: string;
  mase: number | null;
  wape: number | null;
  coverage80: number | null;
  coverage95: number | null;
  series: number;
}

export interface BacktestRow {
  level: Level;
  key: string;
  /** Last day the model saw. */
  origin: number;
  step: number;
  date: number;
  actual: number;
  mean: number;
  lo80: number;
  hi80: number;
  lo95: number;
  hi95: number;
}

export interface ReorderRow {
  productId: number;
  key: string;
  sku: string | null;
  name: string;
  onHand: number;
  leadTimeDays: number;
  dailyDemand: number;
  demandOverLeadTime: number;
  safetyStock: number;
  reorderPoint: number;
  suggestedQty: number;
  serviceLevel: number;
  reason: string;
}

export interface ForecastOutputs {
  start: number;
  end: number;
  horizon: number;
  /** Backtest origins (the last day each saw), oldest first, per level. */
  origins: Partial<Record<Level, number[]>>;
  series: SeriesOutput[];
  metrics: MetricRow[];
  backtest: BacktestRow[];
  reorders: ReorderRow[];
  summary: string | null;
  country: string;
  currency: string | null;
  /**
   * The shop total's expected net sales for each past trading day: the served model's
   * one-step-ahead fitted values (fitted.ts), per calendar day from `start`, NaN where there is
   * none (warm-up, closed days). What the anomaly model judges the shop's day against. Null
   * when the total was not forecast.
   */
  expected: Float64Array | null;
}
