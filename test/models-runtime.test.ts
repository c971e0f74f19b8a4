/**
 * The model runtime: the registry (a failed or cancelled run never serves, old
 * runs are pruned with their outputs), the data version moved by imports and
 * undos, training a kind through trainAll, the typed job runner in a real
 * worker thread, and the scheduler's one-at-a-time queue.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb, type Db } from '../core/store/db.js';
import { importFile } from '../core/import/pipeline.js';
import { undoBatch } from '../core/import/undo.js';
import { beginRun, completeRun, currentDataVersion, failRun, latestGoodRun, listRuns, RUNS_KEPT, staleKinds } from '../core/models/registry.js';
import { trainAll } from '../core/models/train-all.js';
import { checkCancelled, defineModel, type TrainContext } from '../core/models/runtime.js';
import { mulberry32 } from '../core/models/random.js';
import { runJob } from '../core/jobs/runner.js';
import { TrainingScheduler } from '../core/jobs/training.js';
import { modelSpecs } from '../core/models/kinds.js';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'tillsight-models-'));

function shopFile(dir: string, name: string, days: number, offset = 0): string {
  const rows = ['InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country'];
  for (let d = 0; d < days; d++) {
    for (let k = 0; k < 3; k++)
      rows.push(`${500000 + offset + d * 10 + k},2${k}000,THING ${k},${1 + ((d + k) % 5)},3/${1 + d}/2011 10:0${k},2.50,${12000 + k}.0,United Kingdom`);
  }
  const file = path.join(dir, name);
  fs.writeFileSync(file, rows.join('\n') + '\n');
  return file;
}

/** A real, tiny model kind for the runtime's tests: each weekday's mean units, trained from the lines. */
function weekdayMeans(db: Db) {
  db.exec('CREATE TABLE IF NOT EXISTS test_weekday_means (run_id INTEGER NOT NULL REFERENCES model_runs(id) ON DELETE CASCADE, weekday INTEGER, mean REAL)');
  return defineModel({
    kind: 'weekday-means',
    title: 'Weekday means',
    read: (d: Db) => d.prepare('SELECT date, sum(quantity) AS units FROM sales_lines GROUP BY date').all() as Array<{ date: number; units: number }>,
    async train(rows, ctx: TrainContext) {
      const sums = new Float64Array(7);
      const counts = new Float64Array(7);
      for (const [i, r] of rows.entries()) {
        checkCancelled(ctx.signal);
        const wd = new Date(Date.UTC(Math.floor(r.date / 10000), (Math.floor(r.date / 100) % 100) - 1, r.date % 100)).getUTCDay();
        sums[wd] += r.units;
        counts[wd] += 1;
        ctx.progress('adding up', i + 1, rows.length);
      }
      const jitter = mulberry32(ctx.seed)(); // the seed reaches the model
      return { outputs: Array.from(sums, (s, i) => (counts[i] ? s / counts[i] : 0)), metrics: { days: rows.length, jitter }, params: { weekdays: 7 } };
    },
    write(d: Db, runId: number, means: number[]) {
      const ins = d.prepare('INSERT INTO test_weekday_means VALUES (?, ?, ?)');
      means.forEach((m, i) => ins.run(runId, i, m));
    },
    dataRange: (rows) => ({ from: rows[0]?.date ?? null, to: rows.at(-1)?.date ?? null }),
  });
}

const quietContext = (signal = new AbortController().signal) => ({ seed: 7, signal, progress: () => undefined });

test('imports and undos move the data version inside their own transaction', async () => {
  const dir = tmp();
  const db = openDb(path.join(dir, 'v.db'));
  assert.equal(currentDataVersion(db), 0);
  const a = await importFile(db, shopFile(dir, 'a.csv', 5));
  assert.equal(currentDataVersion(db), 1);
  await importFile(db, shopFile(dir, 'b.csv', 5, 1000));
  assert.equal(currentDataVersion(db), 2);
  undoBatch(db, a.batchId);
  assert.equal(currentDataVersion(db), 3);
  // A refused file rolls back, and its batch row with it: the version does not move.
  fs.writeFileSync(path.join(dir, 'empty.csv'), 'InvoiceNo,StockCode\n');
  await assert.rejects(importFile(db, path.join(dir, 'empty.csv')));
  assert.equal(currentDataVersion(db), 3);
  db.close();
});

