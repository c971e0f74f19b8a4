/**
 * Forecast accuracy, as defined in ../shared/design/models.md:
 *  - MASE: mean absolute error over the horizon / in-sample mean absolute error
 *    of "same day last week" (lag 7 on the daily series, closed days included as 0);
 *  - WAPE: Σ|error| / Σ|actual|;
 *  - coverage: share of actuals inside an interval, on the days the shop trades.
 */

/** In-sample mean |y[t] − y[t−lag]| of a daily series: the MASE denominator. NaN when too short. */
export function naiveScale(y: ArrayLike<number>, lag = 7): number {
  let s = 0;
  let n = 0;
  for (let t = lag; t < y.length; t++) {
    s += Math.abs(y[t] - y[t - lag]);
    n++;
  }
  return n ? s / n : NaN;
}

export function meanAbsError(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < actual.length; i++) s += Math.abs(actual[i] - predicted[i]);
  return actual.length ? s / actual.length : NaN;
}

export function mase(actual: ArrayLike<number>, predicted: ArrayLike<number>, scale: number): number {
  return scale > 0 ? meanAbsError(actual, predicted) / scale : NaN;
}

export function wape(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  let e = 0;
  let a = 0;
  for (let i = 0; i < actual.length; i++) {
    e += Math.abs(actual[i] - predicted[i]);
    a += Math.abs(actual[i]);
  }
  return a > 0 ? e / a : NaN;
}

/** Share of actual[i] within [lo[i], hi[i]] over the indexes where mask is 1 (all when no mask). */
export function coverage(actual: ArrayLike<number>, lo: ArrayLike<number>, hi: ArrayLike<number>, mask?: ArrayLike<number>): number {
  let inside = 0;
  let n = 0;
  for (let i = 0; i < actual.length; i++) {
    if (mask && !mask[i]) continue;
    n++;
    if (actual[i] >= lo[i] - 1e-9 && actual[i] <= hi[i] + 1e-9) inside++;
  }
  return n ? inside / n : NaN;
}

/** Running sums of errors for figures over many windows (origins, series). */
export class ErrorTally {
  absError = 0;
  absActual = 0;
  points = 0;
  inside80 = 0;
  inside95 = 0;
  counted = 0;
  /** Sum of per-window MASE values and their count (MASE is averaged per window, then per series). */
  maseSum = 0;
  maseN = 0;

  add(actual: number, mean: number): void {
    this.absError += Math.abs(actual - mean);
    this.absActual += Math.abs(actual);
    this.points++;
  }

  addInterval(actual: number, lo80: number, hi80: number, lo95: number, hi95: number): void {
    this.counted++;
    if (actual >= lo80 - 1e-9 && actual <= hi80 + 1e-9) this.inside80++;
    if (actual >= lo95 - 1e-9 && actual <= hi95 + 1e-9) this.inside95++;
  }

  addMase(value: number): void {
    if (Number.isFinite(value)) {
      this.maseSum += value;
      this.maseN++;
    }
  }

  get wape(): number | null {
    return this.absActual > 0 ? this.absError / this.absActual : null;
  }
  get mase(): number | null {
    return this.maseN ? this.maseSum / this.maseN : null;
  }
  get coverage80(): number | null {
    return this.counted ? this.inside80 / this.counted : null;
  }
  get coverage95(): number | null {
    return this.counted ? this.inside95 / this.counted : null;
  }
}
