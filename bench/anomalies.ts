/**
 * The anomaly model against scikit-learn, in one run (`node dist/bench/anomalies.js`):
 *  - ROC AUC of our isolation forest and of scikit-learn's IsolationForest on the SAME feature
 *    matrices (100 trees, ψ = 256, five seeds each): the sample shop's labelled anomalies (its
 *    truth.json: a spike, a drop, three till typos, a refund burst) and spikes (×3) and drops
 *    (to a third) injected into the real data on ordinary Tuesdays to Thursdays, February to
 *    October, away from public holidays. The shop's days are judged as the app judges them,
 *    against the forecast's expected values (the shop total's level of a forecast trained on
 *    the same data, injected days included: what a training stores), and for comparison against
 *    the seasonal baseline alone (a database where no forecast has run);
 *  - precision and recall of the shop-level anomalies reported on the sample shop, and where the
 *    injected days rank among those reported on the real data, with their directions;
 *  - the time to read and score the real year (target under 10 s), wall and CPU, beside
 *    scikit-learn's fit + score time on the same five matrices.
 * Installs python3-sklearn with apt-get when it is missing (the bench only, never the app).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb, type Db } from '../core/store/db.js';
import { importFile } from '../core/import/pipeline.js';
import { readAnomalyData } from '../core/models/data/anomalies.js';
import { readForecastData } from '../core/models/data/forecast.js';
import { addDaysYmd, daysBetween, isoToYmd, ymdToIso } from '../core/models/forecast/days.js';
import { trainForecast } from '../core/models/forecast/train.js';
import type { ForecastData } from '../core/models/forecast/types.js';
import {
  dayFeatures,
  lineFeatures,
  productDayFeatures,
  productRefundFeatures,
  refundDayFeatures,
  weekdayOf,
  type FeatureSet,
} from '../core/models/anomalies/features.js';
import { isolationScores } from '../core/models/anomalies/forest.js';
import { trainAnomalies } from '../core/models/anomalies/train.js';
import type { AnomalyData } from '../core/models/anomalies/types.js';
import { mulberry32 } from '../core/models/random.js';
import { generateSampleShop, SAMPLE_FILES } from '../sample-data/generator.js';
import { SHOP_NAME } from '../sample-data/plan.js';
import { realDataCsv, ROOT } from './common.js';

const SEEDS = [1, 2, 3, 4, 5];
const ctx = (seed = 42) => ({ seed, signal: new AbortController().signal, progress() {} });

/** Debian's python, which python3-sklearn installs into (a pyenv or venv python3 earlier on PATH would not see it). */
const PYTHON = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

function ensureSklearn(): void {
  if (spawnSync(PYTHON, ['-c', 'import sklearn'], { stdio: 'ignore' }).status === 0) return;
  console.log('installing python3-sklearn (apt-get) for the reference…');
  execFileSync('apt-get', ['install', '-y', 'python3-sklearn'], { stdio: 'inherit' });
}

/** ROC AUC by the Mann–Whitney statistic, ties counted half. */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<boolean>): number {
  const idx = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let rankSumPos = 0;
  let pos = 0;
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]] === scores[idx[i]]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++)
      if (labels[idx[k]]) {
        rankSumPos += rank;
        pos++;
      }
    i = j + 1;
  }
  const neg = scores.length - pos;
  return pos && neg ? (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg) : NaN;
}

interface Case {
  name: string;
  set: FeatureSet;
  labels: boolean[];
}

interface Truth {
  anomalies: Array<{ date: string; kind: string; sku: string | null }>;
  calendar: { specialDays: Array<{ date: string; name: string }> };
  demand: { promotions: Array<{ name: string; from: string; to: string }> };
}

async function sampleShop(dir: string): Promise<{ db: Db; truth: Truth }> {
  const out = path.join(dir, 'shop');
  await generateSampleShop({ out });
  const db = openDb(path.join(dir, 'sample.db'));
  await importFile(db, path.join(out, SAMPLE_FILES.products));
  await importFile(db, path.join(out, SAMPLE_FILES.square));
  await importFile(db, path.join(out, SAMPLE_FILES.shopify), { store: `${SHOP_NAME} Online` });
  return { db, truth: JSON.parse(fs.readFileSync(path.join(out, SAMPLE_FILES.truth), 'utf8')) as Truth };
}

/**
 * The forecast's expected net sales for each of `dates`, as a training stores them: the shop
 * total's level (the one the anomalies read; the other levels do not change it).
 */
