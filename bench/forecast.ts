/**
 * Forecast accuracy on the real Online Retail data, beside R's forecast package
 * in the same run (issue 10). 8 weekly rolling origins from 2011-09-30, horizons
 * 14 and 28; at each origin every model sees only the data up to it
 * (readForecastData's `until`; R gets the same days). Figures:
 *  - shop total: MASE (lag-7 in-sample scale), WAPE, 80/95% coverage (days the
 *    shop trades) of each of our candidates, of what we serve, and of R's snaive,
 *    ets, auto.arima, thetaf and stlf;
 *  - the top 50 products by net sales up to the first origin: WAPE and MASE of
 *    ours beside R's snaive, ets and croston;
 *  - training time (wall and CPU) and peak memory for the whole shop;
 *  - the sample shop (tillsight sample): the weekly and yearly pattern of the
 *    forecast against the ones its truth file states (bench/sample-truth.ts).
 *
 *   node dist/bench/forecast.js [--db real.db] [--no-r] [--products 50] [--no-global] [--no-full] [--no-sample]
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { importFile } from '../core/import/pipeline.js';
import { buildCalendar } from '../core/models/forecast/calendar.js';
import { addDaysYmd, daysBetween, ymdToIso } from '../core/models/forecast/days.js';
import { publicHolidays } from '../core/models/forecast/holidays.js';
import { naiveScale } from '../core/models/forecast/metrics.js';
import { trainForecast, type TrainContext } from '../core/models/forecast/train.js';
import type { ForecastData, ForecastValues } from '../core/models/forecast/types.js';
import { readForecastData } from '../core/models/data/forecast.js';
import { openDb, type Db } from '../core/store/db.js';
import { ROOT, realDataCsv } from './common.js';
import { importSampleFiles } from '../sample-data/first-run.js';
import { generateSampleShop } from '../sample-data/generator.js';
import { pearson } from '../core/models/segments/gamma-gamma.js';
import { truthDailyPattern, weekdayProfile, type SampleTruth } from './sample-truth.js';

const { values: opt } = parseArgs({
  options: {
    db: { type: 'string' },
    'no-r': { type: 'boolean', default: false },
    'no-global': { type: 'boolean', default: false },
    'no-full': { type: 'boolean', default: false },
    'no-sample': { type: 'boolean', default: false },
    products: { type: 'string', default: '50' },
    origins: { type: 'string', default: '8' },
    'no-products': { type: 'boolean', default: false },
    /** Keep R's forecasts here and reuse them when present (R's ets on 50 products takes minutes). */
    'r-cache': { type: 'string' },
  },
});
const FIRST_ORIGIN = 20110930;
const ORIGINS = Array.from({ length: Number(opt.origins) }, (_, k) => addDaysYmd(FIRST_ORIGIN, 7 * k));
const HORIZONS = [14, 28];
const TOP = Number(opt.products);
const useGlobal = !opt['no-global'];
const ctx = (): TrainContext => ({ seed: 42, signal: new AbortController().signal, progress: () => {} });
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tillsight-fbench-'));

async function realDb(): Promise<Db> {
  if (opt.db && fs.existsSync(opt.db)) return openDb(opt.db);
  const csv = realDataCsv();
  if (!csv) throw new Error('real data absent (../shared/data/online-retail.csv.gz)');
  const db = openDb(opt.db ?? path.join(work, 'real.db'));
  await importFile(db, csv, {});
  return db;
}

/** One model's forecasts of one series at every origin (index of ORIGINS), for one horizon. */
type Runs = Map<string, Map<number, ForecastValues>>; // model -> origin index -> forecast

