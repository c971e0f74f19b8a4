/**
 * Small derivative-free minimisers for fitting smoothing parameters: Nelder–Mead
 * over an unconstrained space (callers map it onto their constraints), and a
 * golden-section search for one parameter. Deterministic: no random restarts.
 */

export interface NelderMeadOptions {
  maxIterations?: number;
  /** Stop when the simplex's values differ by less than this (relative). */
  tolerance?: number;
  /** Initial step along each axis. */
  step?: number;
}

export function nelderMead(
  f: (x: Float64Array) => number,
  start: ArrayLike<number>,
  opts: NelderMeadOptions = {},
): { x: Float64Array; value: number; iterations: number } {
  const n = start.length;
  const maxIt = opts.maxIterations ?? 200 * n;
  const tol = opts.tolerance ?? 1e-7;
  const step = opts.step ?? 0.5;
  const pts: Float64Array[] = [];
  const vals: number[] = [];
  const eval_ = (x: Float64Array) => {
    const v = f(x);
    return Number.isFinite(v) ? v : Number.MAX_VALUE;
  };
  for (let i = 0; i <= n; i++) {
    const p = Float64Array.from(start);
    if (i > 0) p[i - 1] += step;
    pts.push(p);
    vals.push(eval_(p));
  }
  const order = Array.from({ length: n + 1 }, (_, i) => i);
  const centroid = new Float64Array(n);
  const trial = (c: number, from: Float64Array) => {
    const x = new Float64Array(n);
    for (let j = 0; j < n; j++) x[j] = centroid[j] + c * (from[j] - centroid[j]);
    return x;
  };
  let it = 0;
  for (; it < maxIt; it++) {
    order.sort((a, b) => vals[a] - vals[b]);
    const best = order[0];
    const worst = order[n];
    const second = order[n - 1];
    if (Math.abs(vals[worst] - vals[best]) <= tol * (Math.abs(vals[best]) + 1e-12)) break;
    centroid.fill(0);
    for (let k = 0; k < n; k++) {
      const p = pts[order[k]];
      for (let j = 0; j < n; j++) centroid[j] += p[j] / n;
    }
    const xr = trial(-1, pts[worst]);
    const fr = eval_(xr);
    if (fr < vals[best]) {
      const xe = trial(-2, pts[worst]);
      const fe = eval_(xe);
      if (fe < fr) {
        pts[worst] = xe;
        vals[worst] = fe;
      } else {
        pts[worst] = xr;
        vals[worst] = fr;
      }
    } else if (fr < vals[second]) {
      pts[worst] = xr;
      vals[worst] = fr;
    } else {
      const outside = fr < vals[worst];
      const xc = trial(outside ? -0.5 : 0.5, pts[worst]);
      const fc = eval_(xc);
      if (fc < (outside ? fr : vals[worst])) {
        pts[worst] = xc;
        vals[worst] = fc;
      } else {
        // Shrink towards the best point.
        const b = pts[best];
        for (const k of order.slice(1)) {
          const p = pts[k];
          for (let j = 0; j < n; j++) p[j] = b[j] + 0.5 * (p[j] - b[j]);
          vals[k] = eval_(p);
        }
      }
    }
  }
  let bi = 0;
  for (let i = 1; i <= n; i++) if (vals[i] < vals[bi]) bi = i;
  return { x: pts[bi], value: vals[bi], iterations: it };
}

/** Minimum of a unimodal f on [a, b] by golden-section search. */
export function goldenSection(f: (x: number) => number, a: number, b: number, tolerance = 1e-4): number {
  const g = (Math.sqrt(5) - 1) / 2;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = f(c);
  let fd = f(d);
  while (b - a > tolerance) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = f(d);
    }
  }
  return (a + b) / 2;
}

export const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
export const logit = (p: number) => Math.log(p / (1 - p));