async function forecastExpected(data: ForecastData, dates: string[]): Promise<Float64Array> {
  const r = await trainForecast(data, ctx(), { levels: ['total'] });
  const index = new Map(dates.map((d, i) => [d, i]));
  const out = new Float64Array(dates.length).fill(NaN);
  const ex = r.outputs.expected;
  if (!ex) throw new Error('the forecast stored no expected values');
  for (let i = 0; i < ex.length; i++) {
    const j = index.get(ymdToIso(addDaysYmd(data.start, i)));
    if (j !== undefined) out[j] = ex[i];
  }
  return out;
}

/** Ordinary days of the real data, far apart, multiplied by 3 (spikes) or 1/3 (drops), net sales and orders alike. */
function inject(data: AnomalyData, count: number, seed: number): { data: AnomalyData; injected: Map<number, 'spike' | 'drop'> } {
  const holidays = data.holidays.map((h) => data.dates.indexOf(h)).filter((i) => i >= 0);
  const candidates = data.dates
    .map((d, i) => ({ d, i }))
    .filter(({ d, i }) => {
      const w = weekdayOf(d);
      const m = Number(d.slice(5, 7));
      return w >= 1 && w <= 3 && m >= 2 && m <= 10 && data.days.lines[i] > 0 && holidays.every((h) => Math.abs(h - i) > 3);
    });
  const r = mulberry32(seed);
  for (let i = candidates.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [candidates[i], candidates[j]] = [candidates[j], candidates[i]];
  }
  const injected = new Map<number, 'spike' | 'drop'>();
  for (const c of candidates) {
    if (injected.size >= count) break;
    if ([...injected.keys()].some((k) => Math.abs(k - c.i) < 10)) continue;
    injected.set(c.i, injected.size % 2 ? 'drop' : 'spike');
  }
  const net = Float64Array.from(data.days.net);
  const orders = Float64Array.from(data.days.orders);
  for (const [i, dir] of injected) {
    const f = dir === 'spike' ? 3 : 1 / 3;
    net[i] *= f;
    orders[i] = Math.round(orders[i] * f);
  }
  return { data: { ...data, days: { ...data.days, net, orders } }, injected };
}

function writeMatrix(dir: string, name: string, set: FeatureSet): void {
  fs.writeFileSync(path.join(dir, `${name}.f64`), new Uint8Array(set.matrix.buffer, set.matrix.byteOffset, set.matrix.byteLength));
  fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify({ rows: set.rows, dims: set.dims }));
}

function sklearn(dir: string, seeds: number[]): Array<{ name: string; seed: number; wall_s: number; cpu_s: number }> {
  const r = spawnSync(PYTHON, [path.join(ROOT, 'bench', 'anomalies_sklearn.py'), dir, ...seeds.map(String)], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`scikit-learn failed: ${r.stderr}`);
  return r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { name: string; seed: number; wall_s: number; cpu_s: number });
}

