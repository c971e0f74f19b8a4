/** The shop's forecast: the next weeks with their 80% and 95% ranges, after the backtest's actuals and what each backtest origin forecast. */
import { useMemo, useState } from 'react';
import type { ForecastBacktestView, ForecastView } from '../../../common/api-forecast.js';
import { date, money, moneyCompact, pct } from '../../lib/format.js';
import { Chart } from '../../ui/Chart.js';
import { Badge } from '../../ui/components.js';
import { forecastCsv, forecastOption, type ForecastChartData } from './forecastChart.js';
import { coverageWords, modelName, offBy } from './words.js';

export function chartData(view: ForecastView, bt: ForecastBacktestView | null, origin: string | null): ForecastChartData {
  const series = view.series[0];
  const points = bt?.points ?? [];
  const dates = new Set<string>();
  const actual = new Map<string, number>();
  for (const p of points) {
    dates.add(p.date);
    actual.set(p.date, p.actual);
  }
  for (const p of series?.forecast ?? []) dates.add(p.date);
  const sorted = [...dates].sort();
  const at = new Map(sorted.map((d, i) => [d, i]));
  const blank = () => new Array<number | null>(sorted.length).fill(null);
  const d: ForecastChartData = {
    dates: sorted,
    actual: sorted.map((x) => actual.get(x) ?? null),
    mean: blank(),
    lo80: blank(),
    hi80: blank(),
    lo95: blank(),
    hi95: blank(),
  };
  if (origin) {
    d.past = blank();
    d.pastLabel = `Forecast made on ${date(origin)}`;
    for (const p of points) {
      if (p.origin !== origin) continue;
      const i = at.get(p.date)!;
      d.past[i] = p.mean;
      d.lo80[i] = p.lo80;
      d.hi80[i] = p.hi80;
      d.lo95[i] = p.lo95;
      d.hi95[i] = p.hi95;
    }
  }
  for (const p of series?.forecast ?? []) {
    const i = at.get(p.date)!;
    d.mean[i] = p.mean;
    d.lo80[i] = p.lo80;
    d.hi80[i] = p.hi80;
    d.lo95[i] = p.lo95;
    d.hi95[i] = p.hi95;
  }
  return d;
}

/** The latest origin whose whole horizon has actuals (the last ones are cut short by the end of the data). */
function defaultOrigin(bt: ForecastBacktestView | null): string | null {
  if (!bt?.origins.length) return null;
  const count = new Map<string, number>();
  for (const p of bt.points) count.set(p.origin, (count.get(p.origin) ?? 0) + 1);
  const most = Math.max(...count.values());
  return [...bt.origins].reverse().find((o) => count.get(o) === most) ?? bt.origins.at(-1)!;
}

export function ShopForecast({ view, backtest }: { view: ForecastView; backtest: ForecastBacktestView | null }) {
  const origins = backtest?.origins ?? [];
  const [picked, setPicked] = useState<string | null>(null);
  const origin = picked && origins.includes(picked) ? picked : defaultOrigin(backtest);
  const data = useMemo(() => chartData(view, backtest, origin), [view, backtest, origin]);
  const b = view.backtest;
  const c80 = coverageWords(b.coverage80, 0.8);
  const c95 = coverageWords(b.coverage95, 0.95);
  const model = view.series[0]?.model ?? view.model;
  return (
    <Chart
      title="Shop sales forecast"
      subtitle={
        <span data-forecast-summary>
          {view.summary ?? `Net sales per day for the next ${view.storedHorizon} days`} · model: {modelName(model)}
        </span>
      }
      className="span-full"
      id="shop-forecast"
      height={320}
      csv={() => forecastCsv(data)}
      actions={
        origins.length > 0 ? (
          <label className="small muted">
            Backtest from{' '}
            <select value={origin ?? ''} onChange={(e) => setPicked(e.target.value)} data-control="backtest-origin" aria-label="Backtest origin">
              {origins.map((o) => (
                <option key={o} value={o}>
                  {date(o)}
                </option>
              ))}
            </select>
          </label>
        ) : undefined
      }
      footer={
        <p className="small muted" data-backtest-words>
          Tested on your own history: {b.origins} times Tillsight pretended it was an earlier day, forecast the next {b.horizon} days and compared with what
          happened — {offBy(b)}
          {b.wape !== null ? ' a day' : ''}. The likely range held{' '}
          <Badge tone={c80.tone === 'good' ? 'good' : c80.tone === 'warn' ? 'warn' : 'neutral'}>{c80.text}</Badge> (aim: 80%), the wide range{' '}
          <Badge tone={c95.tone === 'good' ? 'good' : c95.tone === 'warn' ? 'warn' : 'neutral'}>{c95.text}</Badge> (aim: 95%).
          {b.mase !== null ? ` Error against repeating last week (MASE): ${b.mase.toFixed(2)} — below 1 beats it.` : ''}
          {b.coverage80 !== null && b.coverage80 < 0.7 ? ` The ranges have been too narrow lately: trust them less (${pct(b.coverage80, 0)}).` : ''}
        </p>
      }
      option={(pal) =>
        forecastOption(
          pal,
          data,
          (v) => money(v),
          (v) => moneyCompact(v),
        )
      }
    />
  );
}
