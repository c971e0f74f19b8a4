/**
 * "At risk and worth keeping": customers who have spent a lot, came back at
 * least once, and whose silence since their last purchase is real evidence
 * that they are leaving. The value at stake is what keeping them is worth:
 * what they would bring in the next 12 months if still active,
 * E[purchases | alive] × expected spend per purchase; the list is ranked by it.
 * (Weighting it by 1 − P(alive) would rank by the model's expected loss, which
 * on a shop where the fitted dropout rate is tiny says little: the owner
 * asks "what do I lose if this one goes?".)
 *
 * "Falling" is measured by the evidence, not by P(alive) alone: on a year of
 * seasonal trade BG/NBD can find dropping out rare for everyone (the real
 * data's fit has a ≈ 0.004), so P(alive) stays above 0.8 even for a weekly buyer
 * silent for months, while the odds of having left have still multiplied. The
 * factor by which the odds of "gone" rose since the last purchase is
 * ((α+T)/(α+t_x))^(r+x) (BG/NBD's P(alive), with t_x = T at the last purchase);
 * at least 3 is "positive evidence" on Kass & Raftery's (1995) scale. A customer
 * the model thinks more likely gone than not (P(alive) < ½) qualifies too.
 */
export const AT_RISK_MAX_P_ALIVE = 0.5;
export const AT_RISK_MIN_EVIDENCE = 3;
/** "High past value": at least the 75th percentile of customers' spend to date. */
export const AT_RISK_VALUE_QUANTILE = 0.75;

export interface AtRiskInput {
  frequency: ArrayLike<number>;
  monetary: ArrayLike<number>;
  pAlive: ArrayLike<number>;
  /** How many times likelier "gone" has become since the last purchase (1 for a customer who never came back). */
  leavingEvidence: ArrayLike<number>;
  expectedYearIfAlive: ArrayLike<number>;
  spendPerOrder: ArrayLike<number>;
}

export interface AtRisk {
  /** 1 = the most value at stake; 0 = not at risk. */
  rank: Int32Array;
  valueAtStake: Float64Array;
  /** The spend-to-date threshold used. */
  minSpend: number;
}

export function quantile(values: ArrayLike<number>, q: number): number {
  const s = Float64Array.from(values).sort();
  if (!s.length) return NaN;
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (pos - lo);
}

export function atRisk(v: AtRiskInput): AtRisk {
  const n = v.pAlive.length;
  const valueAtStake = new Float64Array(n);
  for (let i = 0; i < n; i++) valueAtStake[i] = v.expectedYearIfAlive[i] * v.spendPerOrder[i];
  const minSpend = quantile(v.monetary, AT_RISK_VALUE_QUANTILE);
  const chosen: number[] = [];
  for (let i = 0; i < n; i++) {
    if (
      v.frequency[i] >= 2 &&
      v.monetary[i] >= minSpend &&
      v.monetary[i] > 0 &&
      (v.pAlive[i] < AT_RISK_MAX_P_ALIVE || v.leavingEvidence[i] >= AT_RISK_MIN_EVIDENCE)
    )
      chosen.push(i);
  }
  chosen.sort((a, b) => valueAtStake[b] - valueAtStake[a] || a - b);
  const rank = new Int32Array(n);
  chosen.forEach((i, r) => (rank[i] = r + 1));
  return { rank, valueAtStake, minSpend };
}
