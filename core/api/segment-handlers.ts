/**
 * Customer segments and value, read from the serving 'segments' run: thin
 * mappings of the stored outputs (core/models/store/segments.ts) and the run's
 * metrics (written by core/models/segments/train.ts) to the API's shapes.
 */
import type { z } from 'zod';
import type { SegmentCustomer, SegmentRunRef, segmentsInputs, SegmentsOutputs, SegmentsQuality } from '../../common/api-segments.js';
import type { ModelRunInfo } from '../../common/api-models.js';
import { customerLabel } from '../analytics/customers.js';
import { latestGoodRun, staleKinds } from '../models/registry.js';
import { readCustomerScores, readScorePoints, readSegmentSummaries, readValueTotals, type StoredCustomerScore } from '../models/store/segments.js';
import { SEGMENTS_KIND } from '../models/store/segments-model.js';
import type { Db } from '../store/db.js';
import type { ApiContext } from './context.js';

type Inputs = typeof segmentsInputs;

const CHART_POINTS = 4000;
const AT_RISK_SHOWN = 25;

/** The metrics the segments training records (core/models/segments/train.ts). */
interface RunMetrics {
  customers: number;
  k: number;
  silhouette: number;
  silhouetteSample: number;
  elbowK: number;
  kScores: SegmentsQuality['kScores'];
  walkIn: { orders: number; net: number };
  knownShareOfSales: number | null;
  bgnbd: SegmentsQuality['bgnbd'];
  gammaGamma: SegmentsQuality['gammaGamma'];
  spendFrequencyCorrelation: number | null;
  atRisk: { customers: number; valueAtStake: number; minSpend: number };
  validation: SegmentsQuality['validation'];
  note?: string;
}

function ref(run: ModelRunInfo): SegmentRunRef {
  return { runId: run.id, finishedAt: run.finishedAt, dataTo: run.dataTo, seed: run.seed };
}

function identity(key: string | null, id: number): string {
  if (!key) return `#${id}`;
  const i = key.indexOf(':');
  return i >= 0 ? key.slice(i + 1) : key;
}

export function toSegmentCustomer(s: StoredCustomerScore, labels: Map<number, string>): SegmentCustomer {
  return {
    customerId: s.customerId,
    identity: identity(s.key, s.customerId),
    name: s.key ? customerLabel(s.key, s.name) : `Customer #${s.customerId}`,
    email: s.email,
    country: s.country,
    segment: s.segment,
    segmentLabel: labels.get(s.segment) ?? '',
    recency: s.recency,
    orders: s.frequency,
    usualGapDays: s.frequency > 1 ? (s.tenure - s.recency) / (s.frequency - 1) : null,
    spend: s.monetary,
    lastDate: s.lastDate,
    pAlive: s.pAlive,
    expectedOrders90: s.expectedOrders90,
    clv12: s.clv12,
    valueAtStake: s.valueAtStake,
    atRiskRank: s.atRiskRank,
  };
}

function labelsOf(db: Db, runId: number): Map<number, string> {
  return new Map(readSegmentSummaries(db, runId).map((s) => [s.id, s.label]));
}

export const segmentHandlers: {
  [M in keyof Inputs & keyof SegmentsOutputs]: (input: z.output<Inputs[M]>, ctx: ApiContext) => SegmentsOutputs[M];
} = {
  customerSegments: (input, { db }) => {
    const run = latestGoodRun(db, SEGMENTS_KIND);
    if (!run) {
      return {
        run: null,
        stale: true,
        note: null,
        customers: 0,
        k: 0,
        silhouette: 0,
        segments: [],
        points: [],
        atRisk: [],
        atRiskTotal: { customers: 0, valueAtStake: 0, minSpend: 0 },
        walkIn: { orders: 0, net: 0, shareOfSales: null },
        value: { historical: 0, predicted12: 0 },
      };
    }
    const m = run.metrics as unknown as RunMetrics;
    const segments = readSegmentSummaries(db, run.id);
    const labels = new Map(segments.map((s) => [s.id, s.label]));
    const all = readScorePoints(db, run.id);
    // An even sample keeps the chart responsive on big customer bases; it is deterministic.
    const step = Math.max(1, all.length / CHART_POINTS);
    const points = all.length <= CHART_POINTS ? all : Array.from({ length: CHART_POINTS }, (_, i) => all[Math.floor(i * step)]);
    return {
      run: ref(run),
      stale: staleKinds(db, [SEGMENTS_KIND]).length > 0,
      note: m.note ?? null,
      customers: m.customers,
      k: m.k,
      silhouette: m.silhouette,
      segments: segments.map(({ centroid: _c, scoreR: _r, scoreFM: _f, ...s }) => s),
      points,
      atRisk: readCustomerScores(db, run.id, { atRiskOnly: true, limit: input.atRiskLimit ?? AT_RISK_SHOWN }).map((s) => toSegmentCustomer(s, labels)),
      atRiskTotal: m.atRisk,
      walkIn: { ...m.walkIn, shareOfSales: m.knownShareOfSales === null ? null : 1 - m.knownShareOfSales },
      value: readValueTotals(db, run.id),
    };
  },
  segmentCustomers: ({ segment }, { db }) => {
    const run = latestGoodRun(db, SEGMENTS_KIND);
    if (!run) return [];
    const labels = labelsOf(db, run.id);
    const rows = segment === 0 ? readCustomerScores(db, run.id, { atRiskOnly: true }) : readCustomerScores(db, run.id, { segment });
    return rows.map((s) => toSegmentCustomer(s, labels));
  },
  segmentsQuality: (_input, { db }) => {
    const run = latestGoodRun(db, SEGMENTS_KIND);
    if (!run) {
      return {
        run: null,
        note: null,
        customers: 0,
        k: 0,
        silhouette: 0,
        silhouetteSample: 0,
        elbowK: 0,
        kScores: [],
        bgnbd: null,
        gammaGamma: null,
        spendFrequencyCorrelation: null,
        validation: null,
        durationMs: null,
      };
    }
    const m = run.metrics as unknown as RunMetrics;
    return {
      run: ref(run),
      note: m.note ?? null,
      customers: m.customers,
      k: m.k,
      silhouette: m.silhouette,
      silhouetteSample: m.silhouetteSample,
      elbowK: m.elbowK,
      kScores: m.kScores,
      bgnbd: m.bgnbd,
      gammaGamma: m.gammaGamma,
      spendFrequencyCorrelation: m.spendFrequencyCorrelation,
      validation: m.validation,
      durationMs: run.durationMs,
    };
  },
};
