/**
 * Backtest figures added up over windows (one origin of one series at a time):
 * MASE averaged over windows, WAPE over every point, coverage over the days
 * the shop was expected to trade.
 */
import type { Interval } from './intervals.js';

export interface Accuracy {
  mase: number | null;
  wape: number | null;
  coverage80: number | null;
  coverage95: number | null;
  series: number;
}

export class ErrorScaleTally {
  private absError = 0;
  private absActual = 0;
  private maseSum = 0;
  private maseN = 0;
  private counted = 0;
  private in80 = 0;
  private in95 = 0;

  /** One window: days cut..cut+avail−1 of y against the forecast from cut; `scale` is the MASE denominator at the cut. */
  window(y: Float64Array, cut: number, avail: number, mean: Float64Array, iv: Interval, open: (k: number) => boolean, scale: number): void {
    if (avail <= 0) return;
    let e = 0;
    for (let k = 0; k < avail; k++) {
      const a = y[cut + k];
      const err = Math.abs(a - mean[k]);
      e += err;
      this.absError += err;
      this.absActual += Math.abs(a);
      if (!open(k)) continue;
      this.counted++;
      if (a >= iv.lo80[k] - 1e-9 && a <= iv.hi80[k] + 1e-9) this.in80++;
      if (a >= iv.lo95[k] - 1e-9 && a <= iv.hi95[k] + 1e-9) this.in95++;
    }
    if (scale > 0 && Number.isFinite(scale)) {
      this.maseSum += e / avail / scale;
      this.maseN++;
    }
  }

  accuracy(series: number): Accuracy {
    return {
      mase: this.maseN ? this.maseSum / this.maseN : null,
      wape: this.absActual > 0 ? this.absError / this.absActual : null,
      coverage80: this.counted ? this.in80 / this.counted : null,
      coverage95: this.counted ? this.in95 / this.counted : null,
      series,
    };
  }
}
