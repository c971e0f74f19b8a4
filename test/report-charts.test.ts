/**
 * One chart definition, two renderings: an option from a shared builder
 * (common/charts), as the renderer hands it to ECharts on a canvas, and the
 * same option rendered server-side to SVG for the PDF. The SVG must be that
 * chart: the series and data ECharts holds equal the option's, its legend and
 * axis labels are the builder's (formatted in the chosen locale), and its bars
 * are one per data point. (e2e/report.test.ts checks the browser's side.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { init } from 'echarts/core';
import type { ExecutiveDashboard, OperationsDashboard } from '../common/api-dashboards.js';
import {
  abcOption,
  type ChartOption,
  chartSummary,
  cohortOption,
  forecastOption,
  hourHeatmapOption,
  LIGHT,
  newPerMonthOption,
  newReturningOption,
  PRINT,
  recentDaysOption,
  salesTrendOption,
  valueBandsOption,
  categoryOption,
  basketWeeklyOption,
} from '../common/charts/index.js';
import { createFormat } from '../common/format.js';
import { forPaper, renderChartSvg } from '../core/reports/charts.js';

const f = createFormat('en-GB', 'GBP');
const ctx = { palette: LIGHT, format: f };

function dailyTrend(): ExecutiveDashboard['trend'] {
  const points = Array.from({ length: 14 }, (_, i) => {
    const date = `2011-11-${String(i + 1).padStart(2, '0')}`;
    return {
      date,
      net: i % 7 === 6 ? 0 : 1000 + i * 137.5,
      orders: 10 + i,
      compareNet: 900 + i * 50,
      compareDate: `2011-10-${String(i + 1).padStart(2, '0')}`,
    };
  });
  return { bucket: 'day', points, forecast: null };
}

/** What ECharts itself holds once the option is set on a server-side chart. */
function heldBySsrChart(option: ChartOption): string {
  const chart = init(null, null, { renderer: 'svg', ssr: true, width: 800, height: 300 });
  try {
    chart.setOption(forPaper(option));
    return chartSummary(chart.getOption());
  } finally {
    chart.dispose();
  }
}

test('the sales trend builder gives the same chart to the screen and to the PDF', () => {
  const trend = dailyTrend();
  const option = salesTrendOption(trend, ctx);
  // Same series, same points, same totals as the option the renderer draws.
  assert.equal(heldBySsrChart(option), chartSummary(option));
  assert.equal(
    chartSummary(option),
    `axis:14:2011-11-01:2011-11-14|bar:This period:14:${trend.points.reduce((s, p) => s + p.net, 0).toFixed(2)}|line:Period before:14:${trend.points.reduce((s, p) => s + (p.compareNet ?? 0), 0).toFixed(2)}`,
  );

  const svg = renderChartSvg(option, 800, 300);
  assert.match(svg, /^<svg[^>]+width="800" height="300"/);
  // The legend and the axis labels, in the format's locale.
  for (const label of ['This period', 'Period before', f.dayMonth('2011-11-01'), f.moneyCompact(1500)])
    assert.ok(svg.includes(`>${label}<`), `${label} not drawn`);
  // One bar per day, in the palette's accent colour; a closed day's bar is flat (no rounded top).
  const bars = [...svg.matchAll(/<path d="(M[^"]*)" fill="#0f766e"/g)].map((m) => m[1]);
  assert.equal(bars.length, trend.points.length);
  assert.equal(bars.filter((d) => !d.includes('A')).length, trend.points.filter((p) => p.net === 0).length);
});

test('the palette and the locale reach the SVG: print colours, German months and euros', () => {
  const de = createFormat('de-DE', 'EUR');
  const option = newPerMonthOption(
    [
      { month: '2011-03', newCustomers: 5, returningCustomers: 7 },
      { month: '2011-04', newCustomers: 3, returningCustomers: 9 },
    ],
    { palette: PRINT, format: de },
  );
  const svg = renderChartSvg(option, 600, 260);
  assert.ok(svg.includes(`>${de.monthShort('2011-03')}<`), de.monthShort('2011-03'));
  assert.ok(svg.includes(PRINT.accent));
  assert.equal(heldBySsrChart(option), chartSummary(option));
});

test('every shared builder renders server-side to the chart its option describes', () => {
  const heat: OperationsDashboard['heatmap'] = {
    hasHours: true,
    from: '2011-11-01',
    to: '2011-11-28',
    cells: [
      { weekday: 0, hour: 10, net: 120, orders: 3 },
      { weekday: 4, hour: 15, net: 300, orders: 7 },
    ],
  };
  const options = [
    categoryOption(
      [
        { name: 'Tea', net: 500, units: 20 },
        { name: 'Cups', net: 200, units: 40 },
      ],
      ctx,
    ),
    newReturningOption({ newCustomers: 3, returningCustomers: 5, newNet: 300, returningNet: 700, anonymousNet: 100 }, ctx),
    recentDaysOption(
      [
        { date: '2011-11-01', net: 100, orders: 2, normal: 90 },
        { date: '2011-11-02', net: 50, orders: 1, normal: 95 },
      ],
      ctx,
    ),
    hourHeatmapOption(heat, ctx),
    basketWeeklyOption(
      [
        { week: '2011-10-31', avgValue: 20, avgUnits: 2 },
        { week: '2011-11-07', avgValue: 22, avgUnits: 3 },
      ],
      ctx,
    ),
    abcOption(
      [
        { abcClass: 'A', products: 10, net: 800, share: 0.8 },
        { abcClass: 'B', products: 20, net: 150, share: 0.15 },
        { abcClass: 'C', products: 70, net: 50, share: 0.05 },
      ],
      ctx,
    ),
    valueBandsOption(
      [
        { band: '< £50', customers: 10, net: 200 },
        { band: '£50+', customers: 4, net: 900 },
      ],
      ctx,
    ),
    cohortOption(
      [
        { cohort: '2011-01', size: 10, retention: [1, 0.4, 0.3] },
        { cohort: '2011-02', size: 8, retention: [1, 0.25] },
      ],
      ctx,
    ),
    forecastOption(
      {
        actual: [
          { date: '2011-11-28', net: 100 },
          { date: '2011-12-05', net: 120 },
        ],
        forecast: { model: 'test', points: [{ date: '2011-12-12', mean: 130, lo80: 110, hi80: 150, lo95: 100, hi95: 160 }] },
      },
      ctx,
    ),
  ];
  for (const o of options) {
    assert.equal(heldBySsrChart(o), chartSummary(o));
    const svg = renderChartSvg(o, 500, 260);
    assert.ok(svg.length > 1000 && svg.includes('<path'), chartSummary(o));
  }
});
