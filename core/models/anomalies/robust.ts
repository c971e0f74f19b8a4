/** Robust statistics for the features: medians and median absolute deviations, so one odd day doesn't set "normal". */

import { median } from '../median.js';

export { median };

/** 1.4826 × the median absolute deviation from `centre`: the standard deviation for normal data, untouched by outliers. */
export function madScale(values: ArrayLike<number>, centre = median(values)): number {
  const dev = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) dev[i] = Math.abs(values[i] - centre);
  return 1.4826 * median(dev);
}

/**
 * Centre and spread of a sample for standardising, with a floor on the spread:
 * a product that always sells one unit has a MAD of 0, and a typed 100 must
 * come out as far away, not as infinitely far or as undefined.
 */
export function robustCentre(values: ArrayLike<number>, minScale: number): { centre: number; scale: number } {
  const centre = median(values);
  const scale = Math.max(madScale(values, centre), minScale);
  return { centre, scale };
}
