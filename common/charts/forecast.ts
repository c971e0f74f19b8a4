/**
 * The forecast chart: the recent actual sales, then the forecast's mean with its
 * 80% and 95% bands. Each band is drawn as its lower bound plus its height,
 * stacked, so the area between the bounds is filled and nothing below it.
 */
import type { ForecastBand } from '../api-dashboards.js';
import { axisStyle, baseOption, tooltip, type ChartContext, type ChartOption } from './base.js';

export interface ForecastChartData {
  /** Actual sales per bucket before the forecast starts. */
  actual: Array<{ date: string; net: number }>;
  forecast: ForecastBand;
}

export function forecastOption({ actual, forecast }: ForecastChartData, { palette: pal, format: f }: ChartContext): ChartOption {
  const lastActual = actual.at(-1)?.date ?? '';
  const ahead = forecast.points.filter((p) => p.date > lastActual);
  const cats = [...actual.map((a) => a.date), ...ahead.map((p) => p.date)];
  const pad = <T>(values: T[], before: number) => [...new Array<null>(before).fill(null), ...values];
  const n = actual.length;
  const band = (
    lo: (p: ForecastBand['points'][number]) => number,
    hi: (p: ForecastBand['points'][number]) => number,
    name: string,
    color: string,
    stack: string,
  ) => [
    // The band's colour on both series, so its legend swatch shows the band.
    {
      name,
      type: 'line',
      stack,
      data: pad(ahead.map(lo), n),
      symbol: 'none',
      lineStyle: { opacity: 0 },
      itemStyle: { color },
      tooltip: { show: false },
      silent: true,
    },
    {
      name,
      type: 'line',
      stack,
      data: pad(
        ahead.map((p) => hi(p) - lo(p)),
        n,
      ),
      symbol: 'none',
      lineStyle: { opacity: 0 },
      itemStyle: { color },
      areaStyle: { color, opacity: 1 },
      tooltip: { show: false },
      silent: true,
    },
  ];
  return {
    ...baseOption(pal),
    tooltip: tooltip(pal, { trigger: 'axis', valueFormatter: (v: unknown) => f.money(v as number) }),
    xAxis: {
      type: 'category',
      data: cats,
      boundaryGap: false,
      ...axisStyle(pal),
      splitLine: { show: false },
      axisLabel: { color: pal.muted, formatter: (v: string) => f.dayMonth(v), hideOverlap: true },
    },
    yAxis: { type: 'value', ...axisStyle(pal), axisLabel: { color: pal.muted, formatter: (v: number) => f.moneyCompact(v) } },
    series: [
      {
        name: 'Actual',
        type: 'line',
        data: actual.map((a) => a.net),
        symbol: 'none',
        lineStyle: { width: 2, color: pal.text },
        itemStyle: { color: pal.text },
      },
      ...band(
        (p) => p.lo95,
        (p) => p.hi95,
        '95% range',
        'rgba(15,118,110,0.10)',
        'b95',
      ),
      ...band(
        (p) => p.lo80,
        (p) => p.hi80,
        '80% range',
        'rgba(15,118,110,0.22)',
        'b80',
      ),
      // The forecast line starts from the last actual figure, so the two read as one line.
      {
        name: 'Forecast',
        type: 'line',
        data: [...pad([], n - 1), ...(n ? [actual[n - 1].net] : []), ...ahead.map((p) => p.mean)],
        symbol: 'none',
        lineStyle: { width: 2, type: 'dashed', color: pal.accent },
        itemStyle: { color: pal.accent },
      },
    ],
  };
}
