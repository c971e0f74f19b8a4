import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import type { ApiMethod } from '../common/api.js';

/** Project root, from dist/bench/*.js or bench/*.ts. */
export const ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  fileURLToPath(import.meta.url).includes(`${path.sep}dist${path.sep}`) ? '../..' : '..',
);

export const REAL_DATA = path.resolve(ROOT, '..', 'shared', 'data', 'online-retail.csv.gz');

/** Decompresses the real Online Retail file into a temp dir (once per process); null when absent. */
let cached: string | null | undefined;
export function realDataCsv(): string | null {
  if (cached !== undefined) return cached;
  if (!fs.existsSync(REAL_DATA)) return (cached = null);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tillsight-real-'));
  const out = path.join(dir, 'online-retail.csv');
  fs.writeFileSync(out, zlib.gunzipSync(fs.readFileSync(REAL_DATA)));
  return (cached = out);
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Every dashboard view the app asks for, with the inputs the pages send. */
export const DASHBOARD_VIEWS: Array<[ApiMethod, Record<string, unknown>, string]> = [
  ['dashboardMeta', {}, ''],
  ['status', {}, ''],
  ['executiveDashboard', { period: 'month' }, 'month (default)'],
  ['executiveDashboard', { period: 'day' }, 'day'],
  ['executiveDashboard', { period: 'week' }, 'week'],
  ['executiveDashboard', { period: 'quarter' }, 'quarter'],
  ['executiveDashboard', { period: 'year' }, 'year'],
  ['operationsDashboard', {}, ''],
  ['inventoryDashboard', {}, ''],
  ['customersDashboard', {}, ''],
  ['dataQuality', {}, ''],
  ['batches', {}, ''],
];

export interface TimedRun {
  wallS: number;
  /** User + system CPU seconds. */
  cpuS: number;
  maxRssMb: number;
  status: number | null;
  stderr: string;
}

/** `tillsight <args>` as a whole process, timed by /usr/bin/time: wall, CPU and peak memory. */
export function timedCli(args: string[]): TimedRun {
  const cli = path.join(ROOT, 'bin', 'tillsight.js');
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', process.execPath, cli, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const [e, u, s, m] = (r.stderr.trim().split('\n').at(-1) ?? '').split(' ').map(Number);
  return { wallS: e, cpuS: u + s, maxRssMb: Math.round(m / 1024), status: r.status, stderr: r.stderr };
}
