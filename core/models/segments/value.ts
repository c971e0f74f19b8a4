/**
 * What each customer is likely to do and be worth: BG/NBD fitted to the shop's
 * repeat purchases gives P(still active) and the expected purchases ahead;
 * Gamma-Gamma fitted to the repeat buyers' spend gives the expected spend per
 * purchase; their product over 12 months is the predicted lifetime value.
 * A "purchase" is a day with at least one order (two receipts on one visit count once).
 */
import { expectedPurchasesIfAlive, fitBgnbd, leavingEvidence, pAlive, type BgnbdFit } from './bgnbd.js';
import { expectedSpend, fitGammaGamma, spendFrequencyCorrelation, type GammaGammaFit } from './gamma-gamma.js';
import { WEEK, type CustomerFigures } from './history.js';

export const HORIZON_DAYS = 90;
export const CLV_DAYS = 365;
/** Gamma-Gamma needs enough repeat buyers to estimate three parameters. */
const MIN_REPEAT_BUYERS = 20;

export interface ValueFit {
  bgnbd: BgnbdFit;
  /** null when there were too few repeat buyers, or the fit had no finite mean (q ≤ 1): spend per purchase is then each customer's own average. */
  gammaGamma: GammaGammaFit | null;
  repeatBuyers: number;
  /** Pearson correlation of repeat purchases and mean spend: Gamma-Gamma assumes it is small. */
  spendFrequencyCorrelation: number | null;
}

export interface CustomerValues {
  fit: ValueFit;
  pAlive: Float64Array;
  /** Factor by which the odds of having left grew since the last purchase (see at-risk.ts). */
  leavingEvidence: Float64Array;
  expectedOrders90: Float64Array;
  /** Expected purchases over the next 12 months if still active. */
  expectedYearIfAlive: Float64Array;
  spendPerOrder: Float64Array;
  clv12: Float64Array;
}

export function fitValueModels(f: CustomerFigures): ValueFit {
  const bgnbd = fitBgnbd({ x: f.x, tx: f.tx, T: f.T });
  const keep: number[] = [];
  for (let i = 0; i < f.x.length; i++) if (f.x[i] > 0 && f.repeatSpend[i] > 0) keep.push(i);
  const spend = { x: Float64Array.from(keep, (i) => f.x[i]), mean: Float64Array.from(keep, (i) => f.repeatSpend[i]) };
  let gammaGamma: GammaGammaFit | null = null;
  if (keep.length >= MIN_REPEAT_BUYERS) {
    const g = fitGammaGamma(spend);
    if (g.q > 1 && Number.isFinite(g.logLikelihood)) gammaGamma = g;
  }
  const corr = keep.length >= 3 ? spendFrequencyCorrelation(spend) : NaN;
  return { bgnbd, gammaGamma, repeatBuyers: keep.length, spendFrequencyCorrelation: Number.isFinite(corr) ? corr : null };
}

export function customerValues(f: CustomerFigures, fit: ValueFit = fitValueModels(f)): CustomerValues {
  const n = f.x.length;
  const out: CustomerValues = {
    fit,
    pAlive: new Float64Array(n),
    leavingEvidence: new Float64Array(n),
    expectedOrders90: new Float64Array(n),
    expectedYearIfAlive: new Float64Array(n),
    spendPerOrder: new Float64Array(n),
    clv12: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const x = f.x[i],
      tx = f.tx[i],
      T = f.T[i];
    const alive = pAlive(fit.bgnbd, x, tx, T);
    const year = expectedPurchasesIfAlive(fit.bgnbd, CLV_DAYS / WEEK, x, T);
    out.pAlive[i] = alive;
    out.leavingEvidence[i] = leavingEvidence(fit.bgnbd, x, tx, T);
    out.expectedOrders90[i] = alive * expectedPurchasesIfAlive(fit.bgnbd, HORIZON_DAYS / WEEK, x, T);
    out.expectedYearIfAlive[i] = year;
    const own = Math.max(0, f.monetary[i]) / (x + 1);
    out.spendPerOrder[i] = fit.gammaGamma ? expectedSpend(fit.gammaGamma, f.repeatSpend[i] > 0 ? x : 0, f.repeatSpend[i] > 0 ? f.repeatSpend[i] : 0) : own;
    out.clv12[i] = alive * year * out.spendPerOrder[i];
  }
  return out;
}
