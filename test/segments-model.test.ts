/**
 * The segments model's pure parts on data with known answers: customer figures
 * on a hand-made history, clusters recovered from well-separated groups, the
 * silhouette against a direct computation, the elbow, names, the at-risk
 * ranking, and determinism of the whole training for a seed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adjustedRandIndex } from '../core/models/segments/ari.js';
import { atRisk } from '../core/models/segments/at-risk.js';
import { chooseK, elbow } from '../core/models/segments/choose-k.js';
import { customerFigures, dayNumber, purchaseDaysBetween, type CustomerHistory } from '../core/models/segments/history.js';
import { bestKmeans } from '../core/models/segments/kmeans.js';
import { nameClusters, rankScores, SEGMENT_NAMES } from '../core/models/segments/naming.js';
import { rfmFeatures } from '../core/models/segments/rfm.js';
import { meanSilhouette, sampleIndices } from '../core/models/segments/silhouette.js';
import { trainSegments, type SegmentsData } from '../core/models/segments/train.js';
import { mulberry32 } from '../core/models/random.js';

/** A history from per-customer lists of [ISO date, orders, net]. */
function history(asOf: string, customers: Array<Array<[string, number, number]>>): CustomerHistory {
  const start = [0];
  const day: number[] = [],
    orders: number[] = [],
    net: number[] = [];
  for (const c of customers) {
    for (const [d, o, v] of c) {
      day.push(dayNumber(d));
      orders.push(o);
      net.push(v);
    }
    start.push(day.length);
  }
  return {
    asOf: dayNumber(asOf),
    ids: Int32Array.from(customers, (_, i) => i + 1),
    start: Int32Array.from(start),
    day: Int32Array.from(day),
    orders: Float64Array.from(orders),
    net: Float64Array.from(net),
  };
}

/** Gaussian blobs around the given centres (Box–Muller on a seeded PRNG). */
function blobs(centres: number[][], perBlob: number, spread: number, seed: number): { points: number[][]; truth: number[] } {
  const rng = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const points: number[][] = [],
    truth: number[] = [];
  centres.forEach((c, j) => {
    for (let i = 0; i < perBlob; i++) {
      points.push(c.map((v) => v + spread * normal()));
      truth.push(j);
    }
  });
  return { points, truth };
}

test('customer figures: recency, frequency, spend, tenure and the BG/NBD summary, at the end and at a cut-off', () => {
  const h = history('2024-03-31', [
    [
      ['2024-01-01', 1, 10],
      ['2024-01-01', 0, 0],
      ['2024-02-01', 2, 30],
      ['2024-03-01', 0, -5],
      ['2024-03-25', 1, 20],
    ],
    [['2024-03-31', 1, 7]],
    [['2024-02-10', 0, -3]], // only a refund: dated by its activity
  ]);
  const f = customerFigures(h);
  assert.deepEqual([...f.index], [0, 1, 2]);
  assert.deepEqual([...f.recency], [7, 1, 51]); // from the last purchase to 1 April
  assert.deepEqual([...f.frequency], [4, 1, 0]);
  assert.deepEqual([...f.monetary], [55, 7, -3]);
  assert.deepEqual([...f.tenure], [91, 1, 51]);
  assert.deepEqual([...f.x], [2, 0, 0]); // three purchase days
  assert.deepEqual([...f.tx], [84 / 7, 0, 0]);
  assert.deepEqual([...f.T], [91 / 7, 1 / 7, 51 / 7]);
  assert.deepEqual([...f.repeatSpend], [25, 0, 0]); // (30 + 20) / 2
  const cut = customerFigures(h, dayNumber('2024-02-15'));
  assert.deepEqual([...cut.index], [0, 2]); // customer 2 had not arrived
  assert.deepEqual([...cut.frequency], [3, 0]);
  assert.deepEqual([...cut.recency], [15, 6]);
  assert.deepEqual([...purchaseDaysBetween(h, dayNumber('2024-02-16'), dayNumber('2024-03-31'))], [1, 1, 0]);
});

test('features are log1p then standardised: mean 0, standard deviation 1 per column', () => {
  const h = history(
    '2024-06-30',
    Array.from({ length: 30 }, (_, i) => [['2024-01-01', 1, 5 + i * i], ...(i % 3 ? [['2024-05-01', i, 100] as [string, number, number]] : [])]),
  );
  const { points, mean } = rfmFeatures(customerFigures(h));
  for (let j = 0; j < 4; j++) {
    const col = points.map((p) => p[j]);
    const m = col.reduce((a, b) => a + b, 0) / col.length;
    const sd = Math.sqrt(col.reduce((a, b) => a + (b - m) ** 2, 0) / col.length);
    assert.ok(Math.abs(m) < 1e-12, `column ${j} mean ${m}`);
    assert.ok(j === 3 ? sd === 0 : Math.abs(sd - 1) < 1e-12, `column ${j} sd ${sd}`); // everyone's tenure is the same: a constant column stays 0
  }
  assert.ok(Math.abs(mean[1] - (Math.log1p(1) * 10 + [...Array(30).keys()].filter((i) => i % 3).reduce((s, i) => s + Math.log1p(1 + i), 0)) / 30) < 1e-12);
});

