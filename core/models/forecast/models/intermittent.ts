/**
 * Forecasts for intermittent demand (many days with no sale):
 *  - Croston (1972): smooth the non-zero demand sizes z and the intervals p
 *    between them separately (α = 0.1, as R's forecast::croston); forecast z/p.
 *  - TSB (Teunter, Syntetos & Babai 2011): smooth the size on demand days and the
 *    probability of demand every day, so a product that stops selling fades
 *    towards zero instead of staying at its old rate; forecast p·z.
 * Both give the same value for every day ahead.
 */

export function croston(y: Float64Array, h: number, alpha = 0.1): Float64Array {
  const out = new Float64Array(h);
  let z = NaN;
  let p = NaN;
  let q = 1;
  for (let t = 0; t < y.length; t++) {
    const v = y[t];
    if (v > 0) {
      if (Number.isNaN(z)) {
        z = v;
        p = t + 1;
      } else {
        z += alpha * (v - z);
        p += alpha * (q - p);
      }
      q = 1;
    } else q++;
  }
  out.fill(Number.isNaN(z) ? 0 : z / p);
  return out;
}

export function tsb(y: Float64Array, h: number, alpha = 0.1, beta = 0.05): Float64Array {
  const out = new Float64Array(h);
  let first = -1;
  for (let t = 0; t < y.length; t++) {
    if (y[t] > 0) {
      first = t;
      break;
    }
  }
  if (first < 0) return out;
  let z = y[first];
  // The probability starts at the share of demand days so far, not at 1.
  let nonzero = 0;
  for (const v of y) if (v > 0) nonzero++;
  let p = nonzero / y.length;
  for (let t = first + 1; t < y.length; t++) {
    const v = y[t];
    if (v > 0) {
      z += alpha * (v - z);
      p += beta * (1 - p);
    } else p += beta * (0 - p);
  }
  out.fill(p * z);
  return out;
}
