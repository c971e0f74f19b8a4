/**
 * Special functions the customer-value models need: ln Γ for the likelihoods,
 * and the Gauss hypergeometric ₂F₁ for BG/NBD's expected purchases. Pure maths.
 */

// Lanczos approximation (g = 7, 9 coefficients): about 15 significant digits for x > 0.
const G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
  9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LN_2PI = 0.5 * Math.log(2 * Math.PI);

/** ln Γ(x) for x > 0 (reflection below 0.5 keeps the accuracy near 0). */
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
  const z = x - 1;
  let s = LANCZOS[0];
  for (let i = 1; i < G + 2; i++) s += LANCZOS[i] / (z + i);
  const t = z + G + 0.5;
  return HALF_LN_2PI + (z + 0.5) * Math.log(t) - t + Math.log(s);
}

/** ln B(a, b). */
export function lnBeta(a: number, b: number): number {
  return lnGamma(a) + lnGamma(b) - lnGamma(a + b);
}

/**
 * ₂F₁(a, b; c; z) by its power series, for 0 ≤ z < 1: Σ (a)ₙ(b)ₙ/(c)ₙ zⁿ/n!.
 * In BG/NBD z = t/(α+T+t) stays below 1, but it nears 1 for young customers
 * over long horizons, where the terms fall slowly: hence the generous cap.
 * Throws rather than return a wrong value when the series has not converged.
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if (!(z >= 0 && z < 1)) throw new RangeError(`hyp2f1: z must be in [0, 1), got ${z}`);
  let term = 1;
  let sum = 1;
  for (let n = 0; n < 1_000_000; n++) {
    term *= (((a + n) * (b + n)) / ((c + n) * (n + 1))) * z;
    sum += term;
    // Once the ratio of successive terms is below 1 the tail is bounded by term·r/(1−r).
    const ratio = Math.abs((((a + n + 1) * (b + n + 1)) / ((c + n + 1) * (n + 2))) * z);
    if (ratio < 1 && (Math.abs(term) * ratio) / (1 - ratio) <= 1e-14 * Math.abs(sum)) return sum;
  }
  throw new RangeError(`hyp2f1(${a}, ${b}; ${c}; ${z}) did not converge`);
}
