/**
 * The chart definitions shared by screen and paper: pure option builders
 * (data + palette + locale → ECharts option), no DOM, no rendering. The
 * renderer draws them on a canvas; core/reports renders them to SVG for PDFs.
 */
export { axisStyle, baseOption, tooltip, type ChartContext, type ChartOption } from './base.js';
export { DARK, LIGHT, PRINT, type Palette } from './palette.js';
export { categoryOption, newReturningOption, salesTrendOption } from './executive.js';
export { basketWeeklyOption, hourHeatmapOption, recentDaysOption } from './operations.js';
export { abcOption } from './inventory.js';
export { cohortHeight, cohortOption, newPerMonthOption, valueBandsOption } from './customers.js';
export { forecastOption, type ForecastChartData } from './forecast.js';
export { chartSummary } from './summary.js';
