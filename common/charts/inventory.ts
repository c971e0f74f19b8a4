/** The Stock page's chart: the ABC classes, products and share of sales. */
import type { InventoryDashboard } from '../api-dashboards.js';
import { axisStyle, baseOption, tooltip, type ChartContext, type ChartOption } from './base.js';

export function abcOption(classes: InventoryDashboard['abc']['classes'], { palette: pal, format: f }: ChartContext): ChartOption {
  return {
    ...baseOption(pal),
    tooltip: tooltip(pal, { trigger: 'axis', axisPointer: { type: 'shadow' } }),
    legend: { ...(baseOption(pal).legend as object) },
    xAxis: { type: 'category', data: classes.map((c) => `Class ${c.abcClass}`), ...axisStyle(pal) },
    yAxis: [
      { type: 'value', ...axisStyle(pal) },
      { type: 'value', max: 1, ...axisStyle(pal), splitLine: { show: false }, axisLabel: { color: pal.muted, formatter: (v: number) => f.pct(v, 0) } },
    ],
    series: [
      {
        name: 'Products',
        type: 'bar',
        data: classes.map((c) => c.products),
        itemStyle: { color: pal.series[2], borderRadius: [4, 4, 0, 0] },
        barMaxWidth: 48,
        tooltip: { valueFormatter: (v: unknown) => f.num(v as number) },
      },
      {
        name: 'Share of sales',
        type: 'bar',
        yAxisIndex: 1,
        data: classes.map((c) => c.share),
        itemStyle: { color: pal.accent, borderRadius: [4, 4, 0, 0] },
        barMaxWidth: 48,
        tooltip: { valueFormatter: (v: unknown) => f.pct(v as number) },
      },
    ],
  };
}
