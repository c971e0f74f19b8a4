/**
 * The global (TensorFlow.js) forecast model on series with known answers: a weekly pattern learnt across
 * series of very different sizes, determinism under a seed, non-negative forecasts, zeros on closed days,
 * cancellation, no tensor left behind, and features that never read past the origin.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitGlobal, fitPredictGlobal, GlobalCancelled, type GlobalCalendar, type GlobalSeries } from '../core/models/forecast/global/index.js';
import { FEATURE_COUNT, prepare, writeRow } from '../core/models/forecast/global/features.js';
import { dayFeatures } from '../core/models/forecast/global/calendar.js';
import { loadTf } from '../core/models/forecast/global/network.js';
import { mulberry32 } from '../core/models/random.js';

/** 2024-01-01 is a Monday. */
const START = 20240101;
/** Monday … Sunday; Sunday is closed. */
const WEEK = [3, 5, 4, 6, 10, 8, 0];

function calendar(n: number, h: number, extraClosed: number[] = []): GlobalCalendar {
  const weekday = dayFeatures(START, n + h).weekday;
  const closed = Uint8Array.from(weekday, (d) => (d === 6 ? 1 : 0));
  for (const i of extraClosed) closed[i] = 1;
  return { start: START, closed, holiday: new Uint8Array(n + h) };
}

function weeklyPanel(n: number, levels: number[], noise = 0, seed = 1): GlobalSeries[] {
  const random = mulberry32(seed);
  const weekday = dayFeatures(START, n).weekday;
  return levels.map((level, s) => ({
    key: `p${s}`,
    values: Float64Array.from(weekday, (d) => Math.max(0, level * WEEK[d] * (1 + noise * (random() - 0.5)))),
  }));
}

test('a pure weekly pattern is learnt across series of very different sizes', async () => {
  const n = 168;
  const h = 14;
  const levels = [0.5, 1, 2, 5, 10, 40, 150, 3];
  const panel = weeklyPanel(n, levels);
  const out = await fitPredictGlobal(panel, calendar(n, h), h, { seed: 7, epochs: 40 });
  const weekday = dayFeatures(START, n + h).weekday;
  let absErr = 0;
  let total = 0;
  levels.forEach((level, s) => {
    for (let k = 0; k < h; k++) {
      const truth = level * WEEK[weekday[n + k]];
      absErr += Math.abs(out[s][k] - truth);
      total += truth;
    }
  });
  // Independent truth: the generating pattern itself. Within 10% overall (WAPE).
  assert.ok(absErr / total < 0.1, `WAPE ${(absErr / total).toFixed(3)}`);
  // The weekday order is right for the biggest and the smallest series alike.
  for (const s of [0, 6]) {
    const fri = out[s][4]; // day n + 4 is a Friday (n = 168 = 24 weeks, so day n is a Monday)
    const mon = out[s][0];
    assert.ok(fri > mon * 1.5, `series ${s}: Friday ${fri} vs Monday ${mon}`);
  }
});

test('the same data and seed give identical forecasts; they are never negative; closed days are exactly 0', async () => {
  const n = 120;
  const h = 21;
  const panel = weeklyPanel(n, [1, 3, 8, 0.2], 0.8, 5);
  // A closure inside the horizon (e.g. a holiday week the owner entered) on days n + 9 and n + 10.
  const cal = calendar(n, h, [n + 9, n + 10]);
  const a = await fitPredictGlobal(panel, cal, h, { seed: 42, epochs: 6 });
  const b = await fitPredictGlobal(panel, cal, h, { seed: 42, epochs: 6 });
  assert.deepEqual(a, b);
  for (const f of a) {
    assert.equal(f.length, h);
    for (let k = 0; k < h; k++) {
      assert.ok(f[k] >= 0 && Number.isFinite(f[k]), `forecast ${f[k]}`);
      if (cal.closed[n + k]) assert.equal(f[k], 0, `closed day ${k}`);
      else assert.ok(f[k] > 0, `open day ${k} forecast 0`);
    }
  }
});

test('a series that never sold is forecast as zeros, beside series that did', async () => {
  const n = 84;
  const h = 7;
  const panel = [...weeklyPanel(n, [2, 4]), { key: 'never', values: new Float64Array(n) }];
  const out = await fitPredictGlobal(panel, calendar(n, h), h, { seed: 1, epochs: 3 });
  assert.deepEqual([...out[2]], new Array(h).fill(0));
  assert.ok(out[0].some((v) => v > 0));
});

test('an aborted signal cancels training (before it starts and between batches), leaving no tensor behind', async () => {
  const tf = await loadTf();
  const n = 140;
  const h = 14;
  const panel = weeklyPanel(n, [1, 2, 3, 4, 5, 6], 0.5);
  const cal = calendar(n, h);
  await fitPredictGlobal(panel, cal, h, { seed: 3, epochs: 1 }); // warm up: kernels and backend state are made once
  const before = tf.memory().numTensors;

  const already = new AbortController();
  already.abort();
  await assert.rejects(
    fitPredictGlobal(panel, cal, h, { seed: 3, signal: already.signal }),
    (e: Error) => e instanceof GlobalCancelled && e.name === 'TrainingCancelled',
  );

  const during = new AbortController();
  const epochsSeen: number[] = [];
  await assert.rejects(
    fitPredictGlobal(panel, cal, h, {
      seed: 3,
      epochs: 50,
      signal: during.signal,
      onProgress: (done, total) => {
        epochsSeen.push(done);
        assert.equal(total, 50);
        if (done === 2) during.abort();
      },
    }),
    GlobalCancelled,
  );
  assert.deepEqual(epochsSeen, [1, 2], 'stops right after the epoch that saw the abort');
  assert.equal(tf.memory().numTensors, before, 'tensors leaked by a cancelled run');

  await fitPredictGlobal(panel, cal, h, { seed: 3, epochs: 2 });
  await fitPredictGlobal(panel, cal, h, { seed: 4, epochs: 2 });
  assert.equal(tf.memory().numTensors, before, 'tensors leaked across runs (backtest origins)');
});

