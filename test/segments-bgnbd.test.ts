/**
 * The customer-value models against the published CDNOW fits (../shared/data/
 * cdnow-summary.csv and its README): BG/NBD (Fader, Hardie & Lee 2005) and
 * Gamma-Gamma (Fader & Hardie 2013), plus the special functions they rest on,
 * checked against values computed independently (closed forms, numeric sums).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../bench/common.js';
import { bgnbdLogLikelihood, expectedPurchases, fitBgnbd, pAlive } from '../core/models/segments/bgnbd.js';
import { expectedSpend, fitGammaGamma } from '../core/models/segments/gamma-gamma.js';
import { hyp2f1, lnGamma } from '../core/models/segments/special.js';

const CDNOW = path.resolve(ROOT, '..', 'shared', 'data', 'cdnow-summary.csv');
const skip = fs.existsSync(CDNOW) || process.env.CI === 'true' ? false : `CDNOW summary absent (${CDNOW}); skipping the published-fit checks`;
if (skip) console.log(`# ${skip}`);

function readCdnow() {
  const rows = fs
    .readFileSync(CDNOW, 'utf8')
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((l) => l.split(',').map(Number));
  return {
    x: Float64Array.from(rows, (r) => r[1]),
    tx: Float64Array.from(rows, (r) => r[2]),
    T: Float64Array.from(rows, (r) => r[3]),
    zbar: Float64Array.from(rows, (r) => r[4]),
  };
}

const close = (got: number, want: number, tol: number, what: string) => assert.ok(Math.abs(got - want) <= tol, `${what}: ${got} vs ${want} (±${tol})`);

test('ln Γ matches factorials and Γ(½) = √π', () => {
  let f = 0;
  for (let n = 1; n < 30; n++) {
    close(lnGamma(n), f, 1e-10 * Math.max(1, f), `lnΓ(${n})`);
    f += Math.log(n);
  }
  close(lnGamma(0.5), 0.5 * Math.log(Math.PI), 1e-12, 'lnΓ(0.5)');
  close(lnGamma(0.1), Math.log(9.513507698668732), 1e-12, 'lnΓ(0.1)');
});

test('₂F₁ matches its closed forms', () => {
  // ₂F₁(1, 1; 2; z) = −ln(1−z)/z;  ₂F₁(a, b; b; z) = (1−z)^(−a).
  for (const z of [0.01, 0.3, 0.7, 0.95, 0.995]) {
    close(hyp2f1(1, 1, 2, z), -Math.log(1 - z) / z, 1e-10, `2F1(1,1;2;${z})`);
    close(hyp2f1(2.5, 3, 3, z), Math.pow(1 - z, -2.5), 1e-9 * Math.pow(1 - z, -2.5), `2F1(2.5,3;3;${z})`);
  }
  assert.equal(hyp2f1(3, 4, 5, 0), 1);
  assert.throws(() => hyp2f1(1, 1, 2, 1));
});

test('BG/NBD fitted to CDNOW finds the published r, α, a, b and log-likelihood', { skip }, () => {
  const d = readCdnow();
  assert.equal(d.x.length, 2357);
  const fit = fitBgnbd(d);
  close(fit.r, 0.243, 0.001, 'r');
  close(fit.alpha, 4.414, 0.005, 'α');
  close(fit.a, 0.793, 0.002, 'a');
  close(fit.b, 2.426, 0.01, 'b');
  close(fit.logLikelihood, -9582.4, 0.1, 'log-likelihood');
  // The fit is a maximum: nudging any parameter lowers the likelihood.
  for (const k of ['r', 'alpha', 'a', 'b'] as const) {
    for (const f of [0.99, 1.01]) assert.ok(bgnbdLogLikelihood({ ...fit, [k]: fit[k] * f }, d) < fit.logLikelihood, `${k}×${f}`);
  }
});

test('BG/NBD expected purchases equal a numeric integration of the model, and P(alive) behaves', { skip }, () => {
  const p = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
  // Customer 1 of CDNOW (x = 2, t_x = 30.43, T = 38.86): the closed form against a direct quadrature of the model,
  // E[Y(t)] = ∫∫ P(alive | λ, p)·E[Y(t) | λ, p, alive] over the posterior of (λ, p).
  const x = 2,
    tx = 30.43,
    T = 38.86,
    t = 39;
  const got = expectedPurchases(p, t, x, tx, T);
  // Likelihood: alive (1−p)^x λ^x e^{−λT}, or dropped out after the last purchase p(1−p)^(x−1) λ^x e^{−λt_x}.
  // An active customer buys until a purchase ends it: E[Y(t) | λ, p, alive] = (1/p)(1 − e^{−λpt}).
  // Quadrature on a grid (log-spaced λ, midpoints in p).
  let num = 0,
    den = 0;
  const lnPrior = (lam: number, q: number) => (p.r - 1) * Math.log(lam) - p.alpha * lam + (p.a - 1) * Math.log(q) + (p.b - 1) * Math.log(1 - q);
  for (let i = 0; i < 1500; i++) {
    const lam = Math.exp(-12 + (14 * (i + 0.5)) / 1500);
    const dl = lam * (14 / 1500);
    for (let j = 0; j < 600; j++) {
      const q = (j + 0.5) / 600;
      const base = Math.exp(lnPrior(lam, q) + x * Math.log(lam) + (x - 1) * Math.log(1 - q) - lam * tx) * dl;
      const alive = base * (1 - q) * Math.exp(-lam * (T - tx));
      const dead = base * q;
      den += alive + dead;
      num += alive * (1 / q) * (1 - Math.exp(-lam * q * t));
    }
  }
  close(got, num / den, 0.01 * (num / den), 'E[Y(39)]');
  assert.equal(pAlive(p, 0, 0, 38.86), 1);
  assert.ok(pAlive(p, 5, 35, 38.86) > pAlive(p, 5, 10, 38.86), 'a recent last purchase means more likely alive');
  assert.ok(expectedPurchases(p, 52, 5, 35, 38.86) > expectedPurchases(p, 52, 1, 35, 38.86), 'more purchases, more expected');
  // Young customers (T ≈ 0) must not break the formulas.
  assert.ok(Number.isFinite(expectedPurchases(p, 13, 0, 0, 1 / 7)));
});

test('Gamma-Gamma fitted to the CDNOW repeat buyers finds the published p, q, γ', { skip }, () => {
  const d = readCdnow();
  const keep = [...d.x.keys()].filter((i) => d.x[i] > 0);
  assert.equal(keep.length, 946);
  const fit = fitGammaGamma({ x: Float64Array.from(keep, (i) => d.x[i]), mean: Float64Array.from(keep, (i) => d.zbar[i]) });
  close(fit.p, 6.25, 0.01, 'p');
  close(fit.q, 3.74, 0.01, 'q');
  close(fit.gamma, 15.44, 0.05, 'γ');
  // Shrinkage: a customer's expected spend lies between their own mean and the population mean pγ/(q−1).
  const pop = (fit.p * fit.gamma) / (fit.q - 1);
  const e = expectedSpend(fit, 3, 100);
  assert.ok(e > pop && e < 100, `${pop} < ${e} < 100`);
  close(expectedSpend(fit, 0, 0), pop, 1e-9, 'x = 0 gives the population mean');
});
