/**
 * The anomaly model's training step (the spec's pure `train`): build each
 * scope's features, grow an isolation forest on them, score every row, and
 * keep the rows that are both isolated (a high score) and far from their
 * normal (a large standardised deviation), each with a sentence. No database.
 */
import { explainDay, explainLine, explainProductDay, explainProductRefunds, explainRefundDay } from './explain.js';
import { dayFeatures, lineFeatures, lineIsAboutPrice, productDayFeatures, productRefundFeatures, refundDayFeatures, type FeatureSet } from './features.js';
import { isolationScores } from './forest.js';
import { median } from './robust.js';
import type { Anomaly, AnomalyData, Direction } from './types.js';
import { checkCancelled, type TrainContext, type Trained } from '../runtime.js';

export interface AnomalyTrainOptions {
  /**
   * Net sales expected per calendar day, NaN where unknown; default `data.expected` (the
   * forecast's one-step-ahead values, read with the data). Days without one are judged
   * against the seasonal baseline.
   */
  expected?: Float64Array;
  trees?: number;
  sampleSize?: number;
}

export interface AnomalyOutputs {
  anomalies: Anomaly[];
}

/**
 * Per scope: the least score and the least standardised deviation for a row
 * to be reported, the directions worth reporting (fewer refunds or a product
 * selling less than usual on a day it sells are not news), and how many at most.
 */
export const RULES = {
  // A day also needs to be a quarter off its normal in money: on a very regular shop 5% can be
  // 3 standard deviations, and is still not news to its owner.
  total: { minScore: 0.5, minZ: 2.5, minRatio: 0.25, directions: ['spike', 'drop'], limit: 40 },
  product: { minScore: 0.6, minZ: 4, directions: ['spike'], limit: 60 },
  refunds: { minScore: 0.6, minZ: 4, directions: ['spike'], limit: 40 },
  // For lines z is a log ratio: 8 times (or an eighth of) the product's usual price or quantity.
  line: { minScore: 0.6, minZ: Math.log(8), directions: ['spike', 'drop'], limit: 60 },
} as const;

export async function trainAnomalies(data: AnomalyData, ctx: TrainContext, options: AnomalyTrainOptions = {}): Promise<Trained<AnomalyOutputs>> {
  const trees = options.trees ?? 100;
  const sampleSize = options.sampleSize ?? 256;
  const expected = options.expected ?? data.expected;
  const started = performance.now();
  let shopDays: FeatureSet['expectedFrom'];
  const steps: Array<[string, () => FeatureSet]> = [
    [
      'shop days',
      () => {
        const set = dayFeatures(data, expected);
        shopDays = set.expectedFrom;
        return set;
      },
    ],
    ['product days', () => productDayFeatures(data)],
    ['refund days', () => refundDayFeatures(data)],
    ['product refunds', () => productRefundFeatures(data)],
    ['single lines', () => lineFeatures(data)],
  ];
  const anomalies: Anomaly[] = [];
  const perScope: Record<string, { rows: number; flagged: number; maxScore: number; medianScore: number; ms: number }> = {};
  for (let s = 0; s < steps.length; s++) {
    checkCancelled(ctx.signal);
    const [name, build] = steps[s];
    ctx.progress('scoring', s, steps.length, name);
    const t0 = performance.now();
    const set = build();
    const scores = set.rows ? isolationScores(set.matrix, set.dims, { trees, sampleSize, seed: ctx.seed }) : new Float64Array(0);
    const found = select(set, scores).map((row) => describe(data, set, row, scores[row]));
    anomalies.push(...dedupe(found));
    perScope[name] = {
      rows: set.rows,
      flagged: found.length,
      maxScore: round(scores.reduce((m, x) => Math.max(m, x), 0)),
      medianScore: round(scores.length ? median(scores) : 0),
      ms: Math.round(performance.now() - t0),
    };
    // Let an abort (and the worker's messages) through between scopes.
    await new Promise((resolve) => setImmediate(resolve));
  }
  ctx.progress('scoring', steps.length, steps.length);
  // Within a scope, `select` has put ties in order of deviation; a stable sort keeps that order.
  anomalies.sort((a, b) => Math.round(b.score * 100) - Math.round(a.score * 100));
  const byScope = { total: 0, product: 0, refunds: 0, line: 0 } as Record<string, number>;
  for (const a of anomalies) byScope[a.scope.startsWith('product:') ? 'product' : a.scope]++;
  return {
    outputs: { anomalies },
    metrics: {
      anomalies: anomalies.length,
      byScope,
      scopes: perScope,
      days: data.dates.length,
      // The shop's days scored: how many against the forecast's expected value, how many against the seasonal baseline.
      shopDaysAgainst: shopDays ?? { forecast: 0, baseline: 0 },
      ms: Math.round(performance.now() - started),
    },
    params: {
      trees,
      sampleSize,
      heightLimit: Math.ceil(Math.log2(sampleSize)),
      baseline: (shopDays?.forecast ?? 0) > 0 ? 'forecast' : 'seasonal',
      forecastRun: options.expected ? null : (data.expectedFrom?.forecastRun ?? null),
      baselineNote: baselineNote(data, options, shopDays),
      rules: RULES,
    },
  };
}

