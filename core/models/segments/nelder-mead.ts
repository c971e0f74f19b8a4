/**
 * Nelder–Mead simplex minimisation (Nelder & Mead 1965, with the standard
 * coefficients: reflection 1, expansion 2, contraction ½, shrink ½). Small and
 * derivative-free: the customer-value likelihoods have 3–4 parameters, fitted
 * on a log scale so every step stays in the valid (positive) region.
 */
export interface MinimiseResult {
  x: number[];
  value: number;
  iterations: number;
  converged: boolean;
}

export interface MinimiseOptions {
  /** Initial step along each axis. */
  step?: number;
  maxIterations?: number;
  /**
   * Stop when the simplex's values differ by less than this, relative to the best value's size
   * (|f| + 1). Relative because a log-likelihood grows with the data: on ten years of the real
   * shop (−504,000) an absolute 1e-9 sits at the edge of double precision, and the time-split fit
   * walked a flat ridge (dropout → 0) for 30,000 iterations, 78 s, where it now stops in 2 s.
   */
  tolerance?: number;
  /** Restart from the best point this many times (a collapsed simplex can stall away from the optimum). */
  restarts?: number;
}

function once(f: (x: number[]) => number, start: number[], step: number, maxIterations: number, tolerance: number): MinimiseResult {
  const n = start.length;
  const simplex: number[][] = [start.slice()];
  for (let i = 0; i < n; i++) {
    const p = start.slice();
    p[i] += step;
    simplex.push(p);
  }
  const value = (x: number[]) => {
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity; // outside the model's range: never chosen
  };
  let values = simplex.map(value);
  const at = (centroid: number[], towards: number[], t: number) => centroid.map((c, j) => c + t * (towards[j] - c));
  for (let it = 1; it <= maxIterations; it++) {
    const order = values.map((_, i) => i).sort((i, j) => values[i] - values[j]);
    const s = order.map((i) => simplex[i]);
    values = order.map((i) => values[i]);
    simplex.splice(0, simplex.length, ...s);
    if (Math.abs(values[n] - values[0]) <= tolerance * (1 + Math.abs(values[0])) && it > 1)
      return { x: simplex[0], value: values[0], iterations: it, converged: true };
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j] += simplex[i][j] / n;
    const worst = simplex[n];
    const reflected = at(centroid, worst, -1);
    const fr = value(reflected);
    if (fr < values[0]) {
      const expanded = at(centroid, worst, -2);
      const fe = value(expanded);
      if (fe < fr) [simplex[n], values[n]] = [expanded, fe];
      else [simplex[n], values[n]] = [reflected, fr];
    } else if (fr < values[n - 1]) {
      [simplex[n], values[n]] = [reflected, fr];
    } else {
      // Contract towards the better of the worst point and its reflection.
      const outside = fr < values[n];
      const contracted = at(centroid, worst, outside ? -0.5 : 0.5);
      const fc = value(contracted);
      if (fc < (outside ? fr : values[n])) [simplex[n], values[n]] = [contracted, fc];
      else {
        for (let i = 1; i <= n; i++) {
          simplex[i] = at(simplex[0], simplex[i], 0.5);
          values[i] = value(simplex[i]);
        }
      }
    }
  }
  const best = values.indexOf(Math.min(...values));
  return { x: simplex[best], value: values[best], iterations: maxIterations, converged: false };
}

export function minimise(f: (x: number[]) => number, start: number[], options: MinimiseOptions = {}): MinimiseResult {
  const { step = 0.5, maxIterations = 5000, tolerance = 1e-10, restarts = 3 } = options;
  let best = once(f, start, step, maxIterations, tolerance);
  let iterations = best.iterations;
  for (let r = 0; r < restarts; r++) {
    const next = once(f, best.x, step / 4, maxIterations, tolerance);
    iterations += next.iterations;
    const improved = next.value < best.value - tolerance;
    if (next.value <= best.value) best = next;
    if (!improved) break;
  }
  return { ...best, iterations };
}
