/**
 * The global forecasting model: one small dense network (TensorFlow.js, WASM backend) trained across ALL the
 * series of a level at once, M5-style, then used to forecast each of them. The contract is in ./types.ts:
 *
 *   fitPredictGlobal(panel, calendar, h, { seed, signal?, onProgress?, epochs?, target? }): Promise<Float64Array[]>
 *
 * one Float64Array of h mean forecasts (≥ 0; exactly 0 on closed days) per series, in panel order.
 * Pure: arrays in, arrays out; no database. Same data + seed → identical forecasts.
 */
import { mulberry32 } from '../../random.js';
import { forecastRows, prepare, trainingRows } from './features.js';
import { GlobalCancelled, trainAndPredict } from './network.js';
import type { GlobalCalendar, GlobalOptions, GlobalSeries } from './types.js';

export type { GlobalCalendar, GlobalOptions, GlobalSeries } from './types.js';
export { GlobalCancelled } from './network.js';

/** Rows the network trains on at most (≈ 100 bytes each): bounded memory whatever the panel. */
const DEFAULT_MAX_ROWS = 150_000;
/** About this many rows are seen in training overall: a small panel gets more epochs, a big one fewer. */
const SAMPLES_SEEN = 1_200_000;

export async function fitPredictGlobal(panel: GlobalSeries[], calendar: GlobalCalendar, h: number, opts: GlobalOptions): Promise<Float64Array[]> {
  if (!Number.isInteger(h) || h < 1) throw new RangeError(`horizon must be a positive integer, got ${h}`);
  if (opts.signal?.aborted) throw new GlobalCancelled();
  const p = prepare(panel, calendar, h, opts.base ?? 'level', opts.profileWeight ?? 1);
  const result = panel.map(() => new Float64Array(h));
  const live = p.series.flatMap((s, i) => (s.scale > 0 ? [i] : []));
  if (!live.length || p.n <= 28) return result; // nothing sold, or too little history to learn from: zeros

  const random = mulberry32(opts.seed);
  const weights = opts.weighting === 'sqrt-level' ? Float64Array.from(p.series, (s) => Math.sqrt(s.scale)) : undefined;
  const train = trainingRows(p, opts.maxRows ?? DEFAULT_MAX_ROWS, random, weights, opts.originsBack ?? 365);
  if (opts.signal?.aborted) throw new GlobalCancelled();
  if (!train.count) return result;
  const epochs = opts.epochs ?? Math.max(4, Math.min(60, Math.ceil(SAMPLES_SEEN / train.count)));
  const predict = forecastRows(p, live);
  const rates = await trainAndPredict(train, predict, {
    seed: opts.seed,
    epochs,
    batchSize: opts.batchSize ?? (train.count > 50_000 ? 512 : 128),
    learningRate: opts.learningRate ?? 0.003,
    hidden: opts.hidden ?? [32, 16],
    loss: opts.loss ?? (opts.target === 'amount' ? 'mse' : 'poisson'),
    signal: opts.signal,
    onEpoch: opts.onProgress ? (done, total) => opts.onProgress!(done, total) : undefined,
  });
  live.forEach((i, j) => {
    const s = p.series[i]!;
    const out = result[i]!;
    for (let k = 0; k < h; k++) out[k] = p.open[p.n + k] ? rates[j * h + k]! * s.scale : 0;
  });
  return result;
}
