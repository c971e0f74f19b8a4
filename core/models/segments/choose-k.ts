/**
 * Choosing the number of segments: each k from 3 to 8 is clustered, scored by
 * the mean silhouette on one seeded sample (the same for every k, so the
 * scores compare), and the best silhouette wins. The elbow of the inertia
 * curve is the check: among the k whose silhouette is within 0.01 of the best
 * (a tie, given the sampling), the one nearest the elbow is taken.
 * The search runs 4 restarts per k; the chosen k is then run with the full
 * number (10), whose first 4 seeds are the search's, so it can only improve.
 */
import { bestKmeans, type Clustering } from './kmeans.js';
import { meanSilhouette, sampleIndices, SILHOUETTE_SAMPLE } from './silhouette.js';

export const K_RANGE = [3, 8] as const;
export const SEARCH_RESTARTS = 4;
const TIE = 0.01;

export interface KScore {
  k: number;
  silhouette: number;
  inertia: number;
}

export interface KChoice {
  clustering: Clustering;
  silhouette: number;
  scores: KScore[];
  elbowK: number;
  /** How k was set: by the silhouette (auto) or by the caller. */
  chosenBy: 'silhouette' | 'fixed';
}

/**
 * The elbow: the k whose point lies farthest from the straight line between
 * the first and last (k, inertia) points, both axes scaled to [0, 1].
 */
export function elbow(scores: KScore[]): number {
  if (scores.length < 3) return scores[0]?.k ?? 0;
  const k0 = scores[0].k,
    k1 = scores[scores.length - 1].k;
  const i0 = scores[0].inertia,
    i1 = scores[scores.length - 1].inertia;
  let best = scores[0].k,
    bd = -Infinity;
  for (const s of scores) {
    const x = (s.k - k0) / (k1 - k0);
    const y = i0 === i1 ? 0 : (s.inertia - i1) / (i0 - i1);
    const d = 1 - x - y; // distance below the line from (0, 1) to (1, 0), up to a constant factor
    if (d > bd) [best, bd] = [s.k, d];
  }
  return best;
}

export interface ChooseKOptions {
  seed: number;
  /** A fixed k instead of the search. */
  k?: number;
  restarts?: number;
  /** Between steps: progress and cancellation. */
  onStep?: (done: number, total: number) => void;
}

export function chooseK(points: number[][], { seed, k: fixed, restarts = 10, onStep }: ChooseKOptions): KChoice {
  const n = points.length;
  const sample = sampleIndices(n, SILHOUETTE_SAMPLE, seed);
  const maxK = Math.min(K_RANGE[1], n - 1);
  const ks = fixed !== undefined ? [Math.min(fixed, n - 1)] : range(Math.min(K_RANGE[0], maxK), maxK);
  const runs: Array<{ c: Clustering; s: KScore }> = [];
  const steps = ks.length + (ks.length > 1 ? 1 : 0);
  ks.forEach((k, i) => {
    const c = bestKmeans(points, k, seed, ks.length > 1 ? Math.min(restarts, SEARCH_RESTARTS) : restarts);
    runs.push({ c, s: { k: c.k, silhouette: meanSilhouette(points, c.labels, sample), inertia: c.inertia } });
    onStep?.(i + 1, steps);
  });
  const scores = runs.map((r) => r.s);
  const elbowK = elbow(scores);
  const top = Math.max(...scores.map((s) => s.silhouette));
  const tied = runs.filter((r) => r.s.silhouette >= top - TIE);
  let pick = tied.reduce((a, b) => (Math.abs(b.s.k - elbowK) < Math.abs(a.s.k - elbowK) ? b : a));
  if (ks.length > 1 && restarts > SEARCH_RESTARTS) {
    const c = bestKmeans(points, pick.s.k, seed, restarts);
    if (c.inertia < pick.c.inertia) pick = { c, s: { k: c.k, silhouette: meanSilhouette(points, c.labels, sample), inertia: c.inertia } };
    onStep?.(steps, steps);
  }
  return { clustering: pick.c, silhouette: pick.s.silhouette, scores, elbowK, chosenBy: fixed !== undefined ? 'fixed' : 'silhouette' };
}

function range(a: number, b: number): number[] {
  return Array.from({ length: Math.max(0, b - a + 1) }, (_, i) => a + i);
}