/** A file of float64s. (A small file's Buffer is a view into Node's shared pool: copy just its bytes.) */
function readF64(file: string): Float64Array {
  const b = fs.readFileSync(file);
  return new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const f3 = (x: number) => x.toFixed(3);

async function main() {
  ensureSklearn();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tillsight-bench-anomalies-'));
  try {
    const cases: Case[] = [];
    // The sample shop and its labels.
    const { db: sdb, truth } = await sampleShop(tmp);
    const sampleAlone = readAnomalyData(sdb);
    const sample: AnomalyData = { ...sampleAlone, expected: await forecastExpected(readForecastData(sdb)!, sampleAlone.dates) };
    sdb.close();
    const dayLabel = new Set(truth.anomalies.filter((a) => a.kind === 'spike' || a.kind === 'drop').map((a) => a.date));
    for (const [name, data] of [
      ['sample-shop-days', sample],
      ['sample-shop-days-baseline', sampleAlone],
    ] as const) {
      const totals = dayFeatures(data, data.expected);
      cases.push({ name, set: totals, labels: Array.from(totals.source, (i) => dayLabel.has(sample.dates[i])) });
    }
    const typos = new Set(truth.anomalies.filter((a) => a.kind === 'till-typo').map((a) => `${a.date} ${a.sku}`));
    const lines = lineFeatures(sample);
    cases.push({
      name: 'sample-lines',
      set: lines,
      labels: Array.from(
        lines.source,
        (k) => sample.lines.quantity[k] === 100 && typos.has(`${sample.dates[sample.lines.day[k]]} ${sample.products[sample.lines.product[k]].sku}`),
      ),
    });
    const bursts = new Set(truth.anomalies.filter((a) => a.kind === 'refund-burst').map((a) => `${a.date} ${a.sku}`));
    const refunds = productRefundFeatures(sample);
    cases.push({
      name: 'sample-product-refunds',
      set: refunds,
      labels: Array.from(refunds.source, (k) => bursts.has(`${sample.dates[sample.productDays.day[k]]} ${sample.products[sample.productDays.product[k]].sku}`)),
    });

    // The real year, read and scored as the app does, timed.
    const csv = realDataCsv();
    if (!csv) throw new Error('the real data is needed: ../shared/data/online-retail.csv.gz');
    const rdb = openDb(path.join(tmp, 'real.db'));
    await importFile(rdb, csv);
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    const real = readAnomalyData(rdb);
    const w1 = performance.now();
    const c1 = process.cpuUsage(c0);
    const trained = await trainAnomalies(real, ctx());
    const w2 = performance.now();
    const c2 = process.cpuUsage(c0);
    const realForecastData = readForecastData(rdb)!;
    rdb.close();

    const { data: injectedAlone, injected } = inject(real, 16, 7);
    // The forecast trained on the injected days too, as it would be had they happened.
    const injectedTotal = Float64Array.from(realForecastData.total);
    for (const i of injected.keys()) {
      injectedTotal[daysBetween(realForecastData.start, isoToYmd(injectedAlone.dates[i]))] = injectedAlone.days.net[i];
    }
    const injectedData: AnomalyData = {
      ...injectedAlone,
      expected: await forecastExpected({ ...realForecastData, total: injectedTotal }, injectedAlone.dates),
    };
    const realDays = dayFeatures(injectedData, injectedData.expected);
    const realDaysAlone = dayFeatures(injectedAlone);
    cases.push({ name: 'real-injected-days', set: realDays, labels: Array.from(realDays.source, (i) => injected.has(i)) });
    cases.push({ name: 'real-injected-baseline', set: realDaysAlone, labels: Array.from(realDaysAlone.source, (i) => injected.has(i)) });

    // Same matrices to scikit-learn.
    const mdir = path.join(tmp, 'matrices');
    fs.mkdirSync(mdir);
    for (const c of cases) writeMatrix(mdir, c.name, c.set);
    sklearn(mdir, SEEDS);
    console.log('\nROC AUC on the same feature matrices (100 trees, ψ = 256; mean over seeds 1–5, min–max):');
    console.log('  matrix                     rows  positives   ours                   scikit-learn           difference');
    for (const c of cases) {
      const ours = SEEDS.map((s) => rocAuc(isolationScores(c.set.matrix, c.set.dims, { seed: s }), c.labels));
      const theirs = SEEDS.map((s) => rocAuc(readF64(path.join(mdir, `${c.name}.sk${s}.f64`)), c.labels));
      console.log(
        `  ${c.name.padEnd(24)} ${String(c.set.rows).padStart(7)} ${String(c.labels.filter(Boolean).length).padStart(9)}   ${f3(mean(ours))} (${f3(Math.min(...ours))}–${f3(Math.max(...ours))})   ${f3(mean(theirs))} (${f3(Math.min(...theirs))}–${f3(Math.max(...theirs))})   ${(mean(ours) - mean(theirs)).toFixed(4)}`,
      );
    }

    // What the owner sees: the reported shop-level anomalies; against the forecast as the app
    // judges them, then against the seasonal baseline alone for comparison.
    // What else the generator put on a reported day: a product-level anomaly (it moves the day's
    // total too), a special day of its calendar (Black Friday, short hours) or a promotion.
    const cause = (date: string): string => {
      if (dayLabel.has(date)) return 'LABELLED';
      const other = truth.anomalies.find((t) => t.date === date);
      if (other) return `labelled ${other.kind} (product level)`;
      const special = truth.calendar.specialDays.find((s) => s.date === date);
      if (special) return `special day: ${special.name}`;
      const promo = truth.demand.promotions.find((p) => date >= p.from && date <= p.to);
      return promo ? `promotion: ${promo.name}` : '';
    };
    for (const [label, data] of [
      ["against the forecast's expected values", sample],
      ['against the seasonal baseline alone', sampleAlone],
    ] as const) {
      const sampleTrained = await trainAnomalies(data, ctx());
      const reported = sampleTrained.outputs.anomalies.filter((a) => a.scope === 'total');
      const hits = reported.filter((a) => dayLabel.has(a.date));
      const rightWay = hits.filter((a) => truth.anomalies.find((t) => t.date === a.date)!.kind === a.direction);
      console.log(`\nSample shop, ${label}: shop-level anomalies reported: ${reported.length}; labelled: ${dayLabel.size}`);
      console.log(
        `  precision ${f3(hits.length / Math.max(reported.length, 1))}, recall ${f3(hits.length / dayLabel.size)}, right direction ${rightWay.length} of ${hits.length}`,
      );
      for (const k of [2, 5]) {
        const top = reported.slice(0, k).filter((a) => dayLabel.has(a.date)).length;
        console.log(`  top ${k}: precision ${f3(top / k)}, recall ${f3(top / dayLabel.size)}`);
      }
      const withCause = reported.filter((a) => cause(a.date) !== '').length;
      console.log(
        `  with a cause the generator knows (a labelled anomaly of any scope, a special day, a promotion): ${withCause} of ${reported.length} (${f3(withCause / Math.max(reported.length, 1))})`,
      );
      for (const [i, a] of reported.entries())
        console.log(`  ${i + 1}. ${f3(a.score)} ${a.direction.padEnd(5)} ${a.explanation}${cause(a.date) ? `  [${cause(a.date)}]` : ''}`);
    }

    for (const [label, data, days] of [
      ["against the forecast's expected values", injectedData, realDays],
      ['against the seasonal baseline alone', injectedAlone, realDaysAlone],
    ] as const) {
      const realTrained = await trainAnomalies(data, ctx());
      const realReported = realTrained.outputs.anomalies.filter((a) => a.scope === 'total');
      let found = 0;
      let right = 0;
      const ranks: number[] = [];
      for (const [i, dir] of injected) {
        const rank = realReported.findIndex((a) => a.date === data.dates[i]);
        if (rank >= 0) {
          found++;
          ranks.push(rank + 1);
          if (realReported[rank].direction === dir) right++;
        }
      }
      console.log(
        `\nReal data with ${injected.size} injected days (${[...injected.values()].filter((d) => d === 'spike').length} spikes ×3, the rest drops to a third), ${label}:`,
      );
      const scores = isolationScores(days.matrix, days.dims, { seed: 42 });
      for (const [i, dir] of injected) {
        const r = Array.from(days.source).indexOf(i);
        console.log(`    ${data.dates[i]} ${dir.padEnd(5)} z ${days.z[r].toFixed(2)} score ${scores[r].toFixed(3)}`);
      }
      const order = Array.from(scores.keys()).sort((a, b) => scores[b] - scores[a]);
      const injectedRows = new Set(Array.from(days.source.keys()).filter((r) => injected.has(days.source[r])));
      for (const k of [16, 32])
        console.log(
          `  injected among the ${k} highest-scored days (seed 42): ${order.slice(0, k).filter((r) => injectedRows.has(r)).length} of ${injected.size}`,
        );
      console.log(
        `  reported shop-level anomalies: ${realReported.length}; injected among them: ${found} of ${injected.size} (ranks ${ranks.sort((a, b) => a - b).join(', ')}), right direction: ${right} of ${found}`,
      );
    }

    const skReal = sklearnTiming(tmp, real);
    console.log('\nScoring the real year (541,909 lines), one run:');
    console.log(
      `  ours: read ${((w1 - w0) / 1000).toFixed(2)} s wall (${((c1.user + c1.system) / 1e6).toFixed(2)} s CPU), features + forests + sentences ${((w2 - w1) / 1000).toFixed(2)} s wall; total ${((w2 - w0) / 1000).toFixed(2)} s wall, ${((c2.user + c2.system) / 1e6).toFixed(2)} s CPU (target < 10 s)`,
    );
    console.log(
      `  per scope: ${Object.entries(trained.metrics.scopes as Record<string, { rows: number; ms: number }>)
        .map(([k, v]) => `${k} ${v.rows} rows ${v.ms} ms`)
        .join('; ')}`,
    );
    console.log(
      `  scikit-learn IsolationForest fit + score_samples on the same five matrices: ${skReal.wall.toFixed(2)} s wall, ${skReal.cpu.toFixed(2)} s CPU (python process, features not included)`,
    );
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function sklearnTiming(tmp: string, real: AnomalyData): { wall: number; cpu: number } {
  const dir = path.join(tmp, 'real-matrices');
  fs.mkdirSync(dir);
  const sets = {
    days: dayFeatures(real),
    products: productDayFeatures(real),
    refundDays: refundDayFeatures(real),
    productRefunds: productRefundFeatures(real),
    lines: lineFeatures(real),
  };
  for (const [name, set] of Object.entries(sets)) writeMatrix(dir, name, set);
  const runs = sklearn(dir, [42]);
  return { wall: runs.reduce((a, r) => a + r.wall_s, 0), cpu: runs.reduce((a, r) => a + r.cpu_s, 0) };
}

await main();
