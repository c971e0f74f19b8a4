/**
 * Reorder points from a product's forecast: the demand expected over the
 * supplier's lead time, plus safety stock for the chosen service level from the
 * forecast's own spread (daily 95% half-widths as standard deviations, added as
 * independent days), and the quantity that brings stock back up to cover the
 * lead time and a 14-day order cycle.
 */
import type { ForecastValues, ReorderRow } from './types.js';

export const ORDER_CYCLE_DAYS = 14;

/** Inverse of the standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const lowP = 0.02425;
  if (p <= 0 || p >= 1) return p <= 0 ? -Infinity : Infinity;
  if (p < lowP) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - lowP) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/** Sum of the first `days` of a forecast; past its end, the last week's average per day. */
function sumOver(values: Float64Array, days: number, square = false): number {
  const h = values.length;
  let s = 0;
  for (let k = 0; k < Math.min(days, h); k++) s += square ? values[k] ** 2 : values[k];
  if (days > h && h) {
    let w = 0;
    const from = Math.max(0, h - 7);
    for (let k = from; k < h; k++) w += square ? values[k] ** 2 : values[k];
    s += (w / (h - from)) * (days - h);
  }
  return s;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

export function reorderFor(
  product: { id: number; key: string; sku: string | null; name: string },
  forecast: ForecastValues,
  onHand: number,
  leadTimeDays: number,
  serviceLevel: number,
): ReorderRow {
  const lead = Math.max(1, Math.ceil(leadTimeDays));
  const demand = sumOver(forecast.mean, lead);
  const sd = new Float64Array(forecast.mean.length);
  for (let k = 0; k < sd.length; k++) sd[k] = (forecast.hi95[k] - forecast.lo95[k]) / (2 * 1.959964);
  const sigma = Math.sqrt(sumOver(sd, lead, true));
  const safety = Math.max(0, normalQuantile(serviceLevel) * sigma);
  const reorderPoint = demand + safety;
  const cycle = sumOver(forecast.mean, lead + ORDER_CYCLE_DAYS) - demand;
  const stock = Math.max(0, onHand);
  const suggestedQty = stock <= reorderPoint ? Math.max(0, Math.ceil(reorderPoint + cycle - stock)) : 0;
  const daily = demand / lead;
  return {
    productId: product.id,
    key: product.key,
    sku: product.sku,
    name: product.name,
    onHand,
    leadTimeDays: leadTimeDays,
    dailyDemand: daily,
    demandOverLeadTime: demand,
    safetyStock: safety,
    reorderPoint,
    suggestedQty,
    serviceLevel,
    reason: reorderReason(daily, onHand, lead),
  };
}

/** "sells ~14 a week, 9 left, 10-day lead time". */
export function reorderReason(dailyDemand: number, onHand: number, leadTimeDays: number): string {
  const weekly = dailyDemand * 7;
  const sells = weekly >= 10 ? `~${Math.round(weekly)}` : weekly >= 1 ? `~${round1(weekly)}` : weekly > 0 ? 'under 1' : 'none';
  const left = Number.isInteger(onHand) ? `${onHand}` : `${round1(onHand)}`;
  return `sells ${sells} a week, ${left} left, ${Math.max(1, Math.ceil(leadTimeDays))}-day lead time`;
}
