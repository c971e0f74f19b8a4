/**
 * The forecast models on series with known answers: a pure weekly pattern, a
 * trend, intermittent demand, a weekday the shop never trades; the metrics by
 * hand; the calendar; intervals that are never negative and cover about what
 * they say on noise; reorder points.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCalendar, openSeries } from '../core/models/forecast/calendar.js';
import {
  crostonCandidate,
  etsCandidate,
  seasonalMeanCandidate,
  seasonalNaiveCandidate,
  thetaCandidate,
  tsbCandidate,
  yearlyAdjusted,
  yearlyFactors,
  yearlyStepFactor,
  type Candidate,
  type Panel,
} from '../core/models/forecast/candidates.js';
import { addDaysYmd, weekdayOf } from '../core/models/forecast/days.js';
import { BLEND_MARGIN, forecastLevel } from '../core/models/forecast/level.js';
import { coverage, mase, naiveScale, wape } from '../core/models/forecast/metrics.js';
import { etsForecast } from '../core/models/forecast/models/ets.js';
import { croston, tsb } from '../core/models/forecast/models/intermittent.js';
import { seasonalMean, seasonalNaive } from '../core/models/forecast/models/naive.js';
import { thetaForecast } from '../core/models/forecast/models/theta.js';
import { nelderMead } from '../core/models/forecast/optimize.js';
import { normalQuantile, reorderFor } from '../core/models/forecast/reorder.js';
import { plainSummary } from '../core/models/forecast/summary.js';
import { recentHistory } from '../core/models/forecast/train.js';
import { mulberry32 } from '../core/models/random.js';

const WEEK = [120, 100, 90, 110, 160, 220, 60];
const weekly = (weeks: number, f: (t: number) => number = () => 0) => Float64Array.from({ length: weeks * 7 }, (_, t) => WEEK[t % 7] + f(t));
const close = (a: number, b: number, tol: number, what: string) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b} (± ${tol})`);
const noSignal = new AbortController().signal;

test('Nelder–Mead finds the minimum of a shifted quadratic bowl and of Rosenbrock', () => {
  const r = nelderMead((x) => (x[0] - 3) ** 2 + 2 * (x[1] + 1) ** 2, [0, 0]);
  close(r.x[0], 3, 1e-3, 'x');
  close(r.x[1], -1, 1e-3, 'y');
  const ros = nelderMead((x) => 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2, [-1.2, 1], { maxIterations: 2000, tolerance: 1e-12 });
  close(ros.x[0], 1, 1e-2, 'rosenbrock x');
});

test('a pure weekly pattern: every model forecasts it back', () => {
  const y = weekly(20);
  const h = 14;
  const truth = Array.from({ length: h }, (_, k) => WEEK[(y.length + k) % 7]);
  assert.deepEqual(Array.from(seasonalNaive(y, 7, h)), truth);
  assert.deepEqual(Array.from(seasonalMean(y, 7, h)), truth);
  const ets = etsForecast(y, 7, h).forecast;
  const theta = thetaForecast(y, 7, h);
  for (let k = 0; k < h; k++) {
    close(ets[k], truth[k], 0.02 * truth[k], `ets step ${k + 1}`);
    close(theta[k], truth[k], 0.02 * truth[k], `theta step ${k + 1}`);
  }
});

test('a trend: ETS follows it (damped), Theta rises, seasonal naive lags a week behind', () => {
  const y = weekly(30, (t) => 2 * t);
  const n = y.length;
  const h = 7;
  const truth = Array.from({ length: h }, (_, k) => WEEK[(n + k) % 7] + 2 * (n + k));
  const ets = etsForecast(y, 7, h).forecast;
  for (let k = 0; k < h; k++) close(ets[k], truth[k], 0.03 * truth[k], `ets step ${k + 1}`);
  // Theta deseasonalises by ratios (as thetaf): a season proportional to the level.
  const ym = Float64Array.from({ length: n }, (_, t) => (WEEK[t % 7] / 123) * (100 + 2 * t));
  const theta = thetaForecast(ym, 7, h);
  for (let k = 0; k < h; k++) {
    const want = (WEEK[(n + k) % 7] / 123) * (100 + 2 * (n + k));
    close(theta[k], want, 0.05 * want, `theta step ${k + 1}`);
  }
  // Same day last week is 14 below on every day.
  const sn = seasonalNaive(y, 7, h);
  for (let k = 0; k < h; k++) close(truth[k] - sn[k], 14, 1e-9, 'naive gap');
});

test('intermittent demand: 3 units every 4th day is 0.75 a day for Croston and TSB; TSB fades a product that stopped', () => {
  const y = Float64Array.from({ length: 200 }, (_, t) => (t % 4 === 3 ? 3 : 0));
  close(croston(y, 5)[0], 0.75, 0.02, 'croston');
  close(tsb(y, 5)[0], 0.75, 0.1, 'tsb');
  const stopped = Float64Array.from({ length: 300 }, (_, t) => (t < 150 && t % 4 === 3 ? 3 : 0));
  assert.ok(tsb(stopped, 1)[0] < 0.01, 'tsb goes to zero when sales stop');
  close(croston(stopped, 1)[0], 0.75, 0.05, 'croston keeps the old rate (its known weakness)');
  assert.deepEqual(Array.from(croston(new Float64Array(30), 3)), [0, 0, 0]);
});

test('the calendar: a weekday the shop never trades, a Christmas gap a year before, holidays the shop closes on', () => {
  const start = 20101201; // a Wednesday
  const n = 400;
  const days = Array.from({ length: n }, (_, i) => addDaysYmd(start, i));
  const gap = (d: number) => d >= 20101223 && d <= 20110104;
  const holidays = new Set([20110425, 20110502, 20111226]);
  const total = Float64Array.from(days, (d) => (weekdayOf(d) === 5 || gap(d) || holidays.has(d) ? 0 : 100 + weekdayOf(d)));
  const cal = buildCalendar(total, start, 60, holidays);
  assert.deepEqual(cal.closedWeekdays, [5]);
  assert.equal(cal.season, 6);
  assert.equal(cal.closesOnHolidays, true);
  for (let k = 0; k < 60; k++) {
    const d = addDaysYmd(start, n + k);
    const expectClosed = weekdayOf(d) === 5 || (d >= 20111223 && d <= 20120104);
    assert.equal(cal.closed[n + k], expectClosed ? 1 : 0, `${d}`);
  }
  // The models see only the six trading weekdays, with closures filled from the week before.
  const y = openSeries(total, cal, n);
  assert.equal(y.length, days.filter((d) => weekdayOf(d) !== 5).length);
  assert.ok(
    y.every((v) => v > 0),
    'no closure left as a zero',
  );
});

test('a closed weekday: forecasts are 0 on it and the pattern elsewhere', async () => {
  const start = 20240101; // a Monday
  const n = 26 * 7;
  const total = Float64Array.from({ length: n }, (_, i) => (i % 7 === 6 ? 0 : WEEK[i % 7]));
  const panel: Panel = { keys: ['total'], values: [total], target: 'amount' };
  const cal = buildCalendar(total, start, 14, new Set());
  for (const c of [seasonalNaiveCandidate(), seasonalMeanCandidate(), etsCandidate(), thetaCandidate()]) {
    const [f] = await c.predict(panel, cal, n, 14, { seed: 1, signal: noSignal, refit: true });
    for (let k = 0; k < 14; k++) {
      const w = (n + k) % 7;
      if (w === 6) assert.equal(f[k], 0, `${c.name} on Sunday`);
      else close(f[k], WEEK[w], 0.03 * WEEK[w], `${c.name} step ${k + 1}`);
    }
  }
});

test('a yearly pattern: the same weeks a year before move the forecast where the level turns', async () => {
  const start = 20220103; // a Monday
  const year = (t: number) => 1 + 0.4 * Math.cos((2 * Math.PI * t) / 364);
  const series = (len: number) => Float64Array.from({ length: len }, (_, t) => WEEK[t % 7] * year(t));
  // The factors by hand: a pure yearly curve, the same every year, gives the curve's own movement.
  const n = 2 * 364 + 91; // a quarter into the third year: the level is falling
  const y = series(n + 28);
  const r = yearlyFactors(y, new Uint8Array(n + 28), n, 28)!;
  const mean = (a: number, b: number) => {
    let s = 0;
    for (let t = a; t < b; t++) s += y[t];
    return s / (b - a);
  };
  for (const k of [0, 13, 27]) close(r[k], mean(n + k - 364 - 14, n + k - 364 + 14) / mean(n - 392, n - 364), 1e-12, `factor ${k}`);
  assert.ok(r[27] < r[0] && r[0] < 1, 'falling, as last year');
  assert.equal(yearlyFactors(y, new Uint8Array(n), 300, 28), null, 'no year of history: no factors');

  // Against the same model without them, on the 28 days after the cut.
  const panel: Panel = { keys: ['total'], values: [y], target: 'amount' };
  const cal = buildCalendar(y.subarray(0, n), start, 28, new Set());
  const truth = y.subarray(n, n + 28);
  const err = (f: Float64Array) => f.reduce((a, v, k) => a + Math.abs(v - truth[k]), 0);
  const [plain] = await thetaCandidate().predict(panel, cal, n, 28, { seed: 1, signal: noSignal, refit: true });
  const [moved] = await yearlyAdjusted(thetaCandidate()).predict(panel, cal, n, 28, { seed: 1, signal: noSignal, refit: true });
  assert.ok(err(moved) < 0.75 * err(plain), `with the year ${err(moved).toFixed(0)} vs without ${err(plain).toFixed(0)}`);
  assert.equal(yearlyAdjusted(thetaCandidate()).name, 'theta+year');
  // One step ahead (the expected value of past days, fitted.ts): the same factor on the open days.
  for (const t of [n - 100, n]) close(yearlyStepFactor(y, 7, t), yearlyFactors(y, new Uint8Array(n + 28), t, 1)![0], 1e-12, `one-step factor at ${t}`);
  const base = thetaCandidate();
  const wrapped = yearlyAdjusted(base);
  await wrapped.predict(panel, cal, n, 28, { seed: 1, signal: noSignal, refit: true });
  const plainStep = base.oneStep!(y.subarray(0, n), 7, 0);
  const movedStep = wrapped.oneStep!(y.subarray(0, n), 7, 0);
  for (let t = 0; t < n - 1; t++) {
    plainStep.update(t, y[t]);
    movedStep.update(t, y[t]);
  }
  close(movedStep.predict(n - 1), plainStep.predict(n - 1) * yearlyStepFactor(y.subarray(0, n), 7, n - 1), 1e-9, 'one-step prediction');
});

test('the models see the last years of a long history, every series cut on the same day', () => {
  const n = 2000;
  const days = Float64Array.from({ length: n }, (_, i) => i);
  const data = {
    start: 20200101,
    end: addDaysYmd(20200101, n - 1),
    total: days,
    categories: [{ name: 'Tea', values: days.map((v) => v * 2) }],
    products: [
      { id: 1, key: 'T1', sku: 'T1', name: 'Tea', category: 'Tea', units: days.map((v) => v * 3), prices: days, net: 5, leadTimeDays: null, onHand: 2 },
    ],
    country: 'GB',
    currency: 'GBP',
  };
  const r = recentHistory(data, 1092);
  assert.equal(r.total.length, 1092);
  assert.equal(r.start, addDaysYmd(20200101, n - 1092));
  assert.equal(r.end, data.end);
  assert.deepEqual([r.total[0], r.categories[0].values[0], r.products[0].units[0], r.products[0].prices[0]], [908, 1816, 2724, 908]);
  assert.equal(r.products[0].net, 5, 'the ranking by net sales is over the whole history');
  assert.equal(recentHistory(r, 5000), r, 'a shorter history is left as it is');
});

test('metrics by hand: lag-7 scale, MASE, WAPE, coverage', () => {
  const y = [1, 2, 3, 4, 5, 6, 7, 3, 2, 3, 4, 5, 6, 9];
  // |3−1| + 0 + 0 + 0 + 0 + 0 + |9−7| over 7 = 4/7.
  close(naiveScale(y), 4 / 7, 1e-12, 'scale');
  close(mase([10, 10], [8, 13], 2), 2.5 / 2, 1e-12, 'mase');
  close(wape([10, 30], [8, 33]), 5 / 40, 1e-12, 'wape');
  close(coverage([1, 5, 9, 2], [0, 0, 0, 3], [2, 4, 10, 4], [1, 1, 1, 0]), 2 / 3, 1e-12, 'coverage on open days only');
});

function noisyPanel(seed: number, series: number, n: number, units: boolean): Panel {
  const rnd = mulberry32(seed);
  const values = Array.from({ length: series }, (_, s) =>
    Float64Array.from({ length: n }, (_, t) => {
      const base = units ? 0.5 + s * 0.7 : 1000 + 50 * s;
      const mu = base * (WEEK[t % 7] / 123);
      if (units) {
        // Poisson by inversion.
        let k = 0;
        let p = Math.exp(-mu);
        let c = p;
        const u = rnd();
        while (u > c && k < 200) {
          k++;
          p *= mu / k;
          c += p;
        }
        return k;
      }
      // Normal noise, 10% of the level (Box–Muller).
      const z = Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
      return mu * (1 + 0.1 * z);
    }),
  );
  return { keys: values.map((_, i) => `s${i}`), values, target: units ? 'units' : 'amount' };
}

test('intervals: never below zero for units, nested, and on noise they cover about what they say', async () => {
  const n = 300;
  const start = 20240101;
  const units = noisyPanel(7, 12, n, true);
  const cal = (cut: number) => buildCalendar(new Float64Array(cut).fill(1), start, 28, new Set());
  const candidates = [seasonalNaiveCandidate(), seasonalMeanCandidate(), etsCandidate(), crostonCandidate(), tsbCandidate()];
  const r = await forecastLevel(units, cal, n, { h: 28, origins: 8, candidates, seed: 1, signal: noSignal, pool: 'all', selection: 'series' });
  for (const s of r.series) {
    for (let k = 0; k < 28; k++) {
      assert.ok(s.lo95[k] >= 0 && s.mean[k] >= 0, 'non-negative');
      assert.ok(s.lo95[k] <= s.lo80[k] && s.lo80[k] <= s.hi80[k] && s.hi80[k] <= s.hi95[k], 'nested');
    }
  }
  const money = noisyPanel(11, 6, n, false);
  const m = await forecastLevel(money, cal, n, {
    h: 28,
    origins: 12,
    candidates: [seasonalMeanCandidate(), etsCandidate(), thetaCandidate()],
    seed: 1,
    signal: noSignal,
    pool: 'near',
    selection: 'series',
  });
  assert.ok(m.served.coverage80! > 0.65 && m.served.coverage80! < 0.95, `80% covers ${m.served.coverage80}`);
  assert.ok(m.served.coverage95! > 0.85, `95% covers ${m.served.coverage95}`);
  // On noise around a weekly pattern, averaging weeks beats copying last week.
  const naive = m.byModel['seasonal-naive'];
  assert.ok(naive === undefined || m.byModel['weekday-mean'].mase! < naive.mase!);
  assert.ok(m.served.mase! < 1, `served MASE ${m.served.mase} beats same-day-last-week`);
});

test('a preferred blend serves unless a model beats it by more than the margin in the backtest', async () => {
  const n = 140;
  const flat: Panel = { keys: ['total'], values: [new Float64Array(n + 28).fill(100)], target: 'amount' };
  const cal = (cut: number) => buildCalendar(new Float64Array(cut).fill(100), 20240101, 14, new Set());
  const constant = (name: string, v: number): Candidate => ({ name, predict: async (p, _c, _n, h) => p.values.map(() => new Float64Array(h).fill(v)) });
  const served = async (pair: number) => {
    const r = await forecastLevel(flat, cal, n, {
      h: 14,
      origins: 6,
      candidates: [constant('a', 101), constant('b', pair), constant('c', pair)],
      seed: 1,
      signal: noSignal,
      pool: 'near',
      selection: 'series',
      blends: [['b', 'c']],
    });
    return r.series[0].weights;
  };
  // a is off by 1 a day; the blend of b and c by 1.04 (within 5%): the blend serves. By 1.1: a does.
  assert.deepEqual(await served(101.04), { b: 0.5, c: 0.5 });
  assert.deepEqual(await served(101.1), { a: 1 });
  assert.equal(BLEND_MARGIN, 0.05);
});

test('a cancelled backtest stops with TrainingCancelled', async () => {
  const ctrl = new AbortController();
  ctrl.abort();
  const p = noisyPanel(3, 2, 200, true);
  const cal = (cut: number) => buildCalendar(new Float64Array(cut).fill(1), 20240101, 14, new Set());
  await assert.rejects(
    forecastLevel(p, cal, 200, { h: 14, origins: 4, candidates: [etsCandidate()], seed: 1, signal: ctrl.signal, pool: 'all', selection: 'series' }),
    /cancelled/,
  );
});

test('reorder points: demand over the lead time plus safety stock at the service level', () => {
  close(normalQuantile(0.95), 1.644854, 1e-5, 'z 95%');
  close(normalQuantile(0.5), 0, 1e-9, 'z 50%');
  close(normalQuantile(0.01), -2.326348, 1e-5, 'z 1%');
  const h = 28;
  const sd = 1; // daily standard deviation, as the 95% interval's half-width / 1.96
  const mean = new Float64Array(h).fill(2);
  const f = { mean, lo80: new Float64Array(h), hi80: new Float64Array(h), lo95: mean.map((v) => v - 1.959964 * sd), hi95: mean.map((v) => v + 1.959964 * sd) };
  const r = reorderFor({ id: 1, key: 'A1', sku: 'A1', name: 'Mug' }, f, 9, 10, 0.95);
  close(r.demandOverLeadTime, 20, 1e-9, 'demand over 10 days');
  close(r.safetyStock, 1.644854 * Math.sqrt(10), 1e-4, 'safety stock');
  close(r.reorderPoint, 20 + 1.644854 * Math.sqrt(10), 1e-4, 'reorder point');
  // Up to the reorder point plus 14 more days of demand, less the 9 on hand.
  assert.equal(r.suggestedQty, Math.ceil(r.reorderPoint + 28 - 9));
  assert.equal(r.reason, 'sells ~14 a week, 9 left, 10-day lead time');
  assert.equal(reorderFor({ id: 1, key: 'A1', sku: 'A1', name: 'Mug' }, f, 100, 10, 0.95).suggestedQty, 0);
});

test('the plain-words summary', () => {
  const n = 400;
  const history = new Float64Array(n).fill(1000);
  const cuts = [n - 70, n - 63, n - 56, n - 49, n - 42];
  const s = plainSummary({
    h: 28,
    currency: 'GBP',
    mean: new Float64Array(28).fill(1100),
    history,
    cuts,
    backtestMeans: cuts.map(() => new Float64Array(28).fill(1000)),
  });
  assert.equal(s, 'next 4 weeks: £31k expected (likely £31k–£31k), 10% above the same weeks last year; typically off by 0% a week');
});

test('the plain-words summary says when the backtest ran low, rather than put the expected figure outside its range', () => {
  const n = 400;
  const history = new Float64Array(n).fill(1000);
  const cuts = [n - 70, n - 63, n - 56, n - 49, n - 42];
  // Each past forecast said 900 a day where 1000 came: 10% short (actual / forecast = 1.11).
  const s = plainSummary({
    h: 28,
    currency: 'USD',
    mean: new Float64Array(28).fill(900),
    history,
    cuts,
    backtestMeans: cuts.map(() => new Float64Array(28).fill(900)),
  });
  assert.equal(
    s,
    'next 4 weeks: $25k expected, though recent forecasts ran 11% low (likely $28k–$28k), 10% below the same weeks last year; typically off by 10% a week',
  );
});