class Score {
  absErr = 0;
  absAct = 0;
  mase: number[] = [];
  n80 = 0;
  n95 = 0;
  counted = 0;
  add(actual: Float64Array, f: ForecastValues, scale: number, open: Uint8Array): void {
    let e = 0;
    for (let k = 0; k < actual.length; k++) {
      const a = actual[k];
      const m = Math.max(0, f.mean[k]);
      e += Math.abs(a - m);
      this.absErr += Math.abs(a - m);
      this.absAct += Math.abs(a);
      if (!open[k] || Number.isNaN(f.lo80[k])) continue;
      this.counted++;
      if (a >= f.lo80[k] && a <= f.hi80[k]) this.n80++;
      if (a >= f.lo95[k] && a <= f.hi95[k]) this.n95++;
    }
    if (scale > 0 && actual.length) this.mase.push(e / actual.length / scale);
  }
  row(): string {
    const mase = this.mase.length ? this.mase.reduce((a, b) => a + b, 0) / this.mase.length : NaN;
    const c = (x: number) => (this.counted ? `${((100 * x) / this.counted).toFixed(0)}%` : '  –');
    return `MASE ${mase.toFixed(3)}  WAPE ${(this.absErr / this.absAct).toFixed(3)}  cover80 ${c(this.n80).padStart(4)}  cover95 ${c(this.n95).padStart(4)}`;
  }
  get meanMase(): number {
    return this.mase.reduce((a, b) => a + b, 0) / this.mase.length;
  }
  get wape(): number {
    return this.absErr / this.absAct;
  }
}

