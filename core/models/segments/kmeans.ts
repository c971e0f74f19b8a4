/**
 * k-means through ml-kmeans (k-means++ initialisation, one run per call),
 * restarted from several seeds, keeping the run with the lowest within-cluster
 * sum of squares (inertia), as scikit-learn's n_init does.
 */
import { kmeans } from 'ml-kmeans';
import { mulberry32 } from '../random.js';

export interface Clustering {
  k: number;
  labels: Int32Array;
  centroids: number[][];
  inertia: number;
}

function sq(a: number[], b: number[]): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += (a[j] - b[j]) ** 2;
  return s;
}

/** Labels by the nearest centroid, and the inertia they give. */
export function assign(points: number[][], centroids: number[][]): { labels: Int32Array; inertia: number } {
  const labels = new Int32Array(points.length);
  let inertia = 0;
  points.forEach((p, i) => {
    let best = 0,
      bd = Infinity;
    centroids.forEach((c, j) => {
      const d = sq(p, c);
      if (d < bd) [best, bd] = [j, d];
    });
    labels[i] = best;
    inertia += bd;
  });
  return { labels, inertia };
}

export function bestKmeans(points: number[][], k: number, seed: number, restarts = 10, maxIterations = 300): Clustering {
  const rng = mulberry32(seed * 31 + k);
  let best: Clustering | null = null;
  for (let r = 0; r < restarts; r++) {
    const runSeed = Math.floor(rng() * 2 ** 31);
    const res = kmeans(points, k, { initialization: 'kmeans++', seed: runSeed, maxIterations });
    // ml-kmeans labels with the centroids before its last update; relabel with the final ones.
    const { labels, inertia } = assign(points, res.centroids);
    if (!best || inertia < best.inertia) best = { k, labels, centroids: res.centroids, inertia };
  }
  return dropEmpty(best!, points);
}

/** ml-kmeans keeps an empty cluster's old centroid: drop such clusters so every segment has members. */
function dropEmpty(c: Clustering, points: number[][]): Clustering {
  const sizes = new Array<number>(c.k).fill(0);
  for (const l of c.labels) sizes[l]++;
  if (sizes.every((s) => s > 0)) return c;
  const centroids = c.centroids.filter((_, j) => sizes[j] > 0);
  return { k: centroids.length, centroids, ...assign(points, centroids) };
}
