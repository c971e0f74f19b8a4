/**
 * The forecast on the real Online Retail data (../shared/data; skipped with a
 * message when absent): `tillsight forecast --until` as a whole process, issue
 * 10's JSON contract, the shop's closed Saturdays at 0, and a backtest that
 * beats "same day last week".
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { realDataCsv, REAL_DATA, ROOT } from '../bench/common.js';
import { importFile } from '../core/import/pipeline.js';
import { openDb } from '../core/store/db.js';

const csv = realDataCsv();
const skip = csv ? false : `real data absent (${REAL_DATA}); skipping the real-data forecast test`;
if (skip) console.log(`# ${skip}`);
let dir = '';
let dbPath = '';

before(async () => {
  if (!csv) return;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tillsight-freal-'));
  dbPath = path.join(dir, 'real.db');
  const db = openDb(dbPath);
  await importFile(db, csv, {});
  db.close();
});

after(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('tillsight forecast --until 2011-09-30: the JSON contract, Saturdays closed, better than seasonal naive', { skip }, () => {
  const out = execFileSync(process.execPath, [path.join(ROOT, 'bin', 'tillsight.js'), 'forecast', '--db', dbPath, '--until', '2011-09-30', '--json'], {
    encoding: 'utf8',
  });
  const r = JSON.parse(out) as {
    level: string;
    model: string;
    series: Array<{
      key: string;
      sku: null;
      name: string;
      forecast: Array<{ date: string; mean: number; lo80: number; hi80: number; lo95: number; hi95: number }>;
    }>;
    backtest: {
      origins: number;
      horizon: number;
      mase: number;
      wape: number;
      coverage80: number;
      coverage95: number;
      byModel: Record<string, { mase: number }>;
    };
  };
  assert.equal(r.level, 'total');
  assert.equal(r.series.length, 1);
  const s = r.series[0];
  assert.deepEqual([s.key, s.sku, s.name], ['total', null, 'Shop total']);
  assert.equal(s.forecast.length, 28);
  assert.equal(s.forecast[0].date, '2011-10-01');
  assert.equal(s.forecast.at(-1)!.date, '2011-10-28');
  for (const p of s.forecast) {
    const saturday = new Date(`${p.date}T00:00:00Z`).getUTCDay() === 6;
    if (saturday) assert.deepEqual([p.mean, p.lo95, p.hi95], [0, 0, 0], `${p.date} is a Saturday: the shop never trades`);
    else assert.ok(p.mean > 10000 && p.lo95 >= 0 && p.lo95 <= p.lo80 && p.lo80 <= p.hi80 && p.hi80 <= p.hi95, `${p.date}`);
  }
  assert.ok(r.model in r.backtest.byModel || r.model === 'ensemble', r.model);
  assert.equal(r.backtest.horizon, 28);
  assert.ok(r.backtest.origins >= 8);
  assert.ok(r.backtest.mase < r.backtest.byModel['seasonal-naive'].mase, 'beats same day last week');
  assert.ok(r.backtest.coverage80 > 0.6 && r.backtest.coverage80 < 0.95, `80% covers ${r.backtest.coverage80}`);
});
