/**
 * ECharts, imported piece by piece from echarts/core (only the charts and
 * components the dashboards use). Loaded as its own chunk after the first
 * paint, so the KPI tiles do not wait for the charting library.
 */
import { init, use } from 'echarts/core';
import { BarChart, HeatmapChart, LineChart, PieChart, ScatterChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, MarkLineComponent, MarkPointComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { LegacyGridContainLabel } from 'echarts/features';
import { CanvasRenderer } from 'echarts/renderers';

// The shared builders (common/charts) keep axis labels inside the grid with containLabel, which ECharts 6 reads only with LegacyGridContainLabel;
// core/reports/charts.ts registers the same pieces (those the PDF draws) for paper.
use([
  LineChart,
  BarChart,
  HeatmapChart,
  PieChart,
  ScatterChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  VisualMapComponent,
  MarkLineComponent,
  MarkPointComponent,
  AriaComponent,
  LegacyGridContainLabel,
  CanvasRenderer,
]);

export { init };