test('a model trained at one cut forecasts later cuts (a backtest trains once), without reading past them', async () => {
  const tf = await loadTf();
  const n0 = 140;
  const later = n0 + 10;
  const h = 14;
  const levels = [1, 4, 20, 0.5];
  const full = weeklyPanel(later, levels);
  const cut = (n: number) => full.map((s) => ({ key: s.key, values: s.values.slice(0, n) }));
  const before = tf.memory().numTensors;
  const model = await fitGlobal(cut(n0), calendar(n0, h), h, { seed: 9, epochs: 30 });
  try {
    // At its own cut it gives exactly what fitPredictGlobal gives.
    assert.deepEqual(await model.forecast(cut(n0), calendar(n0, h)), await fitPredictGlobal(cut(n0), calendar(n0, h), h, { seed: 9, epochs: 30 }));
    // Ten days later (a Thursday start), the weekly pattern is still right: the features are recomputed at the new cut.
    const out = await model.forecast(cut(later), calendar(later, h));
    const weekday = dayFeatures(START, later + h).weekday;
    let err = 0;
    let total = 0;
    levels.forEach((level, s) => {
      for (let k = 0; k < h; k++) {
        const truth = level * WEEK[weekday[later + k]];
        err += Math.abs(out[s][k] - truth);
        total += truth;
      }
    });
    assert.ok(err / total < 0.12, `WAPE at the later cut ${(err / total).toFixed(3)}`);
    await assert.rejects(model.forecast(cut(later), calendar(later, h + 1), h + 1), RangeError);
    await assert.rejects(model.forecast(cut(later).slice(1), calendar(later, h)), RangeError);
  } finally {
    model.dispose();
  }
  assert.equal(tf.memory().numTensors, before, 'the disposed model leaves no tensor');
});

test('progress is reported once per epoch', async () => {
  const n = 84;
  const h = 7;
  const seen: [number, number][] = [];
  await fitPredictGlobal(weeklyPanel(n, [1, 2]), calendar(n, h), h, { seed: 1, epochs: 4, onProgress: (d, t) => seen.push([d, t]) });
  assert.deepEqual(seen, [
    [1, 4],
    [2, 4],
    [3, 4],
    [4, 4],
  ]);
});

test('features of an origin never read a value after it (a 28-day horizon cannot peek past its cut)', () => {
  const n = 200;
  const h = 28;
  const o = 150;
  const cal = calendar(n, h);
  const values = weeklyPanel(n, [3], 0.9, 11)[0].values;
  const random = mulberry32(2);
  const prices = Float64Array.from({ length: n }, () => 2 + random());
  // After o, the open days' values and prices are shuffled: the series' scale and median price (measured on
  // the whole history) stay the same, so any difference in a row can only come from reading past o.
  const after: number[] = [];
  for (let i = o + 1; i < n; i++) if (!cal.closed[i]) after.push(i);
  const moved = after.slice().reverse();
  const values2 = values.slice();
  const prices2 = prices.slice();
  after.forEach((i, j) => {
    values2[i] = values[moved[j]]!;
    prices2[i] = prices[moved[j]]!;
  });
  const pa = prepare([{ key: 'a', values, prices }], cal, h);
  const pb = prepare([{ key: 'a', values: values2, prices: prices2 }], cal, h);
  assert.ok(Math.abs(pa.series[0].scale - pb.series[0].scale) < 1e-9);
  for (let k = 1; k <= h; k++) {
    const ra = new Float32Array(FEATURE_COUNT);
    const rb = new Float32Array(FEATURE_COUNT);
    const offA = writeRow(pa, pa.series[0], o, k, ra, 0);
    const offB = writeRow(pb, pb.series[0], o, k, rb, 0);
    assert.deepEqual(rb, ra, `step ${k}`);
    assert.equal(offB, offA, `step ${k}, offset`);
  }
  // And the check has teeth: at a later origin the rows do differ.
  const ra = new Float32Array(FEATURE_COUNT);
  const rb = new Float32Array(FEATURE_COUNT);
  writeRow(pa, pa.series[0], o + 20, 1, ra, 0);
  writeRow(pb, pb.series[0], o + 20, 1, rb, 0);
  assert.notDeepEqual(rb, ra);
});

test('inputs that do not line up are refused', async () => {
  const cal = calendar(50, 7);
  await assert.rejects(
    fitPredictGlobal(
      [
        { key: 'a', values: new Float64Array(50) },
        { key: 'b', values: new Float64Array(49) },
      ],
      cal,
      7,
      { seed: 1 },
    ),
    RangeError,
  );
  await assert.rejects(fitPredictGlobal([{ key: 'a', values: new Float64Array(50) }], calendar(50, 6), 7, { seed: 1 }), RangeError);
  await assert.rejects(fitPredictGlobal([{ key: 'a', values: new Float64Array(50) }], cal, 0, { seed: 1 }), RangeError);
});
