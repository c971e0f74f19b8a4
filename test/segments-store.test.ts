/**
 * The segments model through the runtime, on the sample shop (a year of it):
 * a training run stores its segments and scores with the run, the API reads
 * them back, `tillsight segment --json` prints the contract, pruning a
 * run takes its outputs, and the segments recover the shop's customer
 * archetypes (adjusted Rand index against truth.json).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { callApi, type ApiContext } from '../core/api/index.js';
import { adjustedRandIndex } from '../core/models/segments/ari.js';
import { latestGoodRun } from '../core/models/registry.js';
import { segmentsModel } from '../core/models/store/segments-model.js';
import { trainAll } from '../core/models/train-all.js';
import type { Db } from '../core/store/db.js';
import { ROOT } from '../bench/common.js';
import { sampleShopForSegments } from '../bench/segments-sample.js';

let dir: string;
let db: Db;
let dbPath: string;
let archetypes: Map<number, string>;
let ctx: ApiContext;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tillsight-segments-store-'));
  const shop = await sampleShopForSegments(dir, { seed: 3, days: 365 });
  db = shop.db;
  dbPath = db.name;
  archetypes = shop.archetypes;
  ctx = { db, dbPath, uploadDir: path.join(dir, 'uploads'), emitProgress: () => {} };
});
after(() => {
  db?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test("a training run stores the segments and every customer's scores with it", async () => {
  const phases: string[] = [];
  const result = await trainAll(db, [segmentsModel], { seed: 42, signal: new AbortController().signal, progress: (p) => phases.push(p) });
  assert.equal(result.runs.length, 1);
  const run = result.runs[0];
  assert.equal(run.status, 'ok', run.error ?? '');
  assert.equal(run.kind, 'segments');
  assert.ok(phases.some((p) => p.includes('clustering')) && phases.some((p) => p.includes('customer value')));
  const customers = db.prepare('SELECT count(*) FROM customer_summary').pluck().get() as number;
  assert.equal(db.prepare('SELECT count(*) FROM customer_scores WHERE run_id = ?').pluck().get(run.id), customers);
  const k = run.metrics.k as number;
  assert.ok(k >= 3 && k <= 8);
  assert.equal(db.prepare('SELECT count(*) FROM segment_clusters WHERE run_id = ?').pluck().get(run.id), k);
  assert.equal(db.prepare('SELECT sum(size) FROM segment_clusters WHERE run_id = ?').pluck().get(run.id), customers);
  // Every customer's stored spend equals the gold table's.
  const off = db
    .prepare(`SELECT count(*) FROM customer_scores s JOIN customer_summary c USING (customer_id) WHERE s.run_id = ? AND abs(s.monetary - c.net) > 0.005`)
    .pluck()
    .get(run.id);
  assert.equal(off, 0);
  // Walk-in sales are counted apart: the sample shop's anonymous till sales.
  const walkIn = run.metrics.walkIn as { orders: number; net: number };
  assert.ok(walkIn.orders > 0 && walkIn.net > 0);
});

test("the API serves the run: segments, chart points, at-risk list, a segment's customers, quality", async () => {
  const view = await callApi(ctx, 'customerSegments', {});
  assert.ok(view.run);
  assert.equal(view.stale, false);
  assert.equal(view.points.length, view.customers);
  assert.equal(
    view.segments.reduce((s, g) => s + g.size, 0),
    view.customers,
  );
  assert.ok(Math.abs(view.segments.reduce((s, g) => s + g.revenueShare, 0) - 1) < 1e-9);
  for (const s of view.segments) assert.ok(s.action.length > 20 && s.label.length > 2);
  assert.deepEqual(
    view.atRisk.map((c) => c.atRiskRank),
    view.atRisk.map((_, i) => i + 1),
  );
  for (let i = 1; i < view.atRisk.length; i++) assert.ok(view.atRisk[i - 1].valueAtStake >= view.atRisk[i].valueAtStake);
  assert.ok(view.walkIn.orders > 0);
  assert.ok(view.value.predicted12 > 0 && view.value.historical > 0);
  const first = view.segments[0];
  const members = await callApi(ctx, 'segmentCustomers', { segment: first.id });
  assert.equal(members.length, first.size);
  assert.ok(members.every((m) => m.segment === first.id && m.segmentLabel === first.label && m.identity.length > 0));
  const risky = await callApi(ctx, 'segmentCustomers', { segment: 0 });
  assert.equal(risky.length, view.atRiskTotal.customers);
  const q = await callApi(ctx, 'segmentsQuality', {});
  assert.equal(q.k, view.k);
  assert.equal(q.kScores.length, 6);
  assert.ok(q.bgnbd && q.bgnbd.r > 0 && q.bgnbd.alpha > 0);
  assert.ok(q.validation && q.validation.holdoutDays === 100);
  await assert.rejects(callApi(ctx, 'segmentCustomers', { segment: -1 }), /segment/);
});

test('tillsight segment --json prints the contract, and --k N clusters anew without replacing the run', () => {
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(ROOT, 'bin', 'tillsight.js'), 'segment', '--db', dbPath, ...args], { encoding: 'utf8', timeout: 120_000 });
  const r = cli('--json');
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as Record<string, unknown> & {
    k: number;
    silhouette: number;
    segments: Array<Record<string, unknown>>;
    customers: Array<Record<string, unknown>>;
  };
  const run = latestGoodRun(db, 'segments')!;
  assert.equal(out.k, run.metrics.k);
  assert.equal(out.silhouette, run.metrics.silhouette);
  for (const s of out.segments) for (const key of ['id', 'label', 'size', 'revenueShare', 'action']) assert.ok(key in s, `segment ${key}`);
  const c = out.customers[0];
  assert.deepEqual(Object.keys(c), ['customerId', 'segment', 'recency', 'frequency', 'monetary', 'features', 'pAlive', 'expectedOrders90', 'clv12']);
  assert.equal(typeof c.customerId, 'string');
  assert.equal(out.customers.length, db.prepare('SELECT count(*) FROM customer_scores WHERE run_id = ?').pluck().get(run.id));
  // The features are the stored standardised vector.
  const stored = db
    .prepare(
      `SELECT f_recency, f_frequency, f_monetary, f_tenure FROM customer_scores s JOIN customers c ON c.id = s.customer_id
    WHERE s.run_id = ? AND substr(c.key, instr(c.key, ':') + 1) = ?`,
    )
    .raw()
    .get(run.id, c.customerId);
  assert.deepEqual(c.features, stored);
  const four = cli('--json', '--k', '4');
  assert.equal(four.status, 0, four.stderr);
  assert.equal((JSON.parse(four.stdout) as { k: number }).k, 4);
  assert.equal(latestGoodRun(db, 'segments')!.id, run.id);
  const text = cli();
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /walk-in sales, counted apart/);
  assert.equal(cli('--k', 'many').status, 2);
});

test("the segments recover the sample shop's customer archetypes", () => {
  const run = latestGoodRun(db, 'segments')!;
  const rows = db.prepare('SELECT customer_id, segment_id FROM customer_scores WHERE run_id = ?').raw().all(run.id) as Array<[number, number]>;
  const truth: string[] = [],
    got: number[] = [];
  for (const [id, seg] of rows) {
    const a = archetypes.get(id);
    if (a) {
      truth.push(a);
      got.push(seg);
    }
  }
  assert.ok(truth.length > 1000, `${truth.length} customers with a known archetype`);
  const ari = adjustedRandIndex(truth, got);
  console.log(`sample shop (365 days): adjusted Rand index ${ari.toFixed(3)} at k = ${String(run.metrics.k)}`);
  assert.ok(ari > 0.4, `ARI ${ari}`);
});

test('pruning a run removes its outputs', () => {
  const run = latestGoodRun(db, 'segments')!;
  db.prepare('DELETE FROM model_runs WHERE id = ?').run(run.id);
  assert.equal(db.prepare('SELECT count(*) FROM customer_scores WHERE run_id = ?').pluck().get(run.id), 0);
  assert.equal(db.prepare('SELECT count(*) FROM segment_clusters WHERE run_id = ?').pluck().get(run.id), 0);
});
