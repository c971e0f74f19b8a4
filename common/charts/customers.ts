/** The Customers page's charts: new and returning by month, customers by lifetime spend, cohort retention. */
import type { CohortRow, CustomersDashboard } from '../api-dashboards.js';
import { axisStyle, baseOption, tooltip, type ChartContext, type ChartOption } from './base.js';

export function newPerMonthOption(months: CustomersDashboard['newPerMonth'], { palette: pal, format: f }: ChartContext): ChartOption {
  return {
    ...baseOption(pal),
    tooltip: tooltip(pal, { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => f.num(v as number) }),
    xAxis: {
      type: 'category',
      data: months.map((m) => m.month),
      ...axisStyle(pal),
      axisLabel: { color: pal.muted, formatter: (v: string) => f.monthShort(v), hideOverlap: true },
    },
    yAxis: { type: 'value', ...axisStyle(pal) },
    series: [
      { name: 'Returning', type: 'bar', stack: 'c', data: months.map((m) => m.returningCustomers), itemStyle: { color: pal.accent }, barMaxWidth: 28 },
      {
        name: 'New',
        type: 'bar',
        stack: 'c',
        data: months.map((m) => m.newCustomers),
        itemStyle: { color: pal.series[1], borderRadius: [3, 3, 0, 0] },
        barMaxWidth: 28,
      },
    ],
  };
}

export function valueBandsOption(bands: CustomersDashboard['valueBands'], { palette: pal, format: f }: ChartContext): ChartOption {
  return {
    ...baseOption(pal),
    tooltip: tooltip(pal, { trigger: 'axis', axisPointer: { type: 'shadow' } }),
    xAxis: { type: 'category', data: bands.map((b) => b.band), ...axisStyle(pal), axisLabel: { color: pal.muted, interval: 0 } },
    yAxis: [
      { type: 'value', min: 0, ...axisStyle(pal) },
      { type: 'value', min: 0, ...axisStyle(pal), splitLine: { show: false }, axisLabel: { color: pal.muted, formatter: (v: number) => f.moneyCompact(v) } },
    ],
    series: [
      {
        name: 'Customers',
        type: 'bar',
        data: bands.map((b) => b.customers),
        itemStyle: { color: pal.series[2], borderRadius: [4, 4, 0, 0] },
        barMaxWidth: 40,
        tooltip: { valueFormatter: (v: unknown) => f.num(v as number) },
      },
      {
        name: 'Total spend',
        type: 'line',
        yAxisIndex: 1,
        data: bands.map((b) => b.net),
        itemStyle: { color: pal.series[1] },
        lineStyle: { color: pal.series[1] },
        tooltip: { valueFormatter: (v: unknown) => f.money(v as number) },
      },
    ],
  };
}

/** Height that fits one row per cohort. */
export function cohortHeight(cohorts: CohortRow[]): number {
  return Math.max(220, cohorts.length * 28 + 70);
}

export function cohortOption(cohorts: CohortRow[], { palette: pal, format: f }: ChartContext): ChartOption {
  const maxLen = Math.max(0, ...cohorts.map((c) => c.retention.length));
  const months = Array.from({ length: maxLen }, (_, i) => i);
  const cells: Array<[number, number, number]> = [];
  cohorts.forEach((c, y) => c.retention.forEach((r, x) => x > 0 && cells.push([x, y, Math.round(r * 1000) / 10])));
  const max = Math.max(10, ...cells.map((v) => v[2]));
  // Dark text on light cells, light text on dark cells (the scale runs the other way in the dark theme).
  const strong = (v: number) => (pal.mode === 'light' ? v / max > 0.62 : v / max < 0.7);
  const data = cells.map((v) => ({ value: v, label: { color: strong(v[2]) ? '#ffffff' : '#10201f' } }));
  return {
    ...baseOption(pal),
    grid: { left: 8, right: 16, top: 8, bottom: 8, containLabel: true },
    tooltip: tooltip(pal, {
      trigger: 'item',
      formatter: (p: { value: [number, number, number] }) => {
        const c = cohorts[p.value[1]];
        return `${f.monthShort(c.cohort)} cohort (${f.num(c.size)} customers)<br/>Month +${p.value[0]}: <strong>${f.pct(p.value[2] / 100)}</strong> bought again`;
      },
    }),
    xAxis: { type: 'category', position: 'top', data: months.map((m) => (m === 0 ? '' : `+${m}`)), ...axisStyle(pal), splitLine: { show: false } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: cohorts.map((c) => `${f.monthShort(c.cohort)} · ${f.num(c.size)}`),
      ...axisStyle(pal),
      splitLine: { show: false },
      axisLabel: { color: pal.text },
    },
    legend: { show: false },
    visualMap: { show: false, min: 0, max, inRange: { color: pal.heat } },
    series: [
      {
        name: 'Retention',
        type: 'heatmap',
        data,
        label: { show: true, formatter: (p: { value: [number, number, number] }) => `${Math.round(p.value[2])}%`, fontSize: 11 },
        itemStyle: { borderColor: pal.surface, borderWidth: 2, borderRadius: 3 },
      },
    ],
  };
}
