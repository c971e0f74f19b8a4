/**
 * The contract of the global (TensorFlow.js) forecasting model: one small dense network trained across
 * ALL series of a level at once (M5-style), then used to forecast each series.
 *
 *   import { fitPredictGlobal } from '../global/index.js';
 *   const means: Float64Array[] = await fitPredictGlobal(panel, calendar, h, { seed: 42, signal, onProgress });
 *
 *   fitPredictGlobal(
 *     panel: { key: string; values: Float64Array; prices?: Float64Array }[],
 *     calendar: { start: number; closed: Uint8Array; holiday: Uint8Array },
 *     h: number,
 *     opts: { seed: number; signal?: AbortSignal; onProgress?: (done: number, total: number) => void;
 *             epochs?: number; target?: 'units' | 'amount' },
 *   ): Promise<Float64Array[]>
 *
 * - Every `values` array has the same length n and is aligned to the same days: values[0] is the day
 *   `calendar.start` (YYYYMMDD), values[n-1] the last day of history (the cut / `until`).
 * - `prices` (optional, same length n): the series' average selling price per day, NaN (or 0) where it did
 *   not sell; the model uses price relative to the series' own median.
 * - `calendar.closed` / `calendar.holiday`: length n + h, 1 where the shop is closed / a public holiday,
 *   covering history and the h forecast days. Closed forecast days come back as exactly 0.
 * - Result: one Float64Array of length h per panel entry, in panel order: mean forecasts for the h days
 *   after the series end, always >= 0 (units and shop sales alike).
 * - `target`: 'units' (default; Poisson loss on scaled counts) or 'amount' (money, e.g. the shop total;
 *   MSE on scaled values). Deterministic for a given seed; throws `GlobalCancelled` (name
 *   'TrainingCancelled') when `signal` aborts; disposes every tensor it makes.
 */
export interface GlobalSeries {
  key: string;
  values: Float64Array;
  prices?: Float64Array;
}

export interface GlobalCalendar {
  /** YYYYMMDD of values[0]. */
  start: number;
  /** Length n + h: 1 on days the shop is closed. */
  closed: Uint8Array;
  /** Length n + h: 1 on public holidays. */
  holiday: Uint8Array;
}

export interface GlobalOptions {
  seed: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  epochs?: number;
  target?: 'units' | 'amount';
  /** Tuning knobs with tested defaults (the bench tries others); callers normally leave them alone. */
  maxRows?: number;
  hidden?: number[];
  learningRate?: number;
  batchSize?: number;
  loss?: 'poisson' | 'mse';
  /** How series are weighted when rows are sampled: 'equal', or by 'sqrt-level' (bigger series, more rows). */
  weighting?: 'equal' | 'sqrt-level';
  /** What the network corrects: the recent level, or level × the series' weekday share (see features.ts). */
  base?: 'level' | 'weekday';
  profileWeight?: number;
  /** Training origins go back at most this many days from the cut (default 365). */
  originsBack?: number;
}
