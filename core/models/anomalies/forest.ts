/**
 * The isolation forest of Liu, Ting & Zhou (ICDM 2008), as the paper defines it.
 *
 * Each of t trees is grown on its own subsample of ψ points drawn without
 * replacement, split on a random attribute at a uniform random value between
 * that attribute's minimum and maximum in the node, down to the height limit
 * ⌈log₂ ψ⌉. A point's score is s = 2^(−E[h(x)] / c(ψ)): h(x) is the number of
 * edges to the leaf it falls in plus c(size of that leaf) for the part of the
 * tree that was not grown. Near 1: isolated quickly, an anomaly; all near 0.5:
 * nothing stands out.
 *
 * Why not the npm package `ml-isolation-forest` 0.1.0: it grows every tree on
 * the whole data set (no subsampling, so anomalies are masked as the data
 * grows), normalises with the full n, computes c(n) with Euler's constant added
 * once instead of twice (c(256) = 9.67 instead of 10.24), draws from
 * Math.random so runs can't be reproduced, and its only option is the number
 * of trees. The algorithm is short; bench/anomalies.ts checks that its ranking
 * matches scikit-learn's IsolationForest on the same feature matrix.
 *
 * Pure: arrays in, arrays out, no database.
 */
import { mulberry32 } from '../random.js';

const EULER_GAMMA = 0.5772156649015329;

/**
 * c(n) = 2·H(n−1) − 2(n−1)/n, the average path length of an unsuccessful
 * search in a binary search tree of n points, with H(i) ≈ ln(i) + γ. For n = 2
 * the exact value (H(1) = 1, so c = 1) is used, as scikit-learn does; a leaf of
 * one point adds nothing.
 */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + EULER_GAMMA) - (2 * (n - 1)) / n;
}

export interface ForestOptions {
  /** t, the number of trees (paper: 100). */
  trees?: number;
  /** ψ, points per tree, drawn without replacement (paper: 256; fewer when the data has fewer). */
  sampleSize?: number;
  seed?: number;
}

/**
 * The trees in flat typed arrays, tree k's nodes at k·maxNodes …: node i
 * splits on feature[i] (−1 for a leaf) at threshold[i]; a point goes left when
 * its value is below the threshold. Children are absolute indexes, so scoring
 * is one tight loop over a few arrays.
 */
export interface IsolationForest {
  trees: number;
  dims: number;
  sampleSize: number;
  /** c(ψ), the normaliser of the score. */
  normaliser: number;
  maxNodes: number;
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  /** For a leaf: its depth plus c(points in it), the whole of h(x) for a point ending there. */
  pathLength: Float64Array;
}

/**
 * Grows the forest on `data`, n rows of `dims` values each, row after row.
 * Deterministic for a given seed.
 */
export function fitIsolationForest(data: Float64Array, dims: number, options: ForestOptions = {}): IsolationForest {
  const n = Math.floor(data.length / dims);
  const t = options.trees ?? 100;
  const psi = Math.max(1, Math.min(options.sampleSize ?? 256, n));
  const heightLimit = Math.ceil(Math.log2(Math.max(psi, 2)));
  const random = mulberry32(options.seed ?? 42);
  const maxNodes = 2 * psi - 1;
  const forest: IsolationForest = {
    trees: t,
    dims,
    sampleSize: psi,
    normaliser: averagePathLength(psi),
    maxNodes,
    feature: new Int32Array(t * maxNodes).fill(-1),
    threshold: new Float64Array(t * maxNodes),
    left: new Int32Array(t * maxNodes),
    right: new Int32Array(t * maxNodes),
    pathLength: new Float64Array(t * maxNodes),
  };
  const pool = new Int32Array(n);
  for (let i = 0; i < n; i++) pool[i] = i;
  const sample = new Int32Array(psi);
  for (let k = 0; k < t; k++) {
    // Partial Fisher–Yates: the first ψ entries of the pool become a sample without replacement
    // (the pool stays a permutation, so it need not be reset between trees).
    for (let i = 0; i < psi; i++) {
      const j = i + Math.floor(random() * (n - i));
      const tmp = pool[i]!;
      pool[i] = pool[j]!;
      pool[j] = tmp;
    }
    sample.set(pool.subarray(0, psi));
    growTree(forest, k * maxNodes, data, sample, heightLimit, random);
  }
  return forest;
}

