/**
 * One ECharts option for "history, then forecast with its 80% and 95% bands" (the shop total, a product, the
 * backtest): bands are drawn as a transparent lower bound with the band's height stacked on it, and the tooltip
 * is written by hand so it shows the ranges rather than the stacked heights.
 */
import type { EChartsCoreOption } from 'echarts/core';
import type { Palette } from '../../lib/theme.js';
import { dayShort } from '../../lib/format.js';
import { axisStyle, baseOption } from '../../ui/Chart.js';

export interface ForecastChartData {
  dates: string[];
  /** What happened (null where unknown: the future). */
  actual: Array<number | null>;
  /** A past forecast drawn against the actuals (the backtest), optional. */
  past?: Array<number | null>;
  pastLabel?: string;
  mean: Array<number | null>;
  lo80: Array<number | null>;
  hi80: Array<number | null>;
  lo95: Array<number | null>;
  hi95: Array<number | null>;
  meanLabel?: string;
}

const diff = (hi: Array<number | null>, lo: Array<number | null>) => hi.map((h, i) => (h === null || lo[i] === null ? null : Math.max(0, h - lo[i])));

export function forecastOption(pal: Palette, d: ForecastChartData, format: (v: number) => string, axisFormat: (v: number) => string): EChartsCoreOption {
  const base = baseOption(pal);
  const band = (name: string, lo: Array<number | null>, hi: Array<number | null>, stack: string, color: string) => [
    { name, type: 'line', data: lo, stack, symbol: 'none', lineStyle: { opacity: 0 }, itemStyle: { color }, silent: true, legendHoverLink: false },
    { name, type: 'line', data: diff(hi, lo), stack, symbol: 'none', lineStyle: { opacity: 0 }, areaStyle: { color }, itemStyle: { color }, silent: true },
  ];
  const series: object[] = [
    ...band('95% range', d.lo95, d.hi95, 'b95', pal.mode === 'dark' ? 'rgba(94,234,212,0.10)' : 'rgba(15,118,110,0.08)'),
    ...band('80% range', d.lo80, d.hi80, 'b80', pal.accentSoft),
    { name: 'Actual', type: 'bar', data: d.actual, itemStyle: { color: pal.compare, borderRadius: [2, 2, 0, 0] }, barMaxWidth: 14, z: 1 },
    {
      name: d.meanLabel ?? 'Forecast',
      type: 'line',
      data: d.mean,
      symbol: 'none',
      lineStyle: { width: 2.2, color: pal.accent },
      itemStyle: { color: pal.accent },
      z: 4,
    },
  ];
  if (d.past) {
    series.push({
      name: d.pastLabel ?? 'Forecast made then',
      type: 'line',
      data: d.past,
      symbol: 'none',
      lineStyle: { width: 2, type: 'dashed', color: pal.series[1] },
      itemStyle: { color: pal.series[1] },
      z: 5,
    });
  }
  return {
    ...base,
    legend: {
      ...(base.legend as object),
      data: ['Actual', d.meanLabel ?? 'Forecast', ...(d.past ? [d.pastLabel ?? 'Forecast made then'] : []), '80% range', '95% range'],
    },
    tooltip: {
      ...(base.tooltip as object),
      trigger: 'axis',
      formatter: (params: unknown) => {
        const i = (params as Array<{ dataIndex: number }>)[0]?.dataIndex ?? 0;
        const lines = [`<strong>${dayShort(d.dates[i])} ${d.dates[i].slice(0, 4)}</strong>`];
        if (d.actual[i] !== null && d.actual[i] !== undefined) lines.push(`Actual: ${format(d.actual[i])}`);
        if (d.past?.[i] !== null && d.past?.[i] !== undefined) lines.push(`${d.pastLabel ?? 'Forecast made then'}: ${format(d.past[i])}`);
        if (d.mean[i] !== null && d.mean[i] !== undefined) lines.push(`${d.meanLabel ?? 'Forecast'}: ${format(d.mean[i])}`);
        if (d.lo80[i] !== null && d.hi80[i] !== null && d.lo80[i] !== undefined) lines.push(`Likely (80%): ${format(d.lo80[i])} – ${format(d.hi80[i])}`);
        if (d.lo95[i] !== null && d.hi95[i] !== null && d.lo95[i] !== undefined) lines.push(`Almost surely (95%): ${format(d.lo95[i])} – ${format(d.hi95[i])}`);
        return lines.join('<br/>');
      },
    },
    xAxis: {
      type: 'category',
      data: d.dates,
      boundaryGap: true,
      ...axisStyle(pal),
      splitLine: { show: false },
      axisLabel: { color: pal.muted, hideOverlap: true, formatter: (v: string) => dayShort(v) },
    },
    yAxis: { type: 'value', min: 0, ...axisStyle(pal), axisLabel: { color: pal.muted, formatter: axisFormat } },
    series,
  };
}

/** Rows for the chart's CSV export, one per date. */
export function forecastCsv(d: ForecastChartData): { header: string[]; rows: Array<Array<string | number | null>> } {
  return {
    header: [
      'Date',
      'Actual',
      ...(d.past ? [d.pastLabel ?? 'Forecast made then'] : []),
      d.meanLabel ?? 'Forecast',
      'Low 80%',
      'High 80%',
      'Low 95%',
      'High 95%',
    ],
    rows: d.dates.map((date, i) => [
      date,
      d.actual[i] ?? null,
      ...(d.past ? [d.past[i] ?? null] : []),
      d.mean[i] ?? null,
      d.lo80[i] ?? null,
      d.hi80[i] ?? null,
      d.lo95[i] ?? null,
      d.hi95[i] ?? null,
    ]),
  };
}
