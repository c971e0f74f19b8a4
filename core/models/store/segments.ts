/**
 * Storing and reading the segments model's outputs (tables of migration 5).
 * `writeSegments` runs inside the registry's transaction that marks the run
 * good; the readers serve the API handlers and the CLI, always for one run
 * (the latest good one, chosen by the caller).
 */
import type { Db } from '../../store/db.js';
import type { SegmentsOutputs, SegmentSummary } from '../segments/train.js';

export function writeSegments(db: Db, runId: number, out: SegmentsOutputs): void {
  const seg = db.prepare(`INSERT INTO segment_clusters (run_id, segment_id, label, action, size, revenue, revenue_share,
      median_recency, median_frequency, median_monetary, mean_clv12, mean_monetary, mean_p_alive, score_r, score_fm, centroid_json)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  for (const s of out.segments) {
    seg.run(
      runId,
      s.id,
      s.label,
      s.action,
      s.size,
      s.revenue,
      s.revenueShare,
      s.medianRecency,
      s.medianFrequency,
      s.medianMonetary,
      s.meanClv12,
      s.meanMonetary,
      s.meanPAlive,
      s.scoreR,
      s.scoreFM,
      JSON.stringify(s.centroid),
    );
  }
  const c = out.customers;
  const row = db.prepare(`INSERT INTO customer_scores (run_id, customer_id, segment_id, recency, frequency, monetary, tenure,
      f_recency, f_frequency, f_monetary, f_tenure, p_alive, expected_orders_90, spend_per_order, clv_12, value_at_stake, at_risk_rank)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  for (let i = 0; i < c.ids.length; i++) {
    const f = i * 4;
    row.run(
      runId,
      c.ids[i],
      c.segment[i],
      c.recency[i],
      c.frequency[i],
      c.monetary[i],
      c.tenure[i],
      c.features[f],
      c.features[f + 1],
      c.features[f + 2],
      c.features[f + 3],
      c.pAlive[i],
      c.expectedOrders90[i],
      c.spendPerOrder[i],
      c.clv12[i],
      c.valueAtStake[i],
      c.atRiskRank[i] > 0 ? c.atRiskRank[i] : null,
    );
  }
}

export function readSegmentSummaries(db: Db, runId: number): SegmentSummary[] {
  const rows = db.prepare('SELECT * FROM segment_clusters WHERE run_id = ? ORDER BY segment_id').all(runId) as Array<Record<string, number | string>>;
  return rows.map((r) => ({
    id: r.segment_id as number,
    label: r.label as SegmentSummary['label'],
    action: r.action as string,
    size: r.size as number,
    revenue: r.revenue as number,
    revenueShare: r.revenue_share as number,
    medianRecency: r.median_recency as number,
    medianFrequency: r.median_frequency as number,
    medianMonetary: r.median_monetary as number,
    meanClv12: r.mean_clv12 as number,
    meanMonetary: r.mean_monetary as number,
    meanPAlive: r.mean_p_alive as number,
    scoreR: r.score_r as number,
    scoreFM: r.score_fm as number,
    centroid: JSON.parse(r.centroid_json as string) as number[],
  }));
}

/** One customer's scores, with the name the dashboards show. */
export interface StoredCustomerScore {
  customerId: number;
  key: string | null;
  name: string | null;
  email: string | null;
  country: string | null;
  segment: number;
  recency: number;
  frequency: number;
  monetary: number;
  tenure: number;
  features: [number, number, number, number];
  pAlive: number;
  expectedOrders90: number;
  spendPerOrder: number;
  clv12: number;
  valueAtStake: number;
  atRiskRank: number | null;
  lastDate: string | null;
}

export interface ScoreQuery {
  segment?: number;
  atRiskOnly?: boolean;
  limit?: number;
}

export function readCustomerScores(db: Db, runId: number, q: ScoreQuery = {}): StoredCustomerScore[] {
  const where = ['s.run_id = @runId'];
  if (q.segment !== undefined) where.push('s.segment_id = @segment');
  if (q.atRiskOnly) where.push('s.at_risk_rank IS NOT NULL');
  const order = q.atRiskOnly ? 's.at_risk_rank' : 's.monetary DESC, s.customer_id';
  const rows = db
    .prepare(
      `SELECT s.*, c.key, c.name, c.email, c.country, cs.last_date FROM customer_scores s
      LEFT JOIN customers c ON c.id = s.customer_id LEFT JOIN customer_summary cs ON cs.customer_id = s.customer_id
      WHERE ${where.join(' AND ')} ORDER BY ${order}${q.limit ? ' LIMIT @limit' : ''}`,
    )
    .all({ runId, segment: q.segment, limit: q.limit }) as Array<Record<string, number | string | null>>;
  return rows.map((r) => ({
    customerId: r.customer_id as number,
    key: r.key as string | null,
    name: r.name as string | null,
    email: r.email as string | null,
    country: r.country as string | null,
    segment: r.segment_id as number,
    recency: r.recency as number,
    frequency: r.frequency as number,
    monetary: r.monetary as number,
    tenure: r.tenure as number,
    features: [r.f_recency as number, r.f_frequency as number, r.f_monetary as number, r.f_tenure as number],
    pAlive: r.p_alive as number,
    expectedOrders90: r.expected_orders_90 as number,
    spendPerOrder: r.spend_per_order as number,
    clv12: r.clv_12 as number,
    valueAtStake: r.value_at_stake as number,
    atRiskRank: r.at_risk_rank as number | null,
    lastDate: r.last_date as string | null,
  }));
}

/** Recency, orders and segment of every scored customer, in customer order (the chart). */
export function readScorePoints(db: Db, runId: number): Array<[number, number, number]> {
  return db.prepare('SELECT recency, frequency, segment_id FROM customer_scores WHERE run_id = ? ORDER BY customer_id').raw().all(runId) as Array<
    [number, number, number]
  >;
}

/** Sum of spend to date and of predicted 12-month value over the scored customers. */
export function readValueTotals(db: Db, runId: number): { historical: number; predicted12: number } {
  return db
    .prepare('SELECT coalesce(sum(monetary), 0) AS historical, coalesce(sum(clv_12), 0) AS predicted12 FROM customer_scores WHERE run_id = ?')
    .get(runId) as {
    historical: number;
    predicted12: number;
  };
}