test('trainAll registers a good run with its data, seed, metrics, time and memory, and its outputs serve', async () => {
  const dir = tmp();
  const db = openDb(path.join(dir, 't.db'));
  await importFile(db, shopFile(dir, 'a.csv', 14));
  const spec = weekdayMeans(db);
  assert.deepEqual(staleKinds(db, ['weekday-means']), ['weekday-means']);
  const phases: string[] = [];
  const result = await trainAll(db, [spec], { ...quietContext(), progress: (p) => phases.push(p), reason: 'test' });
  assert.equal(result.runs.length, 1);
  const run = result.runs[0];
  assert.equal(run.status, 'ok');
  assert.equal(run.seed, 7);
  assert.equal(run.reason, 'test');
  assert.equal(run.dataFrom, '2011-03-01');
  assert.equal(run.dataTo, '2011-03-14');
  assert.equal(run.dataVersion, 1);
  assert.deepEqual(run.params, { weekdays: 7 });
  assert.equal(run.metrics.days, 14);
  assert.ok(run.durationMs !== null && run.durationMs >= 0);
  assert.ok(run.peakRssMb !== null && run.peakRssMb > 10);
  assert.ok(run.serving);
  assert.ok(phases.some((p) => p.startsWith('Weekday means (1 of 1): adding up')));
  const means = db.prepare('SELECT weekday, mean FROM test_weekday_means WHERE run_id = ? ORDER BY weekday').all(run.id) as Array<{
    weekday: number;
    mean: number;
  }>;
  // 14 days from Tue 1 March 2011: every weekday twice; units per day are 3 lines of 1–5.
  const expected = new Map<number, number[]>();
  for (let d = 0; d < 14; d++) {
    const wd = new Date(Date.UTC(2011, 2, 1 + d)).getUTCDay();
    const units = [0, 1, 2].reduce((s, k) => s + 1 + ((d + k) % 5), 0);
    expected.set(wd, [...(expected.get(wd) ?? []), units]);
  }
  for (const m of means) {
    const xs = expected.get(m.weekday)!;
    assert.equal(m.mean, xs.reduce((a, b) => a + b, 0) / xs.length);
  }
  assert.deepEqual(staleKinds(db, ['weekday-means']), []);
  await importFile(db, shopFile(dir, 'b.csv', 3, 5000));
  assert.deepEqual(staleKinds(db, ['weekday-means']), ['weekday-means'], 'an import makes the models stale');
  db.close();
});

test('a failed or cancelled run is recorded and never replaces the good one; the others still train', async () => {
  const dir = tmp();
  const db = openDb(path.join(dir, 'f.db'));
  await importFile(db, shopFile(dir, 'a.csv', 7));
  const good = weekdayMeans(db);
  const first = await trainAll(db, [good], quietContext());
  const goodId = first.runs[0].id;
  const failing = defineModel({
    kind: 'weekday-means',
    title: 'Broken',
    read: () => null,
    train: () => Promise.reject(new Error('the data has no weekdays')),
    write: () => assert.fail('a failed run writes nothing'),
  });
  const other = defineModel({
    kind: 'other',
    title: 'Other',
    read: () => 1,
    train: async (x: number) => ({ outputs: x, metrics: {}, params: {} }),
    write: () => undefined,
  });
  const second = await trainAll(db, [failing, other], quietContext());
  assert.deepEqual(
    second.runs.map((r) => [r.kind, r.status]),
    [
      ['weekday-means', 'failed'],
      ['other', 'ok'],
    ],
  );
  assert.match(second.runs[0].error ?? '', /no weekdays/);
  assert.equal(latestGoodRun(db, 'weekday-means')!.id, goodId);

  const controller = new AbortController();
  const cancelling = defineModel({
    kind: 'weekday-means',
    title: 'Slow',
    read: () => null,
    async train(_d: null, ctx: TrainContext) {
      controller.abort();
      checkCancelled(ctx.signal);
      return { outputs: null, metrics: {}, params: {} };
    },
    write: () => assert.fail('a cancelled run writes nothing'),
  });
  await assert.rejects(trainAll(db, [cancelling, other], quietContext(controller.signal)), /cancelled/);
  const runs = listRuns(db, { kind: 'weekday-means' });
  assert.deepEqual(
    runs.map((r) => r.status),
    ['cancelled', 'failed', 'ok'],
  );
  assert.equal(latestGoodRun(db, 'weekday-means')!.id, goodId);
  assert.equal(listRuns(db, { kind: 'other' }).length, 1, 'a cancel stops the kinds after it');
  db.close();
});