test('k-means with restarts recovers well-separated groups, and the search finds their number', () => {
  const centres = [
    [0, 0, 0, 0],
    [6, 0, 0, 0],
    [0, 6, 0, 0],
    [0, 0, 6, 0],
    [0, 0, 0, 6],
  ];
  const { points, truth } = blobs(centres, 80, 0.6, 7);
  const c = bestKmeans(points, 5, 42);
  assert.equal(adjustedRandIndex(truth, c.labels), 1);
  const choice = chooseK(points, { seed: 42 });
  assert.equal(choice.clustering.k, 5);
  assert.equal(choice.scores.length, 6);
  assert.ok(choice.silhouette > 0.7, `silhouette ${choice.silhouette}`);
  // More restarts never give a worse within-cluster error.
  assert.ok(bestKmeans(points, 4, 1, 8).inertia <= bestKmeans(points, 4, 1, 1).inertia + 1e-9);
});

test('the mean silhouette equals a direct all-pairs computation; sampling is seeded', () => {
  const { points } = blobs(
    [
      [0, 0],
      [3, 0],
      [0, 3],
    ],
    25,
    1,
    3,
  );
  const labels = bestKmeans(points, 3, 5).labels;
  const dist = (p: number[], q: number[]) => Math.hypot(...p.map((v, j) => v - q[j]));
  let total = 0;
  points.forEach((p, i) => {
    const byCluster = new Map<number, number[]>();
    points.forEach((q, j) => {
      if (i !== j) byCluster.set(labels[j], [...(byCluster.get(labels[j]) ?? []), dist(p, q)]);
    });
    const own = byCluster.get(labels[i]) ?? [];
    if (!own.length) return;
    const a = own.reduce((s, v) => s + v, 0) / own.length;
    const b = Math.min(...[...byCluster.entries()].filter(([c]) => c !== labels[i]).map(([, d]) => d.reduce((s, v) => s + v, 0) / d.length));
    total += (b - a) / Math.max(a, b);
  });
  const all = sampleIndices(points.length, 5000, 1);
  assert.ok(Math.abs(meanSilhouette(points, labels, all) - total / points.length) < 1e-12);
  const s1 = sampleIndices(10_000, 2000, 9);
  assert.equal(new Set(s1).size, 2000);
  assert.deepEqual(s1, sampleIndices(10_000, 2000, 9));
  assert.notDeepEqual(s1, sampleIndices(10_000, 2000, 10));
});

test('the elbow is the bend of the inertia curve', () => {
  const curve = [
    [3, 100],
    [4, 40],
    [5, 30],
    [6, 25],
    [7, 22],
    [8, 20],
  ].map(([k, inertia]) => ({ k: k, inertia: inertia, silhouette: 0 }));
  assert.equal(elbow(curve), 4);
});

test('segments are named from their scores, each name once', () => {
  assert.deepEqual(
    nameClusters([
      { r: 4.8, fm: 4.7 },
      { r: 1.1, fm: 1.2 },
      { r: 4.9, fm: 1.1 },
      { r: 1.3, fm: 4.8 },
    ]),
    ['Champions', 'Lost', 'New', "Can't lose them"],
  );
  // Two clusters near the same home get two different names.
  const twins = nameClusters([
    { r: 4.6, fm: 4.6 },
    { r: 4.5, fm: 4.5 },
  ]);
  assert.equal(twins[0], 'Champions');
  assert.notEqual(twins[1], 'Champions');
  assert.ok(SEGMENT_NAMES.includes(twins[1]));
  // Scores are 1–5 mid-rank percentiles, ties sharing theirs.
  assert.deepEqual([...rankScores([10, 20, 20, 30], true)], [1.5, 3, 3, 4.5]);
  assert.deepEqual([...rankScores([10, 20, 30, 40], false)], [4.5, 3.5, 2.5, 1.5]);
});

