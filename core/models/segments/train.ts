/**
 * The segments model's training, pure: customer figures → RFM features →
 * k-means (k by silhouette) → named segments; BG/NBD + Gamma-Gamma → P(alive),
 * expected purchases, 12-month value; the at-risk ranking; and the time-split
 * validation of the purchase model. Same data and seed ⇒ same outputs.
 */
import { checkCancelled, type TrainContext, type Trained } from '../runtime.js';
import { atRisk } from './at-risk.js';
import { chooseK, K_RANGE } from './choose-k.js';
import { customerFigures, isoOfDay, type CustomerHistory } from './history.js';
import { clusterScores, nameClusters, ACTIONS, type SegmentName } from './naming.js';
import { FEATURE_NAMES, rfmFeatures } from './rfm.js';
import { SILHOUETTE_SAMPLE } from './silhouette.js';
import { defaultSplit, validateTimeSplit, type TimeSplitValidation } from './validation.js';
import { customerValues, CLV_DAYS, HORIZON_DAYS } from './value.js';

export interface SegmentsData {
  history: CustomerHistory;
  /** Sales with no customer on them (walk-in cash sales): counted apart, never as one customer. */
  walkIn: { orders: number; net: number };
  /** Every counted sale, with or without a customer. */
  total: { orders: number; net: number };
}

export interface SegmentSummary {
  /** 1 = the segment with the most revenue. */
  id: number;
  label: SegmentName;
  action: string;
  size: number;
  revenue: number;
  /** Share of the known customers' net sales. */
  revenueShare: number;
  medianRecency: number;
  medianFrequency: number;
  medianMonetary: number;
  /** Mean predicted 12-month value, and mean spend to date, per customer. */
  meanClv12: number;
  meanMonetary: number;
  meanPAlive: number;
  /** Where the segment sits: mean R and FM scores (1–5), and its centroid in the standardised feature space. */
  scoreR: number;
  scoreFM: number;
  centroid: number[];
}

export interface CustomerScores {
  ids: Int32Array;
  segment: Int32Array;
  recency: Float64Array;
  frequency: Float64Array;
  monetary: Float64Array;
  tenure: Float64Array;
  /** n × 4, row-major: the standardised vector each customer was clustered by. */
  features: Float64Array;
  pAlive: Float64Array;
  expectedOrders90: Float64Array;
  spendPerOrder: Float64Array;
  clv12: Float64Array;
  valueAtStake: Float64Array;
  atRiskRank: Int32Array;
}

export interface SegmentsOutputs {
  asOf: string;
  segments: SegmentSummary[];
  customers: CustomerScores;
}

export interface SegmentsOptions {
  /** A fixed number of segments instead of the search over 3–8. */
  k?: number;
  restarts?: number;
  /** Skip the time-split validation (the CLI's quick --k runs). */
  validate?: boolean;
}

export const MIN_CUSTOMERS = 20;
const RESTARTS = 10;