/** Says in words what the shop's days were judged against (the run's parameters). */
function baselineNote(data: AnomalyData, options: AnomalyTrainOptions, days: FeatureSet['expectedFrom']): string {
  const f = days?.forecast ?? 0;
  const b = days?.baseline ?? 0;
  const from = options.expected ? 'the expected values given' : `forecast run ${data.expectedFrom?.forecastRun}`;
  if (!options.expected && !data.expectedFrom?.forecastRun) return 'no forecast run yet: every shop day judged against the seasonal baseline';
  if (!options.expected && !data.expected) return `${from} stored no expected values: every shop day judged against the seasonal baseline`;
  const stale = !options.expected && data.expectedFrom && !data.expectedFrom.sawCurrentData ? ' (it saw older data than the database holds now)' : '';
  return `${f} shop days judged against ${from}'s expected values${stale}, ${b} against the seasonal baseline (days it has none for: its warm-up, days after its data)`;
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;

/** Rows worth reporting, highest score first. */
export function select(set: FeatureSet, scores: Float64Array): number[] {
  const rule = RULES[set.scope];
  const rows: number[] = [];
  for (let r = 0; r < set.rows; r++) {
    const z = set.z[r];
    const dir: Direction = z >= 0 ? 'spike' : 'drop';
    const minRatio = 'minRatio' in rule ? rule.minRatio : 0;
    const offBy = set.expected[r] > 0 ? Math.abs(set.actual[r] / set.expected[r] - 1) : Infinity;
    if (scores[r] >= rule.minScore && Math.abs(z) >= rule.minZ && offBy >= minRatio && (rule.directions as readonly string[]).includes(dir)) rows.push(r);
  }
  // Scores saturate at the top (a point beyond a subsample's range is isolated at the first split
  // on it, however far out it is), so scores within 0.01 are a tie, which goes to the larger deviation.
  const tier = (r: number) => Math.round(scores[r] * 100);
  return rows.sort((a, b) => tier(b) - tier(a) || Math.abs(set.z[b]) - Math.abs(set.z[a])).slice(0, rule.limit);
}

function describe(data: AnomalyData, set: FeatureSet, row: number, score: number): Anomaly {
  const k = set.source[row];
  const expected = set.expected[row];
  const actual = set.actual[row];
  const direction: Direction = set.z[row] >= 0 ? 'spike' : 'drop';
  const base = { score: round(score), expected: round2(expected), actual: round2(actual), direction };
  const cur = data.currency;
  switch (set.scope) {
    case 'total': {
      const date = data.dates[k];
      const topOrders = Array.from(data.days.topOrders.subarray(3 * k, 3 * k + 3)).filter((x) => x > 0);
      return { date, scope: 'total', subject: '', ...base, explanation: explainDay({ date, expected, actual, currency: cur, topOrders }) };
    }
    case 'product': {
      const pd = data.productDays;
      const date = data.dates[pd.day[k]];
      const product = data.products[pd.product[k]];
      return {
        date,
        scope: `product:${product.sku ?? product.name}`,
        subject: '',
        ...base,
        explanation: explainProductDay({ date, product, expected, actual, orders: pd.orders[k] }),
      };
    }
    case 'refunds': {
      if (set.source.length && set.names[0].includes('product')) {
        // A product's refunds on a day.
        const pd = data.productDays;
        const date = data.dates[pd.day[k]];
        const product = data.products[pd.product[k]];
        const usualDay = expected; // see productRefundFeatures: the product's usual day × the usual refund ratio
        return {
          date,
          scope: 'refunds',
          subject: product.sku ?? product.name,
          ...base,
          explanation: explainProductRefunds({
            date,
            product,
            returns: actual,
            lines: pd.refundLines[k],
            usualDay: usualDayOf(data, pd.product[k]) ?? usualDay,
            currency: cur,
          }),
        };
      }
      const date = data.dates[k];
      const gross = data.days.net[k] + data.days.returns[k];
      return {
        date,
        scope: 'refunds',
        subject: '',
        ...base,
        explanation: explainRefundDay({
          date,
          returns: actual,
          share: gross > 0 ? Math.min(actual / gross, 1) : 1,
          usualShare: gross > 0 ? expected / gross : 0,
          currency: cur,
        }),
      };
    }
    case 'line': {
      const ln = data.lines;
      const date = data.dates[ln.day[k]];
      const product = data.products[ln.product[k]];
      const receipt = ln.receipt[k] >= 0 ? data.receipts[ln.receipt[k]] : null;
      return {
        date,
        scope: 'line',
        subject: `${product.sku ?? product.name} ${receipt ?? ''}`.trim(),
        ...base,
        explanation: explainLine({
          date,
          product,
          aboutPrice: lineIsAboutPrice(set, row),
          expected,
          actual,
          quantity: ln.quantity[k],
          unitPrice: ln.unitPrice[k],
          receipt,
          currency: cur,
        }),
      };
    }
  }
}

/** What a product usually sells in a day it sells (median net), for the refund sentence. */
function usualDayOf(data: AnomalyData, product: number): number | null {
  const pd = data.productDays;
  const nets: number[] = [];
  for (let k = 0; k < pd.product.length; k++) if (pd.product[k] === product && pd.net[k] > 0) nets.push(pd.net[k]);
  return nets.length ? median(nets) : null;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** One anomaly per (date, scope, subject): the highest-scored (two lines of one product on one receipt). */
function dedupe(list: Anomaly[]): Anomaly[] {
  const seen = new Set<string>();
  return list.filter((a) => {
    const key = `${a.date}\u0000${a.scope}\u0000${a.subject}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
