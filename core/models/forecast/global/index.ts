/**
 * The global forecasting model: one small dense network (TensorFlow.js, WASM backend) trained across ALL the
 * series of a level at once, M5-style, then used to forecast each of them. The contract is in ./types.ts:
 *
 *   fitPredictGlobal(panel, calendar, h, { seed, signal?, onProgress?, epochs?, target? }): Promise<Float64Array[]>
 *
 * one Float64Array of h mean forecasts (≥ 0; exactly 0 on closed days) per series, in panel order.
 * Pure: arrays in, arrays out; no database. Same data + seed → identical forecasts.
 *
 * For a rolling-origin backtest, train once and forecast every origin (training costs ~10 s of CPU on 4,000
 * products; a forecast well under a second):
 *
 *   const model = await fitGlobal(panelUpToFirstOrigin, calendar, h, opts);
 *   try { for (const cut of origins) out.push(await model.forecast(panelUpTo(cut), calendarUpTo(cut + h))); }
 *   finally { model.dispose(); }
 *
 * The data after the first origin is never seen in training, so nothing leaks into the later origins.
 */
import { mulberry32 } from '../../random.js';
import { forecastRows, prepare, trainingRows, type FeatureSettings } from './features.js';
import { GlobalCancelled, trainNet, type TrainedNet } from './network.js';
import type { GlobalCalendar, GlobalOptions, GlobalSeries } from './types.js';

export type { GlobalCalendar, GlobalOptions, GlobalSeries } from './types.js';
export { GlobalCancelled } from './network.js';

/** Rows the network trains on at most (≈ 100 bytes each): bounded memory whatever the panel. */
const DEFAULT_MAX_ROWS = 150_000;
/** About this many rows are seen in training overall: a small panel gets more epochs, a big one fewer. */
const SAMPLES_SEEN = 1_200_000;

/** A global model trained at one cut; it can forecast that cut and later ones (a backtest's next origins). */
export interface GlobalModel {
  /** Horizon it was trained for: forecasts may ask for up to this many days. */
  readonly h: number;
  /**
   * Mean forecasts for the h days after the end of `panel` (same series, in the same order, as trained, and
   * usually longer: history up to a later cut), with the weights learnt at the training cut.
   */
  forecast(panel: GlobalSeries[], calendar: GlobalCalendar, h?: number): Promise<Float64Array[]>;
  /** Frees the network's tensors; call it once done (fitPredictGlobal does). */
  dispose(): void;
}

/** Trains the network on the panel (history up to its end) for horizon h. */
export async function fitGlobal(panel: GlobalSeries[], calendar: GlobalCalendar, h: number, opts: GlobalOptions): Promise<GlobalModel> {
  if (!Number.isInteger(h) || h < 1) throw new RangeError(`horizon must be a positive integer, got ${h}`);
  if (opts.signal?.aborted) throw new GlobalCancelled();
  const settings: FeatureSettings = { base: opts.base ?? 'level', profileWeight: opts.profileWeight ?? 1 };
  const p = prepare(panel, calendar, h, settings);
  const trained: FeatureSettings = { ...settings, yearly: p.yearly, levelStats: p.levelStats };
  const hasSales = p.series.some((s) => s.scale > 0);
  let net: TrainedNet | null = null;
  if (hasSales && p.n > 28) {
    const random = mulberry32(opts.seed);
    const weights = opts.weighting === 'sqrt-level' ? Float64Array.from(p.series, (s) => Math.sqrt(s.scale)) : undefined;
    const train = trainingRows(p, opts.maxRows ?? DEFAULT_MAX_ROWS, random, weights, opts.originsBack ?? 365);
    if (opts.signal?.aborted) throw new GlobalCancelled();
    if (train.count) {
      const epochs = opts.epochs ?? Math.max(4, Math.min(60, Math.ceil(SAMPLES_SEEN / train.count)));
      net = await trainNet(train, {
        seed: opts.seed,
        epochs,
        batchSize: opts.batchSize ?? (train.count > 50_000 ? 512 : 128),
        learningRate: opts.learningRate ?? 0.003,
        hidden: opts.hidden ?? [32, 16],
        loss: opts.loss ?? (opts.target === 'amount' ? 'mse' : 'poisson'),
        signal: opts.signal,
        onEpoch: opts.onProgress ? (done, total) => opts.onProgress!(done, total) : undefined,
      });
    }
  }
  return {
    h,
    async forecast(fPanel, fCalendar, fh = h) {
      if (!Number.isInteger(fh) || fh < 1 || fh > h) throw new RangeError(`this model forecasts 1 to ${h} days, asked for ${fh}`);
      if (fPanel.length !== panel.length) throw new RangeError(`the model was trained on ${panel.length} series, asked about ${fPanel.length}`);
      const q = prepare(fPanel, fCalendar, fh, trained);
      const result = fPanel.map(() => new Float64Array(fh));
      // Nothing sold, or too little history to learn from: zeros.
      if (!net) return result;
      const live = q.series.flatMap((s, i) => (s.scale > 0 ? [i] : []));
      const rates = await net.predict(forecastRows(q, live));
      live.forEach((i, j) => {
        const s = q.series[i];
        const out = result[i];
        for (let k = 0; k < fh; k++) out[k] = q.open[q.n + k] ? rates[j * fh + k] * s.scale : 0;
      });
      return result;
    },
    dispose() {
      net?.dispose();
      net = null;
    },
  };
}

/** Trains on the panel and forecasts the h days after its end, then frees the network. */
export async function fitPredictGlobal(panel: GlobalSeries[], calendar: GlobalCalendar, h: number, opts: GlobalOptions): Promise<Float64Array[]> {
  const model = await fitGlobal(panel, calendar, h, opts);
  try {
    return await model.forecast(panel, calendar, h);
  } finally {
    model.dispose();
  }
}
