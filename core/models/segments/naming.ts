/**
 * Segment names in the usual RFM vocabulary, from where each cluster sits on
 * the two axes the vocabulary is built on: recency score R and the combined
 * frequency-and-spend score FM, each 1 (worst fifth) to 5 (best fifth) from
 * the customers' ranks. Each name has a home on that grid (the classic RFM
 * segment table); clusters take the nearest free name, closest pairs first,
 * so no two segments share a name.
 */
export const SEGMENT_NAMES = [
  'Champions',
  'Loyal',
  'Potential loyalists',
  'New',
  'Promising',
  'Need attention',
  'About to sleep',
  'At risk',
  "Can't lose them",
  'Hibernating',
  'Lost',
] as const;
export type SegmentName = (typeof SEGMENT_NAMES)[number];

/** Home of each name on the (R, FM) grid, scores 1–5. */
const HOMES: Record<SegmentName, [number, number]> = {
  Champions: [4.6, 4.6],
  Loyal: [3.6, 4.0],
  'Potential loyalists': [4.4, 2.8],
  New: [4.8, 1.2],
  Promising: [4.0, 1.6],
  'Need attention': [3.0, 3.0],
  'About to sleep': [2.8, 1.8],
  'At risk': [1.8, 3.4],
  "Can't lose them": [1.4, 4.6],
  Hibernating: [2.0, 2.0],
  Lost: [1.2, 1.2],
};

export const ACTIONS: Record<SegmentName, string> = {
  Champions: 'Thank them: early access to new stock and a small loyalty reward; ask for reviews and referrals. They need no discount.',
  Loyal: 'Keep them close: suggest more of what they already buy, invite them to events, offer a loyalty scheme.',
  'Potential loyalists': 'Turn visits into a habit: a loyalty card or a "come back this month" offer on what they like.',
  New: 'Welcome them: a thank-you note and a reason for a second visit within a few weeks.',
  Promising: 'Win the second order: a small offer on their next purchase and a look at the rest of your range.',
  'Need attention': 'Reach out before they drift: something personal and time-limited.',
  'About to sleep': 'Remind them you are there: bestsellers, seasonal news, a modest offer to come back.',
  'At risk': 'Win them back now: a personal message and a worthwhile offer; ask what changed.',
  "Can't lose them": 'Call or write personally: these were among your best customers and have gone quiet. Make a strong offer and ask why.',
  Hibernating: 'Low priority: keep them on seasonal mailings only and spend little on them.',
  Lost: 'Let them go, or try one last win-back mailing; spend nothing more on them.',
};

/** 1 + 4·(mid-rank percentile), ties sharing their average rank; higher is better when `higherIsBetter`. */
export function rankScores(values: ArrayLike<number>, higherIsBetter: boolean): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (higherIsBetter ? values[a] - values[b] : values[b] - values[a]));
  const out = new Float64Array(n);
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]] === values[order[i]]) j++;
    const p = ((i + j) / 2 + 0.5) / n;
    for (let t = i; t <= j; t++) out[order[t]] = 1 + 4 * p;
    i = j + 1;
  }
  return out;
}

export interface ClusterScores {
  r: number;
  fm: number;
}

/** Mean R and FM scores per cluster. */
export function clusterScores(
  labels: ArrayLike<number>,
  k: number,
  recency: ArrayLike<number>,
  frequency: ArrayLike<number>,
  monetary: ArrayLike<number>,
): ClusterScores[] {
  const r = rankScores(recency, false);
  const f = rankScores(frequency, true);
  const m = rankScores(monetary, true);
  const sums = Array.from({ length: k }, () => ({ r: 0, fm: 0, n: 0 }));
  for (let i = 0; i < labels.length; i++) {
    const s = sums[labels[i]];
    s.r += r[i];
    s.fm += (f[i] + m[i]) / 2;
    s.n++;
  }
  return sums.map((s) => ({ r: s.n ? s.r / s.n : 3, fm: s.n ? s.fm / s.n : 3 }));
}

/** A distinct name for each cluster: the closest (cluster, name) pair first, then the next closest among the rest. */
export function nameClusters(scores: ClusterScores[]): SegmentName[] {
  const pairs: Array<{ c: number; name: SegmentName; d: number }> = [];
  scores.forEach((s, c) => {
    for (const name of SEGMENT_NAMES) {
      const [hr, hfm] = HOMES[name];
      pairs.push({ c, name, d: (s.r - hr) ** 2 + (s.fm - hfm) ** 2 });
    }
  });
  // Ties broken by cluster then by the vocabulary's order, so the naming is deterministic.
  pairs.sort((a, b) => a.d - b.d || a.c - b.c || SEGMENT_NAMES.indexOf(a.name) - SEGMENT_NAMES.indexOf(b.name));
  const out = new Array<SegmentName | undefined>(scores.length);
  const used = new Set<SegmentName>();
  for (const p of pairs) {
    if (out[p.c] || used.has(p.name)) continue;
    out[p.c] = p.name;
    used.add(p.name);
  }
  return out as SegmentName[];
}
