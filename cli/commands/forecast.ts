import type { ForecastLevel, ForecastResult } from '../../common/api-forecast.js';
import { MAX_HORIZON } from '../../common/api-forecast.js';
import { readForecastData } from '../../core/models/data/forecast.js';
import { isoToYmd } from '../../core/models/forecast/days.js';
import { resultFromOutputs } from '../../core/models/forecast/result.js';
import { trainForecast } from '../../core/models/forecast/train.js';
import { staleKinds } from '../../core/models/registry.js';
import { DEFAULT_TOP, forecastView, servingForecast } from '../../core/models/store/forecast-views.js';
import { dbOption, jsonOption, parse, type Command } from '../command.js';
import { openCliDb } from '../db.js';
import { UserError } from '../errors.js';

const LEVELS = ['total', 'product', 'category'] as const;

export const forecastCommand: Command = {
  usage: 'forecast [--db PATH] [--until DATE] [--horizon H] [--level total|product|category] [--top N] [--json]',
  summary: 'the forecast of sales (shop total, categories) or units (products), with 80/95% intervals and backtest accuracy',
  help: `
Without --until, answers from the stored forecast when it covers the data (instant); otherwise, and
with --until, trains here on the data up to and including DATE only and forecasts the H days after it.
Options:
  --until DATE   YYYY-MM-DD: forget everything after this day
  --horizon H    days ahead, 1 to ${MAX_HORIZON} (default 28)
  --level L      total (default), category, or product
  --top N        products (or categories) with the highest net sales up to DATE (default 20 products)
`,
  async run(args) {
    const { values } = parse(args, {
      ...dbOption,
      ...jsonOption,
      until: { type: 'string' },
      horizon: { type: 'string' },
      level: { type: 'string' },
      top: { type: 'string' },
    });
    const level = (values.level ?? 'total') as ForecastLevel;
    if (!LEVELS.includes(level)) throw new UserError('--level must be total, product or category', 2);
    const horizon = values.horizon === undefined ? 28 : Number(values.horizon);
    if (!Number.isInteger(horizon) || horizon < 1 || horizon > MAX_HORIZON)
      throw new UserError(`--horizon must be a whole number of days from 1 to ${MAX_HORIZON}`, 2);
    const top = values.top === undefined ? DEFAULT_TOP[level] : Number(values.top);
    if (!Number.isInteger(top) || top < 1) throw new UserError('--top must be a positive whole number', 2);
    if (values.until !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.until)) throw new UserError('--until must be a date as YYYY-MM-DD', 2);
    const { db } = openCliDb(values.db, { mustExist: true });
    try {
      let result: ForecastResult | null = null;
      if (values.until === undefined) {
        const run = servingForecast(db);
        if (run && !staleKinds(db, ['forecast']).length && horizon <= run.horizon) {
          const v = forecastView(db, { level, horizon, top }, run);
          result = { level: v.level, model: v.model, series: v.series, backtest: v.backtest };
        }
      }
      if (!result) {
        const until = values.until !== undefined ? isoToYmd(values.until) : undefined;
        const data = readForecastData(db, until !== undefined ? { until } : {});
        if (!data) throw new UserError(values.until ? `no sales on or before ${values.until}` : 'no sales yet: run "tillsight import FILE" first');
        const trained = await trainForecast(
          data,
          { seed: 42, signal: new AbortController().signal, progress: () => {} },
          {
            horizon,
            levels: [level],
            ...(level === 'product' ? { topProducts: top } : {}),
          },
        );
        result = resultFromOutputs(trained.outputs, { level, horizon, top });
      }
      if (values.json) {
        process.stdout.write(JSON.stringify(result) + '\n');
        return 0;
      }
      process.stdout.write(formatText(result));
      return 0;
    } finally {
      db.close();
    }
  },
};

function formatText(r: ForecastResult): string {
  const num = (x: number) => (Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en') : x.toFixed(1));
  const pct = (x: number | null) => (x === null ? '–' : `${Math.round(x * 100)}%`);
  const out: string[] = [];
  for (const s of r.series) {
    out.push(`${s.name}${s.sku && s.sku !== s.name ? ` (${s.sku})` : ''} — ${s.model}`);
    out.push('  date         mean      80% interval          95% interval');
    for (const p of s.forecast)
      out.push(`  ${p.date}  ${num(p.mean).padStart(9)}  ${`${num(p.lo80)}–${num(p.hi80)}`.padEnd(20)}  ${num(p.lo95)}–${num(p.hi95)}`);
    out.push('');
  }
  const b = r.backtest;
  out.push(
    `Backtest (${b.origins} origins, ${b.horizon} days ahead): MASE ${b.mase?.toFixed(2) ?? '–'}, off by ${pct(b.wape)}, 80% interval held ${pct(b.coverage80)}, 95% held ${pct(b.coverage95)}`,
  );
  for (const [m, a] of Object.entries(b.byModel)) out.push(`  ${m.padEnd(16)} MASE ${a.mase?.toFixed(2) ?? '–'}  WAPE ${pct(a.wape)}`);
  return out.join('\n') + '\n';
}