export class NotEnoughCustomers extends Error {
  override name = 'NotEnoughCustomers';
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  if (!s.length) return 0;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export async function trainSegments(data: SegmentsData, ctx: TrainContext, options: SegmentsOptions = {}): Promise<Trained<SegmentsOutputs>> {
  // Between steps: give the event loop a turn, so a cancel request posted to the
  // training's worker thread is delivered to the signal, then honour it.
  const pause = async () => {
    await new Promise<void>((resolve) => setImmediate(resolve));
    checkCancelled(ctx.signal);
  };
  const check = () => checkCancelled(ctx.signal);
  const started = performance.now();
  const f = customerFigures(data.history);
  const n = f.index.length;
  if (n < MIN_CUSTOMERS) {
    const note = `segments need at least ${MIN_CUSTOMERS} customers with an id, email or name; the data has ${n}`;
    // Asked for explicitly (tillsight segment --k N), it is an error; after an import of a small shop it is
    // a normal state, recorded as a good run with no segments and the reason.
    if (options.k !== undefined) throw new NotEnoughCustomers(note);
    return emptyRun(data, n, note, ctx.seed);
  }
  const restarts = options.restarts ?? RESTARTS;

  ctx.progress('clustering', 0, null);
  await pause();
  const features = rfmFeatures(f);
  const choice = chooseK(features.points, {
    seed: ctx.seed,
    k: options.k,
    restarts,
    onStep: (done, total) => {
      check();
      ctx.progress('clustering', done, total);
    },
  });
  const { clustering } = choice;
  const segmentingMs = performance.now() - started;

  await pause();
  ctx.progress('customer value', 0, null, 'fitting BG/NBD and Gamma-Gamma');
  const valueStarted = performance.now();
  const values = customerValues(f);
  const risk = atRisk({
    frequency: f.frequency,
    monetary: f.monetary,
    pAlive: values.pAlive,
    leavingEvidence: values.leavingEvidence,
    expectedYearIfAlive: values.expectedYearIfAlive,
    spendPerOrder: values.spendPerOrder,
  });
  const valueMs = performance.now() - valueStarted;

  let validation: TimeSplitValidation | null = null;
  const split = options.validate === false ? null : defaultSplit(data.history);
  if (split) {
    await pause();
    ctx.progress('customer value', 1, 2, 'checking the purchase model on held-out months');
    validation = validateTimeSplit(data.history, split.cutoff, split.end);
  }

  // Segments: named from their (R, FM) scores, numbered by revenue (1 = most).
  const k = clustering.k;
  const scores = clusterScores(clustering.labels, k, f.recency, f.frequency, f.monetary);
  const names = nameClusters(scores);
  const members = Array.from({ length: k }, () => [] as number[]);
  clustering.labels.forEach((l, i) => members[l].push(i));
  const knownNet = f.monetary.reduce((s, v) => s + v, 0);
  const revenueOf = (c: number) => members[c].reduce((s, i) => s + f.monetary[i], 0);
  const order = Array.from({ length: k }, (_, c) => c).sort((a, b) => revenueOf(b) - revenueOf(a) || a - b);
  const idOf = new Int32Array(k);
  order.forEach((c, r) => (idOf[c] = r + 1));
  const mean = (c: number, a: ArrayLike<number>) => members[c].reduce((s, i) => s + a[i], 0) / members[c].length;
  const segments: SegmentSummary[] = order.map((c) => ({
    id: idOf[c],
    label: names[c],
    action: ACTIONS[names[c]],
    size: members[c].length,
    revenue: revenueOf(c),
    revenueShare: knownNet !== 0 ? revenueOf(c) / knownNet : 0,
    medianRecency: median(members[c].map((i) => f.recency[i])),
    medianFrequency: median(members[c].map((i) => f.frequency[i])),
    medianMonetary: median(members[c].map((i) => f.monetary[i])),
    meanClv12: mean(c, values.clv12),
    meanMonetary: mean(c, f.monetary),
    meanPAlive: mean(c, values.pAlive),
    scoreR: scores[c].r,
    scoreFM: scores[c].fm,
    centroid: clustering.centroids[c],
  }));

  const dim = FEATURE_NAMES.length;
  const flat = new Float64Array(n * dim);
  features.points.forEach((p, i) => flat.set(p, i * dim));
  const customers: CustomerScores = {
    ids: Int32Array.from(f.index, (i) => data.history.ids[i]),
    segment: Int32Array.from(clustering.labels, (l) => idOf[l]),
    recency: f.recency,
    frequency: f.frequency,
    monetary: f.monetary,
    tenure: f.tenure,
    features: flat,
    pAlive: values.pAlive,
    expectedOrders90: values.expectedOrders90,
    spendPerOrder: values.spendPerOrder,
    clv12: values.clv12,
    valueAtStake: risk.valueAtStake,
    atRiskRank: risk.rank,
  };
  ctx.progress('customer value', 2, 2);

  const { bgnbd, gammaGamma } = values.fit;
  const atRiskCount = risk.rank.reduce((s, r) => s + (r > 0 ? 1 : 0), 0);
  const metrics = {
    customers: n,
    k,
    silhouette: choice.silhouette,
    silhouetteSample: Math.min(n, SILHOUETTE_SAMPLE),
    elbowK: choice.elbowK,
    kScores: choice.scores,
    walkIn: data.walkIn,
    knownShareOfSales: data.total.net !== 0 ? knownNet / data.total.net : null,
    bgnbd: { r: bgnbd.r, alpha: bgnbd.alpha, a: bgnbd.a, b: bgnbd.b, logLikelihood: bgnbd.logLikelihood, converged: bgnbd.converged },
    gammaGamma: gammaGamma ? { p: gammaGamma.p, q: gammaGamma.q, gamma: gammaGamma.gamma, logLikelihood: gammaGamma.logLikelihood } : null,
    repeatBuyers: values.fit.repeatBuyers,
    spendFrequencyCorrelation: values.fit.spendFrequencyCorrelation,
    atRisk: { customers: atRiskCount, minSpend: risk.minSpend, valueAtStake: risk.valueAtStake.reduce((s, v, i) => s + (risk.rank[i] > 0 ? v : 0), 0) },
    validation,
    segmentingMs,
    valueMs,
  };
  const params = {
    k: options.k ?? 'auto',
    kRange: K_RANGE,
    seed: ctx.seed,
    restarts,
    features: FEATURE_NAMES,
    transform: 'log1p, then standardised',
    horizonDays: HORIZON_DAYS,
    clvDays: CLV_DAYS,
    unit: 'BG/NBD in weeks; a purchase is a day with an order',
  };
  const outputs: SegmentsOutputs = { asOf: isoOfDay(data.history.asOf), segments, customers };
  return { outputs, metrics, params };
}

/** A good run with no segments: too few customers to cluster. */
function emptyRun(data: SegmentsData, n: number, note: string, seed: number): Trained<SegmentsOutputs> {
  const none = () => new Float64Array(0);
  const customers: CustomerScores = {
    ids: new Int32Array(0),
    segment: new Int32Array(0),
    recency: none(),
    frequency: none(),
    monetary: none(),
    tenure: none(),
    features: none(),
    pAlive: none(),
    expectedOrders90: none(),
    spendPerOrder: none(),
    clv12: none(),
    valueAtStake: none(),
    atRiskRank: new Int32Array(0),
  };
  const metrics = {
    customers: n,
    k: 0,
    silhouette: 0,
    silhouetteSample: 0,
    elbowK: 0,
    kScores: [],
    walkIn: data.walkIn,
    knownShareOfSales: null,
    bgnbd: null,
    gammaGamma: null,
    repeatBuyers: 0,
    spendFrequencyCorrelation: null,
    atRisk: { customers: 0, minSpend: 0, valueAtStake: 0 },
    validation: null,
    note,
  };
  return { outputs: { asOf: isoOfDay(data.history.asOf), segments: [], customers }, metrics, params: { k: 'auto', seed, minCustomers: MIN_CUSTOMERS } };
}
