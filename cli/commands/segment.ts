/**
 * tillsight segment: the customer segments, who is slipping away and what each
 * customer is worth. `--k auto` shows the serving run (training it first when
 * it is missing or older than the data); `--k N` clusters into N segments in
 * this process, without replacing the app's run.
 */
import { runJob } from '../../core/jobs/runner.js';
import { readCustomerIdentities, readSegmentsData } from '../../core/models/data/segments.js';
import { latestGoodRun, staleKinds } from '../../core/models/registry.js';
import { trainSegments } from '../../core/models/segments/train.js';
import { readCustomerScores, readSegmentSummaries } from '../../core/models/store/segments.js';
import { SEGMENTS_KIND } from '../../core/models/store/segments-model.js';
import type { Db } from '../../core/store/db.js';
import { dbOption, jsonOption, parse, type Command } from '../command.js';
import { openCliDb } from '../db.js';
import { UserError } from '../errors.js';

interface SegmentJson {
  id: number;
  label: string;
  size: number;
  revenueShare: number;
  action: string;
  revenue: number;
  medianRecency: number;
  medianFrequency: number;
  medianMonetary: number;
  meanClv12: number;
}

interface CustomerJson {
  customerId: string;
  segment: number;
  recency: number;
  frequency: number;
  monetary: number;
  features: number[];
  pAlive: number;
  expectedOrders90: number;
  clv12: number;
}

interface Report {
  k: number;
  silhouette: number;
  segments: SegmentJson[];
  customers: CustomerJson[];
  asOf: string | null;
  walkIn: { orders: number; net: number };
  atRisk: Array<{ customerId: string; segment: number; monetary: number; pAlive: number; valueAtStake: number }>;
}

const segmentJson = (s: SegmentJson): SegmentJson => ({
  id: s.id,
  label: s.label,
  size: s.size,
  revenueShare: s.revenueShare,
  action: s.action,
  revenue: s.revenue,
  medianRecency: s.medianRecency,
  medianFrequency: s.medianFrequency,
  medianMonetary: s.medianMonetary,
  meanClv12: s.meanClv12,
});

/** The serving run as the report. */
function fromRun(db: Db): Report | null {
  const run = latestGoodRun(db, SEGMENTS_KIND);
  if (!run) return null;
  const m = run.metrics as { k: number; silhouette: number; walkIn: { orders: number; net: number } };
  const scores = readCustomerScores(db, run.id);
  scores.sort((a, b) => a.customerId - b.customerId);
  const identity = (key: string | null, id: number) => (key ? key.slice(key.indexOf(':') + 1) : `#${id}`);
  return {
    k: m.k,
    silhouette: m.silhouette,
    segments: readSegmentSummaries(db, run.id).map(segmentJson),
    customers: scores.map((s) => ({
      customerId: identity(s.key, s.customerId),
      segment: s.segment,
      recency: s.recency,
      frequency: s.frequency,
      monetary: s.monetary,
      features: s.features,
      pAlive: s.pAlive,
      expectedOrders90: s.expectedOrders90,
      clv12: s.clv12,
    })),
    asOf: run.dataTo,
    walkIn: m.walkIn,
    atRisk: scores
      .filter((s) => s.atRiskRank !== null)
      .sort((a, b) => a.atRiskRank! - b.atRiskRank!)
      .map((s) => ({ customerId: identity(s.key, s.customerId), segment: s.segment, monetary: s.monetary, pAlive: s.pAlive, valueAtStake: s.valueAtStake })),
  };
}

/** A fresh clustering into k segments, in this process. */
async function inProcess(db: Db, k: number, seed: number): Promise<Report> {
  const data = readSegmentsData(db);
  const ids = readCustomerIdentities(db);
  const { outputs, metrics } = await trainSegments(data, { seed, signal: new AbortController().signal, progress: () => {} }, { k, validate: false });
  const c = outputs.customers;
  const order = Array.from(c.ids.keys()).sort((a, b) => c.ids[a] - c.ids[b]);
  const cid = (i: number) => ids.get(c.ids[i]) ?? `#${c.ids[i]}`;
  return {
    k: metrics.k as number,
    silhouette: metrics.silhouette as number,
    segments: outputs.segments.map(segmentJson),
    customers: order.map((i) => ({
      customerId: cid(i),
      segment: c.segment[i],
      recency: c.recency[i],
      frequency: c.frequency[i],
      monetary: c.monetary[i],
      features: Array.from(c.features.subarray(i * 4, i * 4 + 4)),
      pAlive: c.pAlive[i],
      expectedOrders90: c.expectedOrders90[i],
      clv12: c.clv12[i],
    })),
    asOf: outputs.asOf,
    walkIn: data.walkIn,
    atRisk: order
      .filter((i) => c.atRiskRank[i] > 0)
      .sort((a, b) => c.atRiskRank[a] - c.atRiskRank[b])
      .map((i) => ({ customerId: cid(i), segment: c.segment[i], monetary: c.monetary[i], pAlive: c.pAlive[i], valueAtStake: c.valueAtStake[i] })),
  };
}

