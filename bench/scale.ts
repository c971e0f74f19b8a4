/**
 * Ten years of a busy shop (issue 14, "Scale"): the real Online Retail year
 * repeated ten times, each copy shifted back one more year with its own invoice
 * numbers (5,419,090 lines, the same 4,070 codes and 4,372 customers coming back
 * every year), against the real year alone as the reference, in the same run:
 *
 *  - `tillsight kpis`, `train`, `forecast` (stored, and `--until` trained there and then),
 *    `segment`, `anomalies` and `report` as whole processes: wall, CPU (user + system)
 *    and peak memory from /usr/bin/time;
 *  - each model kind's own training time and peak memory, from the registry;
 *  - every dashboard view and every model view the pages ask for, through the API on the
 *    host's connection, computed every time (the dashboard cache off): after one warm-up
 *    round, the median of 3.
 *
 *   node dist/bench/scale.js [--years 10] [--db PATH] [--reference PATH] [--json]
 *
 * --db / --reference keep the databases between runs (built when absent). The real
 * data is needed (../shared/data/online-retail.csv.gz).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { setDashboardCache } from '../core/analytics/cache.js';
import { callApi, type ApiContext } from '../core/api/index.js';
import { listRuns } from '../core/models/registry.js';
import { openDb } from '../core/store/db.js';
import type { ApiMethod } from '../common/api.js';
import { DASHBOARD_VIEWS, median, realDataCsv, timedCli, type TimedRun } from './common.js';

const { values: opt } = parseArgs({
  options: { years: { type: 'string', default: '10' }, db: { type: 'string' }, reference: { type: 'string' }, json: { type: 'boolean', default: false } },
});
const YEARS = Number(opt.years);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tillsight-scale-'));

type Timed = TimedRun;

function timed(args: string[]): Timed {
  const r = timedCli(args);
  if (r.status !== 0) throw new Error(`tillsight ${args.join(' ')} exited ${r.status}:\n${r.stderr.slice(-2000)}`);
  return r;
}

/**
 * The real file, `years` times: copy k (0 = the real year) has every date k years earlier and
 * invoice numbers prefixed with k (a cancellation keeps its leading C). Written as Latin-1 CRLF,
 * like the original, so the importer reads it by the same layout.
 */
function repeatedCsv(csv: string, years: number): string {
  const out = path.join(work, `online-retail-x${years}.csv`);
  const lines = fs.readFileSync(csv).toString('latin1').split('\r\n');
  const header = lines[0];
  const body = lines.slice(1).filter((l) => l.length);
  const fd = fs.openSync(out, 'w');
  fs.writeSync(fd, Buffer.from(`${header}\r\n`, 'latin1'));
  for (let k = years - 1; k >= 0; k--) {
    const chunk: string[] = [];
    for (const line of body) {
      const c1 = line.indexOf(',');
      const invoice = line.slice(0, c1);
      const moved = invoice.startsWith('C') ? `C${k}${invoice.slice(1)}` : `${k}${invoice}`;
      // InvoiceDate is "M/D/YYYY H:MM", the only field with a slash followed by 4 digits and a space.
      const rest = line.slice(c1).replace(/\/(\d{4}) /, (_, y: string) => `/${Number(y) - k} `);
      chunk.push(`${k === 0 ? invoice : moved}${rest}\r\n`);
      if (chunk.length === 50_000) fs.writeSync(fd, Buffer.from(chunk.splice(0).join(''), 'latin1'));
    }
    fs.writeSync(fd, Buffer.from(chunk.join(''), 'latin1'));
  }
  fs.closeSync(fd);
  return out;
}

function build(dbPath: string, csv: string): Timed | null {
  if (fs.existsSync(dbPath)) return null;
  return timed(['import', csv, '--db', dbPath, '--json']);
}

/** Every view the pages ask for, first computation, in ms. */
async function views(dbPath: string): Promise<Array<[string, number]>> {
  const db = openDb(dbPath);
  setDashboardCache(false);
  const ctx: ApiContext = { db, dbPath, uploadDir: path.join(work, 'uploads'), emitProgress: () => {} };
  const modelViews: Array<[ApiMethod, Record<string, unknown>, string]> = [
    ['forecast', { level: 'total' }, 'total'],
    ['forecast', { level: 'product', top: 20 }, 'products, top 20'],
    ['forecastBacktest', { level: 'total' }, 'total'],
    ['forecastRuns', {}, ''],
    ['forecastProducts', { search: 'heart' }, 'search'],
    ['reorderSuggestions', {}, ''],
    ['customerSegments', {}, ''],
    ['segmentCustomers', { segment: 1 }, 'segment 1'],
    ['segmentsQuality', {}, ''],
    ['anomalies', {}, ''],
    ['modelStatus', {}, ''],
  ];
  const out: Array<[string, number]> = [];
  const all = [...DASHBOARD_VIEWS, ...modelViews];
  for (const [method, input] of all) await callApi(ctx, method, input); // warm-up: compiled code and SQLite's page cache
  for (const [method, input, variant] of all) {
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      await callApi(ctx, method, input);
      times.push(performance.now() - t);
    }
    out.push([`${method}${variant ? ` (${variant})` : ''}`, median(times)]);
  }
  // The explorer's product: the first the search offers.
  const [first] = await callApi(ctx, 'forecastProducts', { limit: 1 });
  if (first) {
    const t = performance.now();
    await callApi(ctx, 'forecastProduct', { key: first.key });
    out.push(['forecastProduct', performance.now() - t]);
  }
  db.close();
  return out;
}

