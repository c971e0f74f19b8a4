/**
 * Mean silhouette (Rousseeuw 1987) of a clustering: for each point, a = mean
 * distance to its own cluster, b = the smallest mean distance to another
 * cluster, s = (b − a)/max(a, b) (0 for a point alone in its cluster, as in
 * scikit-learn). All pairs cost n²: on a seeded sample where there are more
 * points, as scikit-learn's silhouette_score(sample_size=…) does.
 */
import { mulberry32 } from '../random.js';

export const SILHOUETTE_SAMPLE = 2000;

/** Up to `size` distinct indices of 0..n−1, seeded (partial Fisher–Yates), in ascending order. */
export function sampleIndices(n: number, size: number, seed: number): Int32Array {
  if (n <= size) return Int32Array.from({ length: n }, (_, i) => i);
  const rng = mulberry32(seed);
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(rng() * (n - i));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx.slice(0, size).sort();
}

export function meanSilhouette(points: number[][], labels: ArrayLike<number>, sample: ArrayLike<number>): number {
  const m = sample.length;
  let k = 0;
  for (let s = 0; s < m; s++) k = Math.max(k, labels[sample[s]] + 1);
  const lab = Int32Array.from({ length: m }, (_, s) => labels[sample[s]]);
  const size = new Float64Array(k);
  for (const l of lab) size[l]++;
  const dim = points[0]?.length ?? 0;
  const flat = new Float64Array(m * dim);
  for (let s = 0; s < m; s++) for (let j = 0; j < dim; j++) flat[s * dim + j] = points[sample[s]][j]!;
  const sums = new Float64Array(k);
  let total = 0;
  for (let s = 0; s < m; s++) {
    sums.fill(0);
    for (let t = 0; t < m; t++) {
      let d = 0;
      for (let j = 0; j < dim; j++) d += (flat[s * dim + j] - flat[t * dim + j]) ** 2;
      sums[lab[t]] += Math.sqrt(d);
    }
    const own = lab[s];
    if (size[own] <= 1) continue; // s = 0
    const a = sums[own] / (size[own] - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && size[c] > 0) b = Math.min(b, sums[c] / size[c]);
    if (b === Infinity) continue;
    total += (b - a) / Math.max(a, b);
  }
  return m ? total / m : 0;
}