test('a run cut short by a dead process is marked failed on the next training, and only the last runs are kept, outputs with them', async () => {
  const dir = tmp();
  const db = openDb(path.join(dir, 'p.db'));
  await importFile(db, shopFile(dir, 'a.csv', 7));
  const orphan = beginRun(db, { kind: 'weekday-means', seed: 1, dataVersion: 1 });
  const spec = weekdayMeans(db);
  for (let i = 0; i < RUNS_KEPT + 3; i++) await trainAll(db, [spec], quietContext());
  const runs = listRuns(db, { kind: 'weekday-means', limit: 200 });
  assert.equal(runs.length, RUNS_KEPT);
  assert.ok(!runs.some((r) => r.id === orphan));
  const kept = new Set(runs.map((r) => r.id));
  const outputRuns = db.prepare('SELECT DISTINCT run_id FROM test_weekday_means').pluck().all() as number[];
  assert.deepEqual(new Set(outputRuns), kept, 'pruned runs take their outputs with them');
  // The orphan (before pruning removed it) was failed, not left running.
  const id = beginRun(db, { kind: 'weekday-means', seed: 1, dataVersion: 1 });
  const id2 = beginRun(db, { kind: 'weekday-means', seed: 1, dataVersion: 1 });
  assert.equal(listRuns(db, { kind: 'weekday-means' }).find((r) => r.id === id)!.status, 'failed');
  failRun(db, id2, 'failed', 'test', 0);
  completeRun(
    db,
    beginRun(db, { kind: 'x', seed: 1, dataVersion: 1 }),
    { params: {}, metrics: {}, dataFrom: null, dataTo: null, durationMs: 1, peakRssMb: 1 },
    () => undefined,
  );
  assert.equal(latestGoodRun(db, 'x')!.status, 'ok');
  db.close();
});

test('the train job runs in a worker thread through the typed runner, and the scheduler runs one training at a time', async () => {
  const dir = tmp();
  const dbPath = path.join(dir, 'w.db');
  const db = openDb(dbPath);
  await importFile(db, shopFile(dir, 'a.csv', 7));
  const result = await runJob(dbPath, 'train', { reason: 'test' });
  assert.deepEqual(
    result.runs.map((r) => r.kind),
    modelSpecs.map((s) => s.kind),
    'every registered kind ran, in order',
  );
  for (const r of result.runs) assert.equal(r.reason, 'test', 'the reason reaches the registry');
  // Three customers are too few to segment: that kind says so (a run with no segments, or a failure with the reason).
  for (const r of result.runs) assert.ok(r.status === 'ok' || (r.status === 'failed' && /customers/.test(r.error ?? '')), `${r.kind}: ${r.status} ${r.error}`);

  const events: string[] = [];
  const scheduler = new TrainingScheduler(db, dbPath, (e) => events.push(e.taskId), 0);
  const a = scheduler.trainNow('first');
  assert.ok(scheduler.training, 'a training is running');
  const b = scheduler.trainNow('second');
  const c = scheduler.trainNow('third');
  const [ra, rb, rc] = await Promise.all([a, b, c]);
  assert.ok(ra && rb && rc);
  assert.equal(rb, rc, 'requests made while one runs are served by one more run after it');
  assert.equal(scheduler.training, null);
  await scheduler.close();
  assert.equal(await scheduler.trainNow('after close'), null);
  db.close();
});