function growTree(f: IsolationForest, root: number, data: Float64Array, sample: Int32Array, heightLimit: number, random: () => number): void {
  const dims = f.dims;
  const lo = new Float64Array(dims);
  const hi = new Float64Array(dims);
  const splittable = new Int32Array(dims);
  let nodes = root + 1;
  // Iterative: each entry is (node, range of `sample` it holds, depth). `sample` is partitioned in place.
  const stack: Array<[number, number, number, number]> = [[root, 0, sample.length, 0]];
  while (stack.length) {
    const [node, from, to, depth] = stack.pop()!;
    const size = to - from;
    if (depth >= heightLimit || size <= 1) {
      f.pathLength[node] = depth + averagePathLength(size);
      continue;
    }
    lo.fill(Infinity);
    hi.fill(-Infinity);
    for (let i = from; i < to; i++) {
      const row = sample[i]! * dims;
      for (let q = 0; q < dims; q++) {
        const v = data[row + q]!;
        if (v < lo[q]!) lo[q] = v;
        if (v > hi[q]!) hi[q] = v;
      }
    }
    // An attribute that is constant in this node can't split it; the paper's
    // random choice is among those that can (scikit-learn redraws until it finds one).
    let m = 0;
    for (let q = 0; q < dims; q++) if (hi[q]! > lo[q]!) splittable[m++] = q;
    if (m === 0) {
      f.pathLength[node] = depth + averagePathLength(size);
      continue;
    }
    const q = splittable[Math.floor(random() * m)]!;
    const p = lo[q]! + random() * (hi[q]! - lo[q]!);
    // Partition: values below p to the left.
    let i = from;
    let j = to - 1;
    while (i <= j) {
      if (data[sample[i]! * dims + q]! < p) i++;
      else {
        const tmp = sample[i]!;
        sample[i] = sample[j]!;
        sample[j] = tmp;
        j--;
      }
    }
    const l = nodes++;
    const r = nodes++;
    f.feature[node] = q;
    f.threshold[node] = p;
    f.left[node] = l;
    f.right[node] = r;
    stack.push([l, from, i, depth + 1], [r, i, to, depth + 1]);
  }
}

/** Scores each of the rows of `data` (same layout as for fitting): s in (0, 1]. */
export function scoreIsolationForest(forest: IsolationForest, data: Float64Array): Float64Array {
  const { dims, trees, maxNodes, feature, threshold, left, right, pathLength } = forest;
  const n = Math.floor(data.length / dims);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = i * dims;
    let total = 0;
    for (let root = 0; root < trees * maxNodes; root += maxNodes) {
      let node = root;
      let q = feature[node]!;
      while (q >= 0) {
        node = data[row + q]! < threshold[node]! ? left[node]! : right[node]!;
        q = feature[node]!;
      }
      total += pathLength[node]!;
    }
    out[i] = forest.normaliser > 0 ? 2 ** (-(total / trees) / forest.normaliser) : 0.5;
  }
  return out;
}

/**
 * Scores rows with many repeats (a product sold at one price, one unit at a
 * time) once per distinct row: the same values always take the same paths.
 */
export function scoreDistinct(forest: IsolationForest, data: Float64Array): Float64Array {
  const dims = forest.dims;
  const n = Math.floor(data.length / dims);
  const seen = new Map<string, number>();
  const first = new Int32Array(n);
  const distinct: number[] = [];
  for (let i = 0; i < n; i++) {
    let key = '';
    for (let q = 0; q < dims; q++) key += `${data[i * dims + q]},`;
    let u = seen.get(key);
    if (u === undefined) {
      u = distinct.length;
      seen.set(key, u);
      distinct.push(i);
    }
    first[i] = u;
  }
  const rows = new Float64Array(distinct.length * dims);
  distinct.forEach((i, u) => rows.set(data.subarray(i * dims, (i + 1) * dims), u * dims));
  const scores = scoreIsolationForest(forest, rows);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = scores[first[i]!]!;
  return out;
}

/** Fits on `data` and scores the same rows: what anomaly detection on one history does. */
export function isolationScores(data: Float64Array, dims: number, options: ForestOptions = {}): Float64Array {
  return scoreDistinct(fitIsolationForest(data, dims, options), data);
}
