/**
 * Seasonal naive ("same day last week") and the seasonal mean of the last few
 * weeks, on an open-day series whose season is m open days (7, or 6 when the
 * shop never trades on one weekday).
 */

/** y[n − m + (k mod m)] for k = 0..h−1: each day repeats the same weekday of the last week. */
export function seasonalNaive(y: Float64Array, m: number, h: number): Float64Array {
  const n = y.length;
  const out = new Float64Array(h);
  if (n === 0) return out;
  for (let k = 0; k < h; k++) {
    const back = m - (k % m);
    out[k] = n >= back ? y[n - back] : y[n - 1];
  }
  return out;
}

/**
 * The mean of the same weekday over the last `weeks` weeks: seasonal naive
 * with the week-to-week noise averaged out (no trend).
 */
export function seasonalMean(y: Float64Array, m: number, h: number, weeks = 4): Float64Array {
  const n = y.length;
  const out = new Float64Array(h);
  if (n === 0) return out;
  for (let j = 0; j < Math.min(m, h); j++) {
    let s = 0;
    let c = 0;
    for (let w = 1; w <= weeks; w++) {
      const i = n - w * m + j;
      if (i >= 0) {
        s += y[i];
        c++;
      }
    }
    const v = c ? s / c : y[n - 1];
    for (let k = j; k < h; k += m) out[k] = v;
  }
  return out;
}