function kindTimes(dbPath: string): Record<string, { seconds: number; peakMb: number | null }> {
  const db = openDb(dbPath);
  const out: Record<string, { seconds: number; peakMb: number | null }> = {};
  for (const r of listRuns(db, { limit: 20 })) {
    if (r.status !== 'ok' || out[r.kind]) continue;
    out[r.kind] = { seconds: (r.durationMs ?? 0) / 1000, peakMb: r.peakRssMb ?? null };
  }
  db.close();
  return out;
}

async function measure(label: string, dbPath: string, until: string) {
  const kpis = timed(['kpis', '--db', dbPath, '--json']);
  const train = timed(['train', '--db', dbPath, '--json']);
  const kinds = kindTimes(dbPath);
  const forecast = timed(['forecast', '--db', dbPath, '--json']);
  const forecastUntil = timed(['forecast', '--db', dbPath, '--until', until, '--json']);
  const segment = timed(['segment', '--db', dbPath, '--json']);
  const anomalies = timed(['anomalies', '--db', dbPath, '--json']);
  const report = timed(['report', '--db', dbPath, '--out', path.join(work, `${label}.pdf`)]);
  const viewMs = await views(dbPath);
  return { label, kpis, train, kinds, forecast, forecastUntil, segment, anomalies, report, viewMs };
}

async function main(): Promise<void> {
  const csv = realDataCsv();
  if (!csv) throw new Error('the real data is absent (../shared/data/online-retail.csv.gz)');
  const refDb = opt.reference ?? path.join(work, 'real.db');
  const bigDb = opt.db ?? path.join(work, `x${YEARS}.db`);
  const refImport = build(refDb, csv);
  let bigImport: Timed | null = null;
  if (!fs.existsSync(bigDb)) {
    const big = repeatedCsv(csv, YEARS);
    console.log(`# wrote ${path.basename(big)}: ${(fs.statSync(big).size / 1e6).toFixed(0)} MB`);
    bigImport = build(bigDb, big);
    fs.rmSync(big);
  }
  const until = '2011-09-30';
  const ref = await measure('real year', refDb, until);
  const big = await measure(`${YEARS} years`, bigDb, until);
  if (opt.json) {
    console.log(JSON.stringify({ refImport, bigImport, ref, big }, null, 2));
  } else {
    const f = (t: Timed) => `${t.wallS.toFixed(2)} s wall, ${t.cpuS.toFixed(2)} s CPU, ${t.maxRssMb} MB`;
    const row = (what: string, a: string, b: string) => console.log(`| ${what} | ${a} | ${b} |`);
    console.log(`\n| What | Real year (541,909 lines) | ${YEARS} years (${(541_909 * YEARS).toLocaleString('en')} lines) |`);
    console.log('|---|---|---|');
    if (refImport || bigImport) row('import', refImport ? f(refImport) : '(database given)', bigImport ? f(bigImport) : '(database given)');
    for (const k of ['kpis', 'train', 'forecast', 'forecastUntil', 'segment', 'anomalies', 'report'] as const) {
      row(k === 'forecastUntil' ? `forecast --until ${until}` : k, f(ref[k]), f(big[k]));
    }
    for (const kind of Object.keys(big.kinds)) {
      const a = ref.kinds[kind];
      const b = big.kinds[kind];
      row(`training: ${kind}`, a ? `${a.seconds.toFixed(1)} s, ${a.peakMb ?? '?'} MB` : '—', `${b.seconds.toFixed(1)} s, ${b.peakMb ?? '?'} MB`);
    }
    const refViews = new Map(ref.viewMs);
    for (const [v, ms] of big.viewMs) row(`view: ${v}`, `${(refViews.get(v) ?? NaN).toFixed(0)} ms`, `${ms.toFixed(0)} ms`);
  }
  if (!opt.db || !opt.reference) fs.rmSync(work, { recursive: true, force: true });
}

await main();