function runR(
  tag: string,
  series: Array<{ id: string; values: Float64Array }>,
  jobs: Array<{ id: string; cut: number; h: number }>,
  models: string[],
): { runs: Map<string, Runs>; cpu: string } {
  const inCsv = path.join(work, `r-in-${tag}.csv`);
  const oCsv = path.join(work, `r-origins-${tag}.csv`);
  const cached = opt['r-cache'] ? path.join(opt['r-cache'], `r-out-${tag}.csv`) : null;
  const outCsv = cached ?? path.join(work, `r-out-${tag}.csv`);
  let cpuLines = `reused ${cached}`;
  if (!cached || !fs.existsSync(cached)) {
    if (cached) fs.mkdirSync(path.dirname(cached), { recursive: true });
    const lines = ['series,day,value'];
    for (const s of series) s.values.forEach((v, i) => lines.push(`${s.id},${i + 1},${v}`));
    fs.writeFileSync(inCsv, lines.join('\n') + '\n');
    fs.writeFileSync(oCsv, ['series,cut,h', ...jobs.map((j) => `${j.id},${j.cut},${j.h}`)].join('\n') + '\n');
    const t = Date.now();
    const r = spawnSync('/usr/bin/time', ['-v', 'Rscript', path.join(ROOT, 'bench', 'forecast.R'), inCsv, oCsv, outCsv, models.join(',')], {
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`Rscript failed: ${r.stderr.slice(-2000)}`);
    const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1];
    const user = /User time \(seconds\): ([\d.]+)/.exec(r.stderr)?.[1];
    const sys = /System time \(seconds\): ([\d.]+)/.exec(r.stderr)?.[1];
    cpuLines = `${r.stdout
      .split('\n')
      .filter((l) => l.startsWith('R cpu'))
      .join(
        '; ',
      )}; whole R process: wall ${((Date.now() - t) / 1000).toFixed(1)} s, CPU ${(Number(user) + Number(sys)).toFixed(1)} s, peak ${Math.round(Number(rss) / 1024)} MB`;
  }
  const runs = new Map<string, Runs>();
  const rows = fs.readFileSync(outCsv, 'utf8').trim().split('\n').slice(1);
  for (const line of rows) {
    const [s, cut, model, step, mean, lo80, hi80, lo95, hi95] = line.split(',').map((x) => x.replace(/"/g, ''));
    const key = `${s}|${cut}`;
    let byModel = runs.get(key);
    if (!byModel) runs.set(key, (byModel = new Map<string, Map<number, ForecastValues>>()));
    let m = byModel.get(model);
    if (!m) byModel.set(model, (m = new Map<number, ForecastValues>()));
    const hMax = 28;
    let f = m.get(0);
    if (!f)
      m.set(
        0,
        (f = {
          mean: new Float64Array(hMax),
          lo80: new Float64Array(hMax).fill(NaN),
          hi80: new Float64Array(hMax).fill(NaN),
          lo95: new Float64Array(hMax).fill(NaN),
          hi95: new Float64Array(hMax).fill(NaN),
        }),
      );
    const k = Number(step) - 1;
    const num = (x: string | undefined) => (x === undefined || x === 'NA' ? NaN : Number(x));
    f.mean[k] = num(mean);
    f.lo80[k] = num(lo80);
    f.hi80[k] = num(hi80);
    f.lo95[k] = num(lo95);
    f.hi95[k] = num(hi95);
  }
  return { runs, cpu: cpuLines };
}

function slice(f: ForecastValues, h: number): ForecastValues {
  return { mean: f.mean.subarray(0, h), lo80: f.lo80.subarray(0, h), hi80: f.hi80.subarray(0, h), lo95: f.lo95.subarray(0, h), hi95: f.hi95.subarray(0, h) };
}

async function main(): Promise<void> {
  if (!opt['no-r'] && spawnSync('Rscript', ['-e', 'library(forecast)'], { stdio: 'ignore' }).status !== 0) {
    console.log('# installing r-cran-forecast for the reference figures');
    spawnSync('apt-get', ['install', '-y', 'r-cran-forecast'], { stdio: 'inherit' });
  }
  const db = await realDb();
  const full = readForecastData(db)!;
  const holidays = await publicHolidays('GB', full.start, addDaysYmd(full.end, 60));
  const nFull = full.total.length;
  console.log(`Online Retail: ${full.products.length} products, ${nFull} days ${full.start}–${full.end}; origins ${ORIGINS.join(', ')}`);

  // Our forecasts: shop total at every origin and horizon, each candidate and what we serve.
  const ours = new Map<number, Map<number, Map<string, ForecastValues>>>(); // h -> origin -> model -> values
  const oursProducts = new Map<number, Map<number, Map<string, Map<string, ForecastValues>>>>(); // h -> origin -> key -> model -> values
  const firstData = readForecastData(db, { until: FIRST_ORIGIN })!;
  const top = [...firstData.products].sort((a, b) => b.net - a.net || a.id - b.id).slice(0, TOP);
  const topIds = new Set(top.map((p) => p.id));
  let oursCpu = 0;
  let oursWall = 0;
  for (const h of HORIZONS) {
    ours.set(h, new Map());
    oursProducts.set(h, new Map());
    for (const [o, until] of ORIGINS.entries()) {
      const data = readForecastData(db, { until })!;
      const t = performance.now();
      const cpu = process.cpuUsage();
      const r = await trainForecast(data, ctx(), { horizon: h, levels: ['total'], keepCandidates: true });
      const u = process.cpuUsage(cpu);
      oursCpu += (u.user + u.system) / 1e6;
      oursWall += (performance.now() - t) / 1000;
      const s = r.outputs.series[0];
      ours.get(h)!.set(o, new Map([...Object.entries(s.candidates ?? {}), ['served', s.forecast]]));
      if (opt['no-products']) continue;
      const pdata: ForecastData = { ...data, products: data.products.filter((p) => topIds.has(p.id)) };
      const rp = await trainForecast(pdata, ctx(), { horizon: h, levels: ['product'], keepCandidates: true, useGlobal });
      const byKey = new Map<string, Map<string, ForecastValues>>();
      for (const ps of rp.outputs.series) byKey.set(ps.key, new Map([...Object.entries(ps.candidates ?? {}), ['served', ps.forecast]]));
      // The same with one choice for the whole level instead of one per product.
      const rl = await trainForecast(pdata, ctx(), { horizon: h, levels: ['product'], useGlobal, selection: { product: 'level' } });
      for (const ps of rl.outputs.series) byKey.get(ps.key)!.set('served, one choice per level', ps.forecast);
      oursProducts.get(h)!.set(o, byKey);
    }
  }
  console.log(`Tillsight, shop total (${HORIZONS.length * ORIGINS.length} trainings): wall ${oursWall.toFixed(1)} s, CPU ${oursCpu.toFixed(1)} s`);

  // R on the same days.
  const cutOf = (until: number) => daysBetween(full.start, until) + 1;
  let rTotal: { runs: Map<string, Runs>; cpu: string } | null = null;
  let rProducts: { runs: Map<string, Runs>; cpu: string } | null = null;
  if (!opt['no-r']) {
    rTotal = runR(
      'total',
      [{ id: 'total', values: full.total }],
      ORIGINS.map((u) => ({ id: 'total', cut: cutOf(u), h: 28 })),
      ['snaive', 'ets', 'auto.arima', 'thetaf', 'stlf'],
    );
    console.log(`R, shop total: ${rTotal.cpu}`);
    const fullTop = full.products.filter((p) => topIds.has(p.id));
    if (!opt['no-products'])
      rProducts = runR(
        'products',
        fullTop.map((p) => ({ id: `p${p.id}`, values: p.units })),
        fullTop.flatMap((p) => ORIGINS.map((u) => ({ id: `p${p.id}`, cut: cutOf(u), h: 28 }))),
        ['snaive', 'ets', 'croston'],
      );
    if (rProducts) console.log(`R, top ${TOP} products: ${rProducts.cpu}`);
  }

  const calendars = ORIGINS.map((u) => buildCalendar(full.total.subarray(0, cutOf(u)), full.start, 28, holidays));
  for (const h of HORIZONS) {
    console.log(`\nShop total, horizon ${h}, ${ORIGINS.length} origins (coverage on trading days):`);
    const scores = new Map<string, Score>();
    for (const [o, until] of ORIGINS.entries()) {
      const cut = cutOf(until);
      const avail = Math.min(h, nFull - cut);
      const actual = full.total.subarray(cut, cut + avail);
      const open = calendars[o].closed.subarray(cut, cut + avail).map((c) => 1 - c);
      const scale = naiveScale(full.total.subarray(0, cut));
      const add = (name: string, f: ForecastValues) => {
        if (!scores.has(name)) scores.set(name, new Score());
        scores.get(name)!.add(actual, slice(f, avail), scale, open);
      };
      for (const [m, f] of ours.get(h)!.get(o)!) add(`tillsight ${m}`, f);
      const rr = rTotal?.runs.get(`total|${cut}`);
      for (const [m, f] of rr ?? []) add(`R ${m}`, f.get(0)!);
    }
    for (const [name, s] of scores) console.log(`  ${name.padEnd(26)} ${s.row()}`);
    const rBest = Math.min(...[...scores].filter(([k]) => k.startsWith('R ')).map(([, s]) => s.meanMase));
    const served = scores.get('tillsight served')!;
    console.log(`  → served MASE ${served.meanMase.toFixed(3)} vs best R ${rBest.toFixed(3)} (${((served.meanMase / rBest - 1) * 100).toFixed(1)}%)`);

    if (opt['no-products']) continue;
    console.log(`Top ${TOP} products, horizon ${h}:`);
    const ps = new Map<string, Score>();
    for (const [o, until] of ORIGINS.entries()) {
      const cut = cutOf(until);
      const avail = Math.min(h, nFull - cut);
      const open = calendars[o].closed.subarray(cut, cut + avail).map((c) => 1 - c);
      for (const p of full.products.filter((x) => topIds.has(x.id))) {
        const actual = p.units.subarray(cut, cut + avail);
        const scale = naiveScale(p.units.subarray(0, cut));
        const add = (name: string, f: ForecastValues) => {
          if (!ps.has(name)) ps.set(name, new Score());
          ps.get(name)!.add(actual, slice(f, avail), scale, open);
        };
        for (const [m, f] of oursProducts.get(h)!.get(o)!.get(p.key) ?? []) add(`tillsight ${m}`, f);
        for (const [m, f] of rProducts?.runs.get(`p${p.id}|${cut}`) ?? []) add(`R ${m}`, f.get(0)!);
      }
    }
    for (const [name, s] of ps) console.log(`  ${name.padEnd(26)} ${s.row()}`);
    const rBestW = Math.min(...[...ps].filter(([k]) => k.startsWith('R ')).map(([, s]) => s.wape));
    const servedP = ps.get('tillsight served')!;
    console.log(`  → served WAPE ${servedP.wape.toFixed(3)} vs best R ${rBestW.toFixed(3)}`);
  }

  if (!opt['no-full']) {
    // The whole shop as the train job does it: every level, every product, the global model included.
    const data = readForecastData(db)!;
    const t = performance.now();
    const cpu = process.cpuUsage();
    let peak = process.memoryUsage().rss;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const r = await trainForecast(data, ctx(), { useGlobal });
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    const u = process.cpuUsage(cpu);
    console.log(
      `\nWhole shop (${data.products.length} products, every level${useGlobal ? ', global model included' : ''}): wall ${((performance.now() - t) / 1000).toFixed(1)} s, CPU ${((u.user + u.system) / 1e6).toFixed(1)} s, peak RSS ${Math.round(peak / 1e6)} MB`,
    );
    console.log(`  ${r.outputs.summary}`);
    for (const m of r.outputs.metrics.filter((x) => x.key === null && x.model === 'served'))
      console.log(
        `  backtest ${m.level}: MASE ${m.mase?.toFixed(3)} WAPE ${m.wape?.toFixed(3)} cover80 ${m.coverage80?.toFixed(2)} cover95 ${m.coverage95?.toFixed(2)} (${m.series} series)`,
      );
  }
  db.close();
  if (!opt['no-sample']) await sampleShop();
  fs.rmSync(work, { recursive: true, force: true });
}

/** The sample shop: does the forecast recover the weekly and yearly pattern its truth file states? */
async function sampleShop(): Promise<void> {
  const dir = path.join(work, 'sample');
  await generateSampleShop({ out: dir });
  const db = openDb(path.join(work, 'sample.db'));
  await importSampleFiles(db, dir);
  const truth = JSON.parse(fs.readFileSync(path.join(dir, 'truth.json'), 'utf8')) as SampleTruth;
  const two = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(' ');

  // Weekly: the weekday profile of the 28 days forecast after the last data, against the truth's for the same days.
  const data = readForecastData(db)!;
  const res = await trainForecast(data, ctx(), { levels: ['total'] });
  const s = res.outputs.series[0];
  const after = ymdToIso(addDaysYmd(data.end, 1));
  const ours = weekdayProfile(s.forecast.mean, after);
  const expected = weekdayProfile(truthDailyPattern(truth, after, s.forecast.mean.length), after);
  const weeklyGap = Math.max(...ours.map((x, i) => Math.abs(x - expected[i])));
  console.log(`\nSample shop (${data.start}–${data.end}), shop total by ${s.model}:`);
  console.log(`  weekly pattern (Sun…Sat, mean 1): forecast ${two(ours)}; truth ${two(expected)}; largest gap ${weeklyGap.toFixed(2)}`);
  const m = res.outputs.metrics.find((x) => x.key === null && x.model === 'served')!;
  console.log(
    `  backtest: MASE ${m.mase?.toFixed(3)} WAPE ${m.wape?.toFixed(3)} cover80 ${m.coverage80?.toFixed(2)} cover95 ${m.coverage95?.toFixed(2)}; ${res.outputs.summary}`,
  );

  // Yearly: forecasts made every 4 weeks through the second year, each from the data up to its origin
  // (nothing after it), their 28-day means against the truth's for the same 28 days, both scaled to mean 1.
  const origins: number[] = [];
  for (let o = addDaysYmd(data.start, 364); addDaysYmd(o, 28) <= data.end; o = addDaysYmd(o, 28)) origins.push(o);
  const ourMeans: number[] = [];
  const truthMeans: number[] = [];
  for (const until of origins) {
    const d = readForecastData(db, { until })!;
    const r = await trainForecast(d, ctx(), { levels: ['total'], origins: 2 });
    const f = r.outputs.series[0].forecast.mean;
    ourMeans.push(f.reduce((a, b) => a + b, 0) / f.length);
    const t = truthDailyPattern(truth, ymdToIso(addDaysYmd(until, 1)), f.length);
    truthMeans.push(t.reduce((a, b) => a + b, 0) / t.length);
  }
  const scale = (xs: number[]) => {
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    return xs.map((x) => x / mean);
  };
  const a = scale(ourMeans);
  const b = scale(truthMeans);
  const yearlyGap = Math.max(...a.map((x, i) => Math.abs(x - b[i])));
  console.log(`  yearly pattern: ${origins.length} forecasts made every 4 weeks from ${ymdToIso(origins[0])}, each 28-day mean (mean 1):`);
  console.log(`    forecast ${two(a)}`);
  console.log(`    truth    ${two(b)}`);
  console.log(`    correlation ${pearson(a, b).toFixed(3)}, largest gap ${yearlyGap.toFixed(2)}`);
  db.close();
}

await main();
