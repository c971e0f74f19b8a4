/**
 * The anomaly model's link with the forecast, on a real SQLite file holding the
 * sample shop (its truth.json lists the days it was given):
 *  - a training stores the forecast's expected value of each past day, and the
 *    anomaly run of the same training judges the shop's day against it (the
 *    labelled spike's and drop's `expected` are the stored values, in the
 *    sentence and in `tillsight anomalies --json`);
 *  - a day the owner marks as an error is left out of forecast training (every
 *    series holds a stand-in there, computed here from the unmarked data) and
 *    the run records it; an explained day is not; the marks that change the
 *    days left out make the models stale, the others do not.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../bench/common.js';
import { importFile } from '../core/import/pipeline.js';
import { trainAnomalies } from '../core/models/anomalies/train.js';
import { readAnomalyData } from '../core/models/data/anomalies.js';
import { readForecastData } from '../core/models/data/forecast.js';
import { daysBetween, isoToYmd } from '../core/models/forecast/days.js';
import { modelSpecs } from '../core/models/kinds.js';
import { latestGoodRun, staleKinds } from '../core/models/registry.js';
import { anomaliesModel, listAnomalies, markAnomaly, unmarkAnomaly } from '../core/models/store/anomalies.js';
import { historyOf, readForecastExpected, readSeriesRows } from '../core/models/store/forecast.js';
import { forecastModel } from '../core/models/store/forecast-model.js';
import { trainAll } from '../core/models/train-all.js';
import { openDb, type Db } from '../core/store/db.js';
import { isoToDay } from '../core/store/kinds.js';
import { generateSampleShop, SAMPLE_FILES } from '../sample-data/generator.js';
import { SHOP_NAME } from '../sample-data/plan.js';

const opts = { seed: 42, signal: new AbortController().signal, progress() {} };
let dir: string;
let dbPath: string;
let db: Db;
let truth: { anomalies: Array<{ date: string; kind: string; sku: string | null; magnitude: number }> };
const labelled = (kind: string) => truth.anomalies.find((t) => t.kind === kind)!;
const round2 = (x: number) => Math.round(x * 100) / 100;
const dayIndex = (start: number, iso: string) => daysBetween(start, isoToYmd(iso));

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tillsight-anomalies-forecast-'));
  await generateSampleShop({ out: path.join(dir, 'shop'), days: 400 });
  truth = JSON.parse(fs.readFileSync(path.join(dir, 'shop', SAMPLE_FILES.truth), 'utf8')) as typeof truth;
  dbPath = path.join(dir, 'sample.db');
  db = openDb(dbPath);
  await importFile(db, path.join(dir, 'shop', SAMPLE_FILES.products));
  await importFile(db, path.join(dir, 'shop', SAMPLE_FILES.square));
  await importFile(db, path.join(dir, 'shop', SAMPLE_FILES.shopify), { store: `${SHOP_NAME} Online` });
});

after(() => {
  db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test("a training stores the forecast's expected value of each past day, and its anomaly run judges the shop's day against it", async () => {
  const kinds = modelSpecs.map((s) => s.kind);
  assert.ok(kinds.indexOf('forecast') < kinds.indexOf('anomalies'), 'the forecast trains before the anomalies');
  const result = await trainAll(db, [forecastModel, anomaliesModel], opts);
  for (const r of result.runs) assert.equal(r.status, 'ok', `${r.kind}: ${r.error ?? ''}`);
  const [forecastRun, anomalyRun] = result.runs;

  // Stored: one value per past trading day after the warm-up, as the run's metrics count them.
  const stored = readForecastExpected(db, forecastRun.id);
  const fm = forecastRun.metrics.expected as { model: string; days: number; cleaned: number };
  assert.equal(stored.size, fm.days);
  assert.ok(stored.size > 300, `${stored.size} days have an expected value`);
  for (const v of stored.values()) assert.ok(Number.isFinite(v) && v > 0);

  // The anomaly run of the same training read them: the forecast run just trained.
  assert.equal(anomalyRun.params.baseline, 'forecast');
  assert.equal(anomalyRun.params.forecastRun, forecastRun.id);
  const against = anomalyRun.metrics.shopDaysAgainst as { forecast: number; baseline: number };
  assert.ok(against.forecast > 300 && against.baseline < 40, JSON.stringify(against));
  assert.match(String(anomalyRun.params.baselineNote), new RegExp(`judged against forecast run ${forecastRun.id}'s expected values`));

  // Deterministic: the same data and seed score the same anomalies again.
  const again = await Promise.all([0, 1].map(() => trainAnomalies(readAnomalyData(db), opts)));
  assert.deepEqual(again[0].outputs, again[1].outputs);
  const byDate = (xs: Array<{ date: string; expected: number }>) => xs.map((a) => `${a.date} ${a.expected}`).sort();
  assert.deepEqual(
    byDate(again[0].outputs.anomalies.filter((a) => a.scope === 'total')),
    byDate(listAnomalies(db, { scope: 'total', includeExplained: true }).anomalies),
    'as the run stored them',
  );

  // The labelled spike and drop: found, in their direction, their expected value the forecast's for that day.
  db.pragma('wal_checkpoint(TRUNCATE)');
  const cli = JSON.parse(
    execFileSync(process.execPath, [path.join(ROOT, 'bin', 'tillsight.js'), 'anomalies', '--db', dbPath, '--scope', 'total', '--json'], { encoding: 'utf8' }),
  ) as { anomalies: Array<{ date: string; expected: number; actual: number; direction: string; explanation: string }> };
  const list = listAnomalies(db, { scope: 'total' }).anomalies;
  for (const kind of ['spike', 'drop']) {
    const t = labelled(kind);
    const a = list.find((x) => x.date === t.date);
    assert.ok(a, `${kind} on ${t.date} not flagged`);
    assert.equal(a.direction, kind);
    const expected = stored.get(isoToDay(t.date));
    assert.ok(expected !== undefined, `the forecast has an expected value for ${t.date}`);
    assert.equal(a.expected, round2(expected));
    // Judged the evening before: the day is not in its own expectation (the truth's factor, give or take the day's noise).
    const ratio = a.actual / expected;
    assert.ok(ratio > t.magnitude * 0.7 && ratio < t.magnitude * 1.4, `${kind}: ${a.actual} / ${expected} against ×${t.magnitude}`);
    const rank = list.findIndex((x) => x.date === t.date);
    assert.ok(rank < 5, `${kind} on ${t.date} ranked ${rank + 1}`);
    const fromCli = cli.anomalies.find((x) => x.date === t.date);
    assert.equal(fromCli?.expected, round2(expected), 'tillsight anomalies --json quotes the same expected value');
    if (kind === 'drop') assert.match(a.explanation, new RegExp(`\\([^\\d(]*${Math.round(expected).toLocaleString('en')} expected\\)$`));
  }
});

test('a day marked as an error is left out of forecast training and the run says so; an explained day is not; only error marks make the models stale', async () => {
  const typo = labelled('till-typo');
  const spike = labelled('spike');
  const kinds = ['forecast', 'anomalies'];
  const plain = readForecastData(db)!;
  assert.deepEqual(plain.excludedDays, []);
  assert.deepEqual(staleKinds(db, kinds), [], 'trained on the current data');

  const explained = markAnomaly(db, { date: spike.date, scope: 'total' }, 'explained', 'author signing');
  assert.deepEqual(explained, { changed: true, trainingDaysChanged: false });
  assert.deepEqual(staleKinds(db, kinds), [], 'an explained day changes no training data');
  const marked = markAnomaly(db, { date: typo.date, scope: 'line', subject: `${typo.sku} R1` }, 'error', 'keyed 100 for 1');
  assert.deepEqual(marked, { changed: true, trainingDaysChanged: true });
  assert.deepEqual(staleKinds(db, kinds), kinds, 'an error mark makes every model stale');

  const data = readForecastData(db)!;
  const i = dayIndex(data.start, typo.date);
  assert.deepEqual(data.excludedDays, [isoToDay(typo.date)]);
  // The stand-in, computed here: the median of the same weekday over the 4 weeks before.
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return (s[1] + s[2]) / 2;
  };
  const standIn = (v: Float64Array) => median([1, 2, 3, 4].map((w) => v[i - 7 * w]));
  assert.ok(i >= 28);
  assert.equal(data.total[i], standIn(plain.total));
  assert.notEqual(data.total[i], plain.total[i]);
  const product = (d: typeof data) => d.products.find((p) => p.sku === typo.sku)!;
  assert.ok(product(plain).units[i] >= 100, `the planted line: ${product(plain).units[i]} units`);
  assert.equal(product(data).units[i], standIn(product(plain).units));
  assert.ok(product(data).units[i] < 100);
  assert.ok(Number.isNaN(product(data).prices[i]), "the day's price is unknown");
  for (const c of data.categories) assert.equal(c.values[i], standIn(plain.categories.find((x) => x.name === c.name)!.values), c.name);
  // Every other day as it was, the explained spike included.
  for (let d = 0; d < data.total.length; d++) if (d !== i) assert.equal(data.total[d], plain.total[d], `day ${d}`);
  const j = dayIndex(data.start, spike.date);
  assert.equal(data.total[j], plain.total[j]);

  const result = await trainAll(db, [forecastModel], opts);
  assert.equal(result.runs[0].status, 'ok', result.runs[0].error ?? '');
  assert.deepEqual(result.runs[0].params.excludedDays, [typo.date]);
  const run = latestGoodRun(db, 'forecast')!;
  const history = historyOf(readSeriesRows(db, run.id, 'total')[0]);
  assert.equal(history.find((h) => h.date === typo.date)?.value, standIn(plain.total), "the total's training series holds the stand-in");

  // A second error mark on the same day changes nothing; taking the last one away does.
  assert.equal(markAnomaly(db, { date: typo.date, scope: 'total' }, 'error').trainingDaysChanged, false);
  assert.equal(unmarkAnomaly(db, { date: typo.date, scope: 'total' }).trainingDaysChanged, false);
  assert.equal(markAnomaly(db, { date: typo.date, scope: 'line', subject: `${typo.sku} R1` }, 'explained').trainingDaysChanged, true, 'error → explained');
  assert.deepEqual(readForecastData(db)!.excludedDays, []);
  assert.equal(markAnomaly(db, { date: typo.date, scope: 'line', subject: `${typo.sku} R1` }, 'error').trainingDaysChanged, true, 'explained → error');
  assert.deepEqual(unmarkAnomaly(db, { date: typo.date, scope: 'line', subject: `${typo.sku} R1` }), { changed: true, trainingDaysChanged: true });
  assert.deepEqual(unmarkAnomaly(db, { date: typo.date, scope: 'line', subject: `${typo.sku} R1` }), { changed: false, trainingDaysChanged: false });
  assert.deepEqual(readForecastData(db)!.excludedDays, []);
});
