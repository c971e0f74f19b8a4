/**
 * Customer segments and value, measured (node dist/bench/segments.js [--db PATH] [--runs N]):
 *  1. segmenting the real shop's 4,372 customers: wall and CPU time (target < 5 s), median of N runs;
 *  2. cluster quality against scikit-learn's KMeans (k-means++, n_init=10) at each k from 3 to 8, in the
 *     app's own feature space, both scored by scikit-learn's silhouette_score on all points (target ≥ 95%);
 *  3. the BG/NBD time split on the real data: fit to 2011-08-31, predict 2011-09-01 … 2011-12-09 per
 *     customer, against the naive "same rate as before";
 *  4. the sample shop: adjusted Rand index of the segments against its customers' true archetypes.
 * scikit-learn is installed here if missing (apt-get install -y python3-sklearn), never by the app.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importFile } from '../core/import/pipeline.js';
import { readSegmentsData } from '../core/models/data/segments.js';
import { adjustedRandIndex } from '../core/models/segments/ari.js';
import { chooseK } from '../core/models/segments/choose-k.js';
import { customerFigures, dayNumber, isoOfDay } from '../core/models/segments/history.js';
import { bestKmeans } from '../core/models/segments/kmeans.js';
import { rfmFeatures } from '../core/models/segments/rfm.js';
import { trainSegments } from '../core/models/segments/train.js';
import { validateTimeSplit } from '../core/models/segments/validation.js';
import { openDb } from '../core/store/db.js';
import { median, realDataCsv, ROOT } from './common.js';
import { sampleShopForSegments } from './segments-sample.js';

const argv = process.argv.slice(2);
const opt = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const RUNS = Number(opt('--runs') ?? 3);
const SEED = 42;
const ctx = { seed: SEED, signal: new AbortController().signal, progress: () => {} };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tillsight-bench-segments-'));

function timed<T>(fn: () => T): { value: T; wallS: number; cpuS: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const c = process.cpuUsage(c0);
  return { value, wallS: (performance.now() - t0) / 1000, cpuS: (c.user + c.system) / 1e6 };
}

// Debian's Python, where apt-get puts python3-sklearn (a python3 earlier on PATH, such as pyenv's, would not see it).
const PYTHON = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

function ensureSklearn(): boolean {
  const probe = () => spawnSync(PYTHON, ['-c', 'import sklearn'], { stdio: 'ignore' }).status === 0;
  if (probe()) return true;
  console.log('scikit-learn missing: apt-get install -y python3-sklearn');
  spawnSync('apt-get', ['install', '-y', 'python3-sklearn'], { stdio: 'inherit' });
  return probe();
}

async function timedAsync<T>(fn: () => Promise<T>): Promise<{ value: T; wallS: number; cpuS: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const c = process.cpuUsage(c0);
  return { value, wallS: (performance.now() - t0) / 1000, cpuS: (c.user + c.system) / 1e6 };
}

const f3 = (v: number) => v.toFixed(3);
const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

async function main() {
  let dbPath = opt('--db');
  if (!dbPath) {
    const csv = realDataCsv();
    if (!csv) {
      console.log('bench/segments: the real data is missing (../shared/data/online-retail.csv.gz)');
      return;
    }
    dbPath = path.join(tmp, 'real.db');
    const db = openDb(dbPath);
    await importFile(db, csv);
    db.close();
  }
  const db = openDb(dbPath);
  const data = readSegmentsData(db);
  db.close();
  console.log(`Real data: ${data.history.ids.length} customers; ${data.walkIn.orders} orders without a customer (counted apart).\n`);

  // 1. Segmenting time: figures → features → k search (3–8) with restarts and silhouettes.
  const runs = Array.from({ length: RUNS }, () => timed(() => chooseK(rfmFeatures(customerFigures(data.history)).points, { seed: SEED })));
  const choice = runs[0].value;
  console.log(
    `1. Segmenting ${data.history.ids.length} customers (k from 3 to 8, 4 restarts each, 10 for the chosen k, silhouette on 2,000): ` +
      `median ${median(runs.map((r) => r.wallS)).toFixed(2)} s wall, ${median(runs.map((r) => r.cpuS)).toFixed(2)} s CPU over ${RUNS} runs (target < 5 s); chose k = ${choice.clustering.k} ` +
      `(silhouette ${f3(choice.silhouette)}, elbow at ${choice.elbowK}).`,
  );
  const whole = await timedAsync(() => trainSegments(data, ctx));
  console.log(
    `   The whole training (segments, BG/NBD, Gamma-Gamma, at-risk, time-split check): ${whole.wallS.toFixed(2)} s wall, ${whole.cpuS.toFixed(2)} s CPU.\n`,
  );

  // 2. Against scikit-learn at every k, in the same feature space, scored by the same silhouette_score.
  const points = rfmFeatures(customerFigures(data.history)).points;
  const ks = [3, 4, 5, 6, 7, 8];
  const ours = timed(() => ks.map((k) => bestKmeans(points, k, SEED, 10)));
  if (ensureSklearn()) {
    fs.writeFileSync(path.join(tmp, 'features.csv'), points.map((p) => p.join(',')).join('\n') + '\n');
    fs.writeFileSync(path.join(tmp, 'ours.csv'), points.map((_, i) => ours.value.map((c) => c.labels[i]).join(',')).join('\n') + '\n');
    fs.writeFileSync(path.join(tmp, 'ks.txt'), ks.join(' '));
    const t0 = performance.now();
    const py = spawnSync(PYTHON, [path.join(ROOT, 'bench', 'segments_sklearn.py'), tmp], { encoding: 'utf8' });
    const pyWall = (performance.now() - t0) / 1000;
    if (py.status !== 0) throw new Error(`scikit-learn failed: ${py.stderr}`);
    const sk = JSON.parse(py.stdout) as {
      ks: Array<{ k: number; sklearnSilhouette: number; oursSilhouette: number; sklearnInertia: number; fitWallS: number; fitCpuS: number }>;
      cpuS: number;
    };
    console.log("2. Cluster quality in the app's feature space (silhouette_score on all points for both):");
    console.log('   k | ours (ml-kmeans, 10 restarts) | scikit-learn KMeans (n_init=10) | ours / sklearn | inertia ours / sklearn');
    for (const [i, s] of sk.ks.entries()) {
      const mark = s.k === choice.clustering.k ? '  ← chosen' : '';
      console.log(
        `   ${s.k} | ${f3(s.oursSilhouette)} | ${f3(s.sklearnSilhouette)} | ${pct(s.oursSilhouette / s.sklearnSilhouette)} | ${(ours.value[i].inertia / s.sklearnInertia).toFixed(4)}${mark}`,
      );
    }
    const skFit = sk.ks.reduce((a, s) => a + s.fitCpuS, 0);
    console.log(
      `   k-means at the 6 k with 10 restarts each: ours ${ours.wallS.toFixed(2)} s wall / ${ours.cpuS.toFixed(2)} s CPU; ` +
        `scikit-learn ${sk.ks.reduce((a, s) => a + s.fitWallS, 0).toFixed(2)} s wall / ${skFit.toFixed(2)} s CPU for its fits ` +
        `(whole Python process with the full silhouettes: ${pyWall.toFixed(2)} s wall, ${sk.cpuS.toFixed(2)} s CPU).\n`,
    );
  } else {
    console.log('2. scikit-learn could not be installed: comparison skipped.\n');
  }

  // 3. BG/NBD on the held-out months.
  const v = validateTimeSplit(data.history, dayNumber('2011-08-31'), dayNumber('2011-12-09'));
  console.log(
    `3. BG/NBD time split: fitted to ${v.cutoff} on ${v.customers} customers (r ${f3(v.params.r)}, α ${f3(v.params.alpha)}, a ${v.params.a.toExponential(2)}, b ${v.params.b.toFixed(1)}), ` +
      `predicting each customer's purchase days ${isoOfDay(dayNumber(v.cutoff) + 1)} … ${v.end} (${v.holdoutDays} days); actual ${v.actualTotal}.`,
  );
  console.log('   | total | aggregate error | MAE | RMSE | correlation');
  for (const [name, e] of [
    ['BG/NBD', v.model],
    ['naive (x / T)', v.naive],
  ] as const) {
    console.log(`   ${name} | ${e.total.toFixed(0)} | ${pct(e.aggregateError)} | ${f3(e.mae)} | ${f3(e.rmse)} | ${f3(e.correlation)}`);
  }
  console.log('   By repeat purchases before the cut-off (actual / BG/NBD / naive):');
  for (const b of v.byRepeatPurchases)
    console.log(`     ${b.bucket.padEnd(4)} ${String(b.customers).padStart(5)} customers: ${b.actual} / ${b.model.toFixed(0)} / ${b.naive.toFixed(0)}`);
  console.log('');

  // 4. The sample shop's archetypes.
  if (!argv.includes('--no-sample')) {
    const shop = await sampleShopForSegments(path.join(tmp, 'sample'));
    const sdata = readSegmentsData(shop.db);
    shop.db.close();
    for (const k of [undefined, 5]) {
      const r = await trainSegments(sdata, ctx, { k, validate: false });
      const c = r.outputs.customers;
      const truth: string[] = [],
        got: number[] = [];
      c.ids.forEach((id, i) => {
        const a = shop.archetypes.get(id);
        if (a) {
          truth.push(a);
          got.push(c.segment[i]);
        }
      });
      console.log(
        `4. Sample shop (${truth.length} known customers, 5 archetypes), ${k ? `k = ${k}` : `k chosen = ${String(r.metrics.k)}`}: ` +
          `adjusted Rand index ${f3(adjustedRandIndex(truth, got))}, silhouette ${f3(r.metrics.silhouette as number)}; segments ${r.outputs.segments.map((s) => `${s.label} ${s.size}`).join(', ')}.`,
      );
    }
  }
  fs.rmSync(tmp, { recursive: true, force: true });
}

await main();
