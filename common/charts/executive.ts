/** The Overview page's charts: sales trend (with a forecast band when there is one), sales by category, new and returning customers. */
import type { ExecutiveDashboard, NamedValue } from '../api-dashboards.js';
import { axisStyle, baseOption, tooltip, type ChartContext, type ChartOption } from './base.js';

export function salesTrendOption(trend: ExecutiveDashboard['trend'], { palette: pal, format: f }: ChartContext): ChartOption {
  const hasCmp = trend.points.some((p) => p.compareNet !== null);
  const fc = trend.forecast;
  const lastDate = trend.points.at(-1)?.date ?? '';
  const cats = [...trend.points.map((p) => p.date), ...(fc ? fc.points.map((p) => p.date).filter((x) => x > lastDate) : [])];
  const bucketLabel = (s: string) => (trend.bucket === 'month' ? f.monthShort(s) : f.dayMonth(s));
  // Days as bars (closed days show as gaps, not dips), weeks and months as a line.
  const daily = trend.bucket === 'day';
  const series: object[] = [
    daily
      ? {
          name: 'This period',
          type: 'bar',
          data: trend.points.map((p) => p.net),
          itemStyle: { color: pal.accent, borderRadius: [3, 3, 0, 0] },
          barMaxWidth: 22,
          z: 2,
        }
      : {
          name: 'This period',
          type: 'line',
          data: trend.points.map((p) => p.net),
          smooth: 0.2,
          symbol: trend.points.length > 40 ? 'none' : 'circle',
          symbolSize: 5,
          lineStyle: { width: 2.5, color: pal.accent },
          itemStyle: { color: pal.accent },
          areaStyle: { color: pal.accentSoft },
          z: 3,
        },
  ];
  if (hasCmp)
    series.push({
      name: 'Period before',
      type: 'line',
      data: trend.points.map((p) => p.compareNet),
      smooth: daily ? false : 0.2,
      symbol: 'none',
      z: 3,
      lineStyle: { width: 1.6, type: 'dashed', color: pal.compare },
      itemStyle: { color: pal.compare },
    });
  if (fc) {
    // Forecast band: lower bound, then the band's height stacked on it.
    const idx = new Map(cats.map((c, i) => [c, i]));
    const lo = new Array<number | null>(cats.length).fill(null);
    const band = new Array<number | null>(cats.length).fill(null);
    const mean = new Array<number | null>(cats.length).fill(null);
    for (const p of fc.points) {
      const i = idx.get(p.date);
      if (i === undefined) continue;
      lo[i] = p.lo80;
      band[i] = p.hi80 - p.lo80;
      mean[i] = p.mean;
    }
    series.push(
      { name: 'Forecast 80%', type: 'line', data: lo, stack: 'fc', symbol: 'none', lineStyle: { opacity: 0 }, tooltip: { show: false } },
      {
        name: 'Forecast 80%',
        type: 'line',
        data: band,
        stack: 'fc',
        symbol: 'none',
        lineStyle: { opacity: 0 },
        areaStyle: { color: pal.accentSoft },
        itemStyle: { color: pal.accentSoft },
        tooltip: { show: false },
      },
      { name: 'Forecast', type: 'line', data: mean, symbol: 'none', lineStyle: { type: 'dotted', color: pal.accent }, itemStyle: { color: pal.accent } },
    );
  }
  return {
    ...baseOption(pal),
    tooltip: tooltip(pal, {
      trigger: 'axis',
      valueFormatter: (v: unknown) => f.money(v as number),
      // The band's series are hidden from the tooltip (their values are stacked heights); the range is added under the forecast.
      formatter: (params: unknown) => {
        const ps = (params as Array<{ seriesName: string; value: unknown; marker: string; axisValue: string }>).filter(
          (p) => p.value !== null && p.value !== undefined && p.seriesName !== 'Forecast 80%',
        );
        if (!ps.length) return '';
        const lines = [`<strong>${bucketLabel(ps[0].axisValue)}</strong>`, ...ps.map((p) => `${p.marker}${p.seriesName}: ${f.money(p.value as number)}`)];
        const x = fc?.points.find((q) => q.date === ps[0].axisValue);
        if (x) lines.push(`Likely (80%): ${f.money(x.lo80)} – ${f.money(x.hi80)}`);
        return lines.join('<br/>');
      },
    }),
    xAxis: {
      type: 'category',
      data: cats,
      boundaryGap: daily,
      ...axisStyle(pal),
      splitLine: { show: false },
      axisLabel: { color: pal.muted, formatter: bucketLabel, hideOverlap: true },
    },
    yAxis: { type: 'value', ...axisStyle(pal), axisLabel: { color: pal.muted, formatter: (v: number) => f.moneyCompact(v) } },
    series,
  };
}

/** The twelve best categories as horizontal bars, the best on top. */
export function categoryOption(byCategory: NamedValue[], { palette: pal, format: f }: ChartContext): ChartOption {
  const rows = byCategory.slice(0, 12).reverse();
  return {
    ...baseOption(pal),
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    legend: { show: false },
    tooltip: tooltip(pal, { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => f.money(v as number) }),
    xAxis: { type: 'value', ...axisStyle(pal), axisLabel: { color: pal.muted, formatter: (v: number) => f.moneyCompact(v) } },
    yAxis: { type: 'category', data: rows.map((r) => r.name), ...axisStyle(pal), axisLabel: { color: pal.text, width: 140, overflow: 'truncate' } },
    series: [{ name: 'Net sales', type: 'bar', data: rows.map((r) => r.net), itemStyle: { color: pal.accent, borderRadius: [0, 4, 4, 0] }, barMaxWidth: 22 }],
  };
}

export function newReturningOption(nv: ExecutiveDashboard['newVsReturning'], { palette: pal, format: f }: ChartContext): ChartOption {
  return {
    ...baseOption(pal),
    tooltip: tooltip(pal, { trigger: 'item', valueFormatter: (v: unknown) => f.money(v as number) }),
    legend: { ...(baseOption(pal).legend as object), top: 'bottom', left: 'center' },
    series: [
      {
        name: 'Net sales',
        type: 'pie',
        radius: ['52%', '78%'],
        center: ['50%', '45%'],
        avoidLabelOverlap: true,
        itemStyle: { borderColor: pal.surface, borderWidth: 2 },
        label: { color: pal.text, formatter: (p: { percent: number }) => f.pct(p.percent / 100, 0) },
        data: [
          { name: 'New customers', value: Math.max(0, nv.newNet), itemStyle: { color: pal.series[1] } },
          { name: 'Returning customers', value: Math.max(0, nv.returningNet), itemStyle: { color: pal.accent } },
          ...(nv.anonymousNet > 0 ? [{ name: 'No customer recorded', value: nv.anonymousNet, itemStyle: { color: pal.compare } }] : []),
        ],
      },
    ],
  };
}
