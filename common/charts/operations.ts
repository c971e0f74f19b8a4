/** The Day to day page's charts: the last 8 weeks against normal, sales by hour and weekday, the average basket by week. */
import type { OperationsDashboard } from '../api-dashboards.js';
import { axisStyle, baseOption, tooltip, type ChartContext, type ChartOption } from './base.js';

export function recentDaysOption(recent: OperationsDashboard['recent'], { palette: pal, format: f }: ChartContext): ChartOption {
  return {
    ...baseOption(pal),
    tooltip: tooltip(pal, { trigger: 'axis', valueFormatter: (v: unknown) => (v === null || v === undefined ? '—' : f.money(v as number)) }),
    xAxis: {
      type: 'category',
      data: recent.map((r) => r.date),
      ...axisStyle(pal),
      axisLabel: { color: pal.muted, formatter: (v: string) => f.dayMonth(v), hideOverlap: true },
    },
    yAxis: { type: 'value', ...axisStyle(pal), axisLabel: { color: pal.muted, formatter: (v: number) => f.moneyCompact(v) } },
    series: [
      {
        name: 'Net sales',
        type: 'bar',
        // A day a quarter below its normal stands out in the warning colour.
        data: recent.map((r) => ({
          value: r.net,
          itemStyle: { color: r.normal !== null && r.net < r.normal * 0.75 ? pal.negative : pal.accent, borderRadius: [3, 3, 0, 0] },
        })),
        barMaxWidth: 18,
      },
      {
        name: 'Normal',
        type: 'line',
        data: recent.map((r) => r.normal),
        symbol: 'none',
        connectNulls: false,
        lineStyle: { color: pal.series[1], width: 2 },
        itemStyle: { color: pal.series[1] },
      },
    ],
  };
}

export function hourHeatmapOption(heatmap: OperationsDashboard['heatmap'], { palette: pal, format: f }: ChartContext): ChartOption {
  const days = f.weekdayNames('short');
  const hours = heatmap.cells.map((c) => c.hour);
  const minH = Math.min(...hours, 9);
  const maxH = Math.max(...hours, 17);
  const hourList = Array.from({ length: maxH - minH + 1 }, (_, i) => minH + i);
  const max = Math.max(...heatmap.cells.map((c) => c.net), 1);
  const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;
  return {
    ...baseOption(pal),
    grid: { left: 8, right: 8, top: 8, bottom: 56, containLabel: true },
    legend: { show: false },
    tooltip: tooltip(pal, {
      trigger: 'item',
      formatter: (p: { value: [number, number, number] }) =>
        `${f.weekdayNames('long')[p.value[1]]} ${hh(hourList[p.value[0]])}–${hh(hourList[p.value[0]] + 1)}<br/><strong>${f.money(p.value[2])}</strong> on average`,
    }),
    xAxis: { type: 'category', data: hourList.map(hh), ...axisStyle(pal), splitArea: { show: false } },
    yAxis: { type: 'category', data: days, inverse: true, ...axisStyle(pal), splitLine: { show: false } },
    visualMap: {
      min: 0,
      max,
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemHeight: 160,
      itemWidth: 12,
      inRange: { color: pal.heat },
      textStyle: { color: pal.muted },
      formatter: (v: number) => f.moneyCompact(v),
    },
    series: [
      {
        name: 'Average net sales',
        type: 'heatmap',
        data: heatmap.cells.map((c) => [hourList.indexOf(c.hour), c.weekday, Math.round(c.net * 100) / 100]),
        itemStyle: { borderColor: pal.surface, borderWidth: 2, borderRadius: 3 },
        emphasis: { itemStyle: { borderColor: pal.text } },
      },
    ],
  };
}

export function basketWeeklyOption(weekly: OperationsDashboard['basket']['weekly'], { palette: pal, format: f }: ChartContext): ChartOption {
  return {
    ...baseOption(pal),
    grid: { left: 4, right: 8, top: 12, bottom: 4, containLabel: true },
    legend: { show: false },
    tooltip: tooltip(pal, { trigger: 'axis', valueFormatter: (v: unknown) => f.money(v as number) }),
    xAxis: {
      type: 'category',
      data: weekly.map((w) => w.week),
      ...axisStyle(pal),
      axisLabel: { color: pal.muted, formatter: (v: string) => f.dayMonth(v), hideOverlap: true },
    },
    yAxis: { type: 'value', ...axisStyle(pal), axisLabel: { color: pal.muted, formatter: (v: number) => f.moneyCompact(v) }, scale: true },
    series: [
      {
        name: 'Average basket',
        type: 'line',
        data: weekly.map((w) => w.avgValue),
        smooth: false,
        symbolSize: 5,
        lineStyle: { color: pal.series[2], width: 2 },
        itemStyle: { color: pal.series[2] },
      },
    ],
  };
}
