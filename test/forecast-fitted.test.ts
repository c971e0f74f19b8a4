/**
 * The forecast's expected value for each past day (core/models/forecast/fitted.ts)
 * on series with known answers: a pure weekly pattern comes back after warm-up;
 * without cleaning, each day's value is the model's own forecast from the day
 * before (honest one step ahead); a spike is in neither its own expected value
 * nor the next week's; an ensemble is its weighted members; on the calendar,
 * closed days have none. And the stand-ins for days left out of training
 * (core/models/forecast/excluded.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCalendar } from '../core/models/forecast/calendar.js';
import { etsCandidate, seasonalMeanCandidate, seasonalNaiveCandidate, thetaCandidate, type Panel } from '../core/models/forecast/candidates.js';
import { fillExcludedDays } from '../core/models/forecast/excluded.js';
import {
  etsSteps,
  oneStepFitted,
  seasonalNaiveSteps,
  servedFitted,
  thetaSteps,
  weekdayMeanSteps,
  weightedSteps,
  type OneStepModel,
} from '../core/models/forecast/fitted.js';
import { forecastLevel } from '../core/models/forecast/level.js';
import { etsForecast, fitEts } from '../core/models/forecast/models/ets.js';
import { seasonalMean, seasonalNaive } from '../core/models/forecast/models/naive.js';
import { mulberry32 } from '../core/models/random.js';

const WEEK = [120, 100, 90, 110, 160, 220, 60];
const weekly = (weeks: number, f: (t: number) => number = () => 0) => Float64Array.from({ length: weeks * 7 }, (_, t) => WEEK[t % 7] + f(t));
const close = (a: number, b: number, tol: number, what: string) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b} (± ${tol})`);
const noisy = (weeks: number, seed: number, sd = 10) => {
  const r = mulberry32(seed);
  // Sum of uniforms: near-normal noise, deterministic.
  return weekly(weeks, () => ((r() + r() + r() + r() - 2) * sd) / 0.577);
};
const models = (y: Float64Array): Record<string, () => OneStepModel> => ({
  'seasonal-naive': () => seasonalNaiveSteps(7),
  'weekday-mean': () => weekdayMeanSteps(7, 4),
  ets: () => etsSteps(y, 7, fitEts(y, 7)),
  theta: () => thetaSteps(y, 7),
});

test('a pure weekly pattern: every model expects the pattern of each day after its warm-up, and nothing during it', () => {
  const y = weekly(20);
  for (const [name, make] of Object.entries(models(y))) {
    const model = make();
    const { fitted, cleaned } = oneStepFitted(y, model, 7);
    for (let t = 0; t < y.length; t++) {
      if (t < model.warmUp) assert.ok(Number.isNaN(fitted[t]), `${name}: day ${t} is warm-up`);
      // Seasonal naive and the weekday mean repeat the weeks exactly; ETS and Theta fit the pattern.
      else if (name === 'seasonal-naive' || name === 'weekday-mean') assert.equal(fitted[t], WEEK[t % 7], `${name} day ${t}`);
      else close(fitted[t], WEEK[t % 7], 0.02 * WEEK[t % 7], `${name} day ${t}`);
    }
    if (name === 'seasonal-naive' || name === 'weekday-mean') assert.equal(cleaned, 0, `${name}: nothing to clean on a pure pattern`);
  }
  assert.equal(seasonalNaiveSteps(7).warmUp, 7);
  assert.equal(etsSteps(y, 7, fitEts(y, 7)).warmUp, 28, "ETS's initial states come from its first 4 weeks");
});

test('honest one step ahead: without cleaning, a day expects what the model forecast from the day before', () => {
  const y = noisy(30, 7);
  const params = fitEts(y, 7);
  const plain = { k: Infinity };
  const naive = oneStepFitted(y, seasonalNaiveSteps(7), 7, plain).fitted;
  const mean = oneStepFitted(y, weekdayMeanSteps(7, 4), 7, plain).fitted;
  const ets = oneStepFitted(y, etsSteps(y, 7, params), 7, plain).fitted;
  for (let t = 28; t < y.length; t++) {
    const past = y.subarray(0, t);
    assert.equal(naive[t], seasonalNaive(past, 7, 1)[0], `seasonal naive day ${t}`);
    close(mean[t], seasonalMean(past, 7, 1, 4)[0], 1e-9, `weekday mean day ${t}`);
    close(ets[t], etsForecast(past, 7, 1, params).forecast[0], 1e-9, `ets day ${t}`);
  }
  // The day itself never enters: changing day t changes no value up to t.
  const changed = Float64Array.from(y);
  changed[150] *= 4;
  const again = oneStepFitted(changed, etsSteps(y, 7, params), 7, plain).fitted;
  for (let t = 0; t <= 150; t++) assert.ok(Object.is(again[t], ets[t]), `ets day ${t}`);
});

test('a single spike day is pulled neither into its own expected value nor into the next weeks', () => {
  const spikeDay = 7 * 20 + 1; // a Tuesday, well after every warm-up
  for (const pure of [true, false]) {
    const base = pure ? weekly(30) : noisy(30, 11);
    const y = Float64Array.from(base);
    y[spikeDay] = 4 * WEEK[1];
    // The same parameters both ways (those of the series without the spike): only the recursion differs.
    const same = models(base);
    const what = (name: string) => `${name} (${pure ? 'pure pattern' : 'noisy'})`;
    for (const name of Object.keys(same)) {
      const { fitted, cleaned } = oneStepFitted(y, same[name](), 7);
      const without = oneStepFitted(base, same[name](), 7).fitted;
      const plain = oneStepFitted(y, same[name](), 7, { k: Infinity }).fitted;
      assert.ok(Object.is(fitted[spikeDay], without[spikeDay]), `${what(name)}: the spike's own expected value is what it was without it`);
      // The 4 weeks after: the spike was held back to 2 deviations before it moved the states, so
      // they carry under a fifth of what plain fitted values would (nothing on a pure pattern).
      let carried = 0;
      let plainCarried = 0;
      for (let later = spikeDay + 1; later <= spikeDay + 28; later++) {
        carried += Math.abs(fitted[later] - without[later]);
        plainCarried += Math.abs(plain[later] - without[later]);
      }
      if (pure) assert.ok(carried < 0.01, `${what(name)}: ${carried} carried over`);
      else assert.ok(carried < 0.2 * plainCarried, `${what(name)}: ${carried} carried over, plain fitted values ${plainCarried}`);
      assert.ok(cleaned >= 1, `${what(name)} cleaned the spike`);
    }
    // With the spike in the data the parameters are fitted on, too: still about a normal Tuesday.
    // Theta's seasonal indices are means over the weeks (as R's thetaf has them), so a 4× Tuesday
    // raises every Tuesday's index by about 3/30: its only way into its own expected value.
    for (const [name, make] of Object.entries(models(y))) {
      const { fitted } = oneStepFitted(y, make(), 7);
      const tol = name === 'theta' ? 0.1 : pure ? 0.01 : 0.15;
      close(fitted[spikeDay], WEEK[1], tol * WEEK[1], `${what(name)}: the spike's own expected value`);
    }
  }
  // Plain fitted values would have expected the spike again a week later (seasonal naive) or spread it (weekday mean).
  const y = weekly(30);
  y[spikeDay] = 4 * WEEK[1];
  assert.equal(oneStepFitted(y, seasonalNaiveSteps(7), 7, { k: Infinity }).fitted[spikeDay + 7], 4 * WEEK[1]);
  assert.equal(oneStepFitted(y, weekdayMeanSteps(7), 7, { k: Infinity }).fitted[spikeDay + 7], (4 * WEEK[1] + 3 * WEEK[1]) / 4);
  assert.equal(oneStepFitted(y, seasonalNaiveSteps(7), 7).fitted[spikeDay + 7], WEEK[1]);
});

test('an ensemble expects the weighted sum of its members, which all see the same days', () => {
  const y = noisy(20, 3);
  const plain = { k: Infinity };
  const a = oneStepFitted(y, seasonalNaiveSteps(7), 7, plain).fitted;
  const b = oneStepFitted(y, weekdayMeanSteps(7, 4), 7, plain).fitted;
  const both = weightedSteps([
    { model: seasonalNaiveSteps(7), weight: 0.25 },
    { model: weekdayMeanSteps(7, 4), weight: 0.75 },
  ]);
  const e = oneStepFitted(y, both, 7, plain).fitted;
  for (let t = 7; t < y.length; t++) close(e[t], 0.25 * a[t] + 0.75 * b[t], 1e-9, `day ${t}`);
});

test('on the calendar: the served model of a backtest gives each trading day a value, none on closed days', async () => {
  // A shop closed on Sundays (weekday 6 from a Monday start), closed on one Wednesday too.
  const start = 20240101; // a Monday
  const weeks = 20;
  const total = Float64Array.from({ length: weeks * 7 }, (_, t) => (t % 7 === 6 ? 0 : WEEK[t % 7]));
  total[7 * 10 + 2] = 0;
  const n = total.length;
  const cal = (cut: number) => buildCalendar(total.subarray(0, cut), start, 14, new Set());
  const panel: Panel = { keys: ['total'], values: [total], target: 'amount' };
  const candidates = [seasonalNaiveCandidate(), seasonalMeanCandidate(), etsCandidate(), thetaCandidate()];
  const r = await forecastLevel(panel, cal, n, {
    h: 14,
    origins: 4,
    candidates,
    seed: 1,
    signal: new AbortController().signal,
    pool: 'near',
    selection: 'series',
  });
  const ex = servedFitted(candidates, r.series[0].weights, panel, 0, cal(n), n)!;
  assert.ok(ex, 'the classical models all have a one-step form');
  assert.equal(ex.values.length, n);
  let days = 0;
  for (let i = 0; i < n; i++) {
    if (i % 7 === 6 || i === 72) {
      assert.ok(Number.isNaN(ex.values[i]), `day ${i} was closed`);
      continue;
    }
    if (Number.isNaN(ex.values[i])) {
      assert.ok(i < 4 * 7, `day ${i}: only the warm-up has no value`);
      continue;
    }
    days++;
    close(ex.values[i], WEEK[i % 7], 0.03 * WEEK[i % 7], `day ${i} (${r.series[0].model})`);
  }
  assert.equal(ex.days, days);
  // A served model with no one-step form (the global network) gives none.
  assert.equal(servedFitted(candidates, { global: 1 }, panel, 0, cal(n), n), null);
});

test('days left out of training: the median of the same weekday over the 4 weeks before, else after', () => {
  const v = Float64Array.from({ length: 70 }, (_, t) => 100 + t);
  // Day 40: the days 33, 26, 19, 12 before it; day 33 is left out too, so 5 joins: median of 26, 19, 12, 5.
  // Day 3: no week before, so the 4 after: 10, 17, 24, 31.
  const out = fillExcludedDays(Float64Array.from(v), [40, 33, 3]);
  assert.equal(out[40], 100 + (19 + 12) / 2);
  assert.equal(out[33], 100 + (19 + 12) / 2, 'day 33: 26, 19, 12, 5');
  assert.equal(out[3], 100 + (17 + 24) / 2);
  for (let t = 0; t < 70; t++) if (![40, 33, 3].includes(t)) assert.equal(out[t], v[t]);
  assert.deepEqual(fillExcludedDays(new Float64Array([5]), [0]), new Float64Array([0]), 'nothing to go by: 0');
});
