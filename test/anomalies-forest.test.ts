/**
 * The isolation forest itself (core/models/anomalies/forest.ts): c(n) against
 * the paper's definition computed independently, determinism with a seed,
 * scores near 0.5 where nothing stands out, a planted outlier near 1.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { averagePathLength, fitIsolationForest, isolationScores, scoreIsolationForest } from '../core/models/anomalies/forest.js';
import { mulberry32 } from '../core/models/random.js';

/** c(n) = 2·H(n−1) − 2(n−1)/n with the harmonic number summed exactly. */
function exactC(n: number): number {
  let h = 0;
  for (let i = 1; i <= n - 1; i++) h += 1 / i;
  return 2 * h - (2 * (n - 1)) / n;
}

test('c(n) follows the paper: 2·H(n−1) − 2(n−1)/n (c(256) ≈ 10.24, not the 9.67 of ml-isolation-forest)', () => {
  assert.equal(averagePathLength(1), 0);
  assert.equal(averagePathLength(2), 1); // H(1) = 1 exactly
  assert.ok(Math.abs(averagePathLength(256) - 10.2448) < 1e-3, `c(256) = ${averagePathLength(256)}`);
  assert.ok(Math.abs(averagePathLength(256) - 9.67) > 0.5);
  // H(i) ≈ ln(i) + γ: off by about 1/(2i) from the exact sum, so c is within 0.01 from n = 128 on.
  for (const n of [128, 256, 1000, 100000]) assert.ok(Math.abs(averagePathLength(n) - exactC(n)) < 0.01, `c(${n})`);
  // Below that the approximation is short of the exact sum, by less than 2(1 − γ) ≈ 0.85 (at n = 2, where H(1) = 1 is used).
  for (const n of [3, 10, 50]) assert.ok(exactC(n) - averagePathLength(n) > 0 && exactC(n) - averagePathLength(n) < 0.5, `c(${n})`);
});

function uniform(n: number, dims: number, seed: number): Float64Array {
  const r = mulberry32(seed);
  return Float64Array.from({ length: n * dims }, () => r());
}

test('the same seed gives the same forest and scores; another seed other scores', () => {
  const x = uniform(1500, 3, 5);
  const a = isolationScores(x, 3, { seed: 11 });
  const b = isolationScores(x, 3, { seed: 11 });
  const c = isolationScores(x, 3, { seed: 12 });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});

test('trees are grown on ψ = 256 points without replacement, to the height limit ⌈log₂ψ⌉', () => {
  const x = uniform(5000, 2, 9);
  const f = fitIsolationForest(x, 2, { seed: 3 });
  assert.equal(f.trees, 100);
  assert.equal(f.sampleSize, 256);
  assert.equal(f.normaliser, averagePathLength(256));
  // Every tree's leaves hold 256 points between them (distinct rows: a sample without replacement
  // of distinct points), and no leaf is deeper than 8.
  for (let k = 0; k < f.trees; k++) {
    const root = k * f.maxNodes;
    let points = 0;
    const walk = (node: number, depth: number): void => {
      if (f.feature[node]! < 0) {
        assert.ok(depth <= 8);
        // pathLength = depth + c(size): recover the size from c's inverse by search.
        let size = 1;
        while (Math.abs(depth + averagePathLength(size) - f.pathLength[node]!) > 1e-9) size++;
        points += size;
        return;
      }
      walk(f.left[node]!, depth + 1);
      walk(f.right[node]!, depth + 1);
    };
    walk(root, 0);
    assert.equal(points, 256);
  }
  // Fewer points than ψ: the whole data set, once.
  assert.equal(fitIsolationForest(uniform(100, 2, 1), 2).sampleSize, 100);
});

test('data with no anomaly scores near 0.5', () => {
  for (const dims of [1, 2, 4]) {
    const s = isolationScores(uniform(2000, dims, 100 + dims), dims, { seed: 1 });
    const mean = s.reduce((a, b) => a + b, 0) / s.length;
    assert.ok(Math.abs(mean - 0.5) < 0.03, `mean score ${mean} in ${dims} dimensions`);
    assert.ok(Math.max(...s) < 0.7, `max ${Math.max(...s)}`);
    assert.ok(Math.min(...s) > 0.4, `min ${Math.min(...s)}`);
  }
});

test('a planted outlier scores near 1, far above every other point', () => {
  const r = mulberry32(21);
  const gauss = () => {
    let u = 0;
    for (let k = 0; k < 12; k++) u += r();
    return u - 6;
  };
  // n + 1 ≤ ψ: every tree holds the outlier, and isolates it in a split or two.
  // With more points, only ψ/n of the trees see it and its score falls towards
  // that of the sample's edge (about 0.75 here at n = 3000), as in the paper.
  for (const n of [255, 3000]) {
    const x = new Float64Array((n + 1) * 2);
    for (let i = 0; i < 2 * n; i++) x[i] = gauss();
    x[2 * n] = 100;
    x[2 * n + 1] = -100;
    const s = isolationScores(x, 2, { seed: 4 });
    const outlier = s[n]!;
    const others = Math.max(...s.subarray(0, n));
    assert.ok(outlier > (n < 256 ? 0.85 : 0.72), `n = ${n}: outlier scored ${outlier}`);
    assert.ok(outlier - others > 0.05, `n = ${n}: outlier ${outlier}, best other ${others}`);
  }
});

test('repeated rows score the same as when scored one by one', () => {
  const base = uniform(300, 2, 8);
  const x = new Float64Array(base.length * 3);
  x.set(base, 0);
  x.set(base, base.length);
  x.set(base, 2 * base.length);
  const forest = fitIsolationForest(x, 2, { seed: 2 });
  const all = isolationScores(x, 2, { seed: 2 });
  const plain = scoreIsolationForest(forest, x);
  assert.deepEqual(all, plain);
});