test('at risk: valuable repeat buyers whose silence is evidence of leaving, ranked by value at stake', () => {
  const r = atRisk({
    frequency: [5, 5, 1, 5, 8, 2, 3, 4],
    monetary: [900, 1000, 5000, 50, 2000, 800, 700, 600],
    pAlive: [0.3, 0.97, 0.2, 0.1, 0.4, 0.9, 0.95, 0.99],
    leavingEvidence: [40, 1.2, 1, 50, 10, 1, 2, 1],
    expectedYearIfAlive: [4, 4, 1, 4, 6, 2, 2, 2],
    spendPerOrder: [100, 100, 1000, 10, 200, 80, 70, 60],
  });
  // Threshold: the 75th percentile of spend (1000 + ¼ of the way to 2000). Customer 2 never came back; 0, 1 and 3 spent less.
  assert.equal(r.minSpend, 1250);
  assert.deepEqual([...r.rank], [0, 0, 0, 0, 1, 0, 0, 0]);
  assert.ok(Math.abs(r.valueAtStake[4] - 6 * 200) < 1e-9);
});

test('adjusted Rand index: 1 for the same partition under other names, the textbook value otherwise', () => {
  assert.equal(adjustedRandIndex([0, 0, 1, 1, 2], ['b', 'b', 'a', 'a', 'c']), 1);
  // scikit-learn's documented example: adjusted_rand_score([0, 0, 1, 1], [0, 0, 1, 2]) ≈ 0.571
  assert.ok(Math.abs(adjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2]) - 4 / 7) < 1e-12);
});

test('the training is deterministic for a seed, and every customer lands in a named segment', async () => {
  const rng = mulberry32(11);
  const asOf = dayNumber('2025-12-31');
  const customers: Array<Array<[string, number, number]>> = [];
  const iso = (d: number) => new Date(d * 86_400_000).toISOString().slice(0, 10);
  for (let c = 0; c < 300; c++) {
    const kind = c % 3; // frequent, lapsed, one-off
    const first = asOf - 700 + Math.floor(rng() * 300);
    const rows: Array<[string, number, number]> = [[iso(first), 1, 20 + rng() * 50]];
    const visits = kind === 0 ? 30 : kind === 1 ? 8 : 0;
    const stop = kind === 1 ? first + 200 : asOf;
    for (let v = 1; v <= visits; v++) rows.push([iso(Math.min(stop, first + Math.floor((v * (stop - first)) / (visits + 1)))), 1, 10 + rng() * 40]);
    customers.push(rows.sort((a, b) => (a[0] < b[0] ? -1 : 1)));
  }
  const data: SegmentsData = { history: history(iso(asOf), customers), walkIn: { orders: 10, net: 100 }, total: { orders: 1000, net: 50000 } };
  const ctx = { seed: 42, signal: new AbortController().signal, progress: () => {} };
  const a = await trainSegments(data, ctx);
  const b = await trainSegments(data, ctx);
  assert.deepEqual(a.outputs, b.outputs);
  const { segmentingMs: _a, valueMs: _b, ...ma } = a.metrics;
  const { segmentingMs: _c, valueMs: _d, ...mb } = b.metrics;
  assert.deepEqual(ma, mb);
  const ids = new Set(a.outputs.segments.map((s) => s.id));
  assert.equal(
    a.outputs.segments.reduce((s, g) => s + g.size, 0),
    300,
  );
  for (const s of a.outputs.customers.segment) assert.ok(ids.has(s));
  assert.equal(new Set(a.outputs.segments.map((s) => s.label)).size, a.outputs.segments.length);
  assert.ok(Math.abs(a.outputs.segments.reduce((s, g) => s + g.revenueShare, 0) - 1) < 1e-9);
  // The three habits are recovered (ARI against how the customers were made).
  const fixed = await trainSegments(data, ctx, { k: 3 });
  assert.ok(
    adjustedRandIndex(
      customers.map((_, c) => c % 3),
      fixed.outputs.customers.segment,
    ) > 0.8,
  );
  // A cancelled training stops.
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(trainSegments(data, { ...ctx, signal: ac.signal }));
});

test('a shop with too few customers gets a good run with no segments and the reason; asked for k, an error', async () => {
  const h = history('2024-03-31', [[['2024-01-01', 1, 10]], [['2024-02-01', 2, 30]], [['2024-03-01', 1, 5]]]);
  const data: SegmentsData = { history: h, walkIn: { orders: 40, net: 900 }, total: { orders: 44, net: 945 } };
  const ctx = { seed: 42, signal: new AbortController().signal, progress: () => {} };
  const r = await trainSegments(data, ctx);
  assert.equal(r.outputs.segments.length, 0);
  assert.equal(r.outputs.customers.ids.length, 0);
  assert.equal(r.metrics.k, 0);
  assert.match(String(r.metrics.note), /at least 20 customers.*has 3/);
  assert.deepEqual(r.metrics.walkIn, { orders: 40, net: 900 });
  await assert.rejects(trainSegments(data, ctx, { k: 3 }), /at least 20 customers/);
});
