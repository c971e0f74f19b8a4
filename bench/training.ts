/**
 * Training: every model kind on the real shop, and whether the dashboards stay
 * responsive while it runs.
 *
 *   node dist/bench/training.js [--db PATH] [--runs 3] [--json]
 *
 * 1. `tillsight train` as a whole process on the real Online Retail data (imported first when --db
 *    is new): wall time, CPU time (user + system, from /usr/bin/time) and peak memory; each kind's
 *    own time and peak memory from the registry. Targets: under 60 s, under 1 GB.
 * 2. Responsiveness: the same host the app uses (callApi on the host's connection) answers every
 *    dashboard view, first with nothing else running (the reference, same process), then while a
 *    training runs in its worker thread. Target: every view within 200 ms during training.
 *    The dashboard cache is off, so every call computes.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { setDashboardCache } from '../core/analytics/cache.js';
import { callApi, type ApiContext } from '../core/api/index.js';
import { TrainingScheduler } from '../core/jobs/training.js';
import { listRuns } from '../core/models/registry.js';
import { modelSpecs } from '../core/models/kinds.js';
import { openDb } from '../core/store/db.js';
import { DASHBOARD_VIEWS, ROOT, median, realDataCsv, timedCli, type TimedRun } from './common.js';

const CLI = path.join(ROOT, 'bin', 'tillsight.js');
const { values } = parseArgs({ options: { db: { type: 'string' }, runs: { type: 'string', default: '3' }, json: { type: 'boolean', default: false } } });

function timed(args: string[]): TimedRun {
  const r = timedCli(args);
  if (r.status !== 0) process.stderr.write(r.stderr);
  return r;
}

async function viewTimes(ctx: ApiContext, until: () => boolean): Promise<Map<string, number[]>> {
  const times = new Map<string, number[]>();
  do {
    for (const [method, input, variant] of DASHBOARD_VIEWS) {
      const t = performance.now();
      await callApi(ctx, method, input);
      const key = `${method}${variant ? ` (${variant})` : ''}`;
      times.set(key, [...(times.get(key) ?? []), performance.now() - t]);
      await new Promise((r) => setImmediate(r)); // let the worker's messages through, as a server's event loop would
    }
  } while (!until());
  return times;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tillsight-bench-train-'));
  const dbPath = values.db ?? path.join(dir, 'real.db');
  if (!fs.existsSync(dbPath)) {
    const csv = realDataCsv();
    if (!csv) {
      process.stdout.write('training bench skipped: ../shared/data/online-retail.csv.gz is absent\n');
      return;
    }
    const r = spawnSync(process.execPath, [CLI, 'import', csv, '--db', dbPath], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error('import failed');
  }
  const out: Record<string, unknown> = { kinds: modelSpecs.map((s) => s.kind) };
  const log = (s: string) => values.json || process.stdout.write(s + '\n');

  // 1. The whole process.
  const runs = Number(values.runs);
  const whole: Array<ReturnType<typeof timed>> = [];
  for (let i = 0; i < runs; i++) whole.push(timed(['train', '--db', dbPath]));
  const db = openDb(dbPath);
  const perKind = modelSpecs.map((s) => {
    const r = listRuns(db, { kind: s.kind, limit: runs });
    return {
      kind: s.kind,
      status: r.map((x) => x.status),
      medianS: median(r.map((x) => (x.durationMs ?? 0) / 1000)),
      peakRssMb: Math.max(...r.map((x) => x.peakRssMb ?? 0)),
    };
  });
  out.train = {
    wallS: median(whole.map((w) => w.wallS)),
    cpuS: median(whole.map((w) => w.cpuS)),
    maxRssMb: Math.max(...whole.map((w) => w.maxRssMb)),
    perKind,
  };
  log(
    `tillsight train, median of ${runs}: ${median(whole.map((w) => w.wallS)).toFixed(1)} s wall, ${median(whole.map((w) => w.cpuS)).toFixed(1)} s CPU, peak ${Math.max(...whole.map((w) => w.maxRssMb))} MB (targets: < 60 s, < 1 GB)`,
  );
  for (const k of perKind) log(`  ${k.kind}: ${k.medianS.toFixed(1)} s, peak ${k.peakRssMb} MB, ${k.status.join(' ')}`);

  // 2. Dashboards while training runs, beside the same views with nothing running.
  setDashboardCache(false);
  const ctx: ApiContext = { db, dbPath, uploadDir: dir, emitProgress: () => undefined };
  let rounds = 0;
  const idle = await viewTimes(ctx, () => ++rounds >= 3);
  const scheduler = new TrainingScheduler(db, dbPath, () => undefined, 0);
  let finished = false;
  const training = scheduler.trainNow('bench').finally(() => (finished = true));
  const busy = await viewTimes(ctx, () => finished);
  await training;
  const rows = [...idle.keys()].map((k) => ({
    view: k,
    idleMedianMs: median(idle.get(k)!),
    busyMedianMs: median(busy.get(k)!),
    busyMaxMs: Math.max(...busy.get(k)!),
    calls: busy.get(k)!.length,
  }));
  out.responsiveness = rows;
  log('\nDashboard views (ms): idle median | during training median, max (calls)');
  for (const r of rows)
    log(
      `  ${r.view.padEnd(36)} ${r.idleMedianMs.toFixed(1).padStart(7)} | ${r.busyMedianMs.toFixed(1).padStart(7)} ${r.busyMaxMs.toFixed(1).padStart(7)} (${r.calls})`,
    );
  const worst = Math.max(...rows.map((r) => r.busyMaxMs));
  log(`worst view during training: ${worst.toFixed(0)} ms (target: within 200 ms)`);
  if (values.json) process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

await main();