const money = (v: number) => v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const int = (v: number) => Math.round(v).toLocaleString('en-US');

function text(r: Report): string {
  const out = [`${int(r.customers.length)} customers in ${r.k} segments (mean silhouette ${r.silhouette.toFixed(2)}), data to ${r.asOf ?? '?'}`, ''];
  for (const s of r.segments) {
    out.push(
      `${String(s.id).padStart(2)}  ${s.label.padEnd(20)} ${int(s.size).padStart(7)} customers  ${(100 * s.revenueShare).toFixed(1).padStart(5)}% of their sales  typically ${int(s.medianRecency)} days since the last order, ${int(s.medianFrequency)} orders, ${money(s.medianMonetary)} spent`,
    );
    out.push(`    ${s.action}`);
  }
  out.push('', `Without a customer (walk-in sales, counted apart): ${int(r.walkIn.orders)} orders, ${money(r.walkIn.net)}`);
  const stake = r.atRisk.reduce((s, a) => s + a.valueAtStake, 0);
  out.push(
    `At risk and worth keeping: ${int(r.atRisk.length)} customers, ${money(stake)} of the next 12 months' sales at stake${r.atRisk.length ? '; the first 10:' : ''}`,
  );
  for (const a of r.atRisk.slice(0, 10))
    out.push(
      `  ${a.customerId.padEnd(24)} spent ${money(a.monetary).padStart(12)}  P(still a customer) ${(100 * a.pAlive).toFixed(0).padStart(3)}%  at stake ${money(a.valueAtStake)}`,
    );
  return out.join('\n') + '\n';
}

export const segmentCommand: Command = {
  usage: 'segment [--db PATH] [--k auto|N] [--seed N] [--json]',
  summary: 'customer segments (RFM), who is slipping away, and 12-month customer value',
  help: `
Segments the customers by recency, frequency, spend and tenure (k-means; k chosen from 3 to 8 by the
silhouette unless --k N), fits BG/NBD and Gamma-Gamma for P(still a customer), expected orders in the
next 90 days and the 12-month value, and lists the valuable customers who are slipping away.
--k auto shows the app's latest run, training it first when it is missing or older than the data;
--k N clusters into N segments here and now (the app's run is left as it is).
JSON: {"k", "silhouette", "segments":[{id, label, size, revenueShare, action, …}],
       "customers":[{customerId, segment, recency, frequency, monetary, features, pAlive, expectedOrders90, clv12}], …}
`,
  async run(args) {
    const { values } = parse(args, { ...dbOption, ...jsonOption, k: { type: 'string', default: 'auto' }, seed: { type: 'string' } });
    const seed = values.seed === undefined ? 42 : Number(values.seed);
    if (!Number.isInteger(seed) || seed < 0) throw new UserError('--seed must be a whole number', 2);
    const k = values.k === 'auto' ? null : Number(values.k);
    if (k !== null && (!Number.isInteger(k) || k < 2 || k > 12)) throw new UserError('--k must be auto or a whole number from 2 to 12', 2);
    let { db, dbPath } = openCliDb(values.db, { mustExist: true });
    try {
      let report: Report | null;
      if (k !== null) {
        report = await inProcess(db, k, seed);
      } else {
        if (staleKinds(db, [SEGMENTS_KIND]).length) {
          db.close(); // the training job opens its own connection
          const result = await runJob(
            dbPath,
            'train',
            { kinds: [SEGMENTS_KIND], seed, reason: 'command line' },
            {
              onProgress: (p) => process.stderr.write(`${p.phase}${p.total ? ` ${Math.round((100 * p.done) / p.total)}%` : ''}\n`),
            },
          );
          const failed = result.runs.find((r) => r.status !== 'ok');
          ({ db, dbPath } = openCliDb(dbPath));
          if (failed && !latestGoodRun(db, SEGMENTS_KIND)) throw new UserError(`the segments could not be made: ${failed.error ?? failed.status}`);
        }
        const note = (latestGoodRun(db, SEGMENTS_KIND)?.metrics as { note?: string } | undefined)?.note;
        if (note) throw new UserError(note);
        report = fromRun(db);
        if (!report) throw new UserError('no segments yet: import sales with customers first');
      }
      process.stdout.write(values.json ? JSON.stringify(report) + '\n' : text(report));
      return 0;
    } catch (e) {
      if (e instanceof Error && e.name === 'NotEnoughCustomers') throw new UserError(e.message);
      throw e;
    } finally {
      if (db.open) db.close();
    }
  },
};
