/**
 * ECharts, imported piece by piece from echarts/core (only the charts and
 * components the dashboards use). Loaded as its own chunk after the first
 * paint, so the KPI tiles do not wait for the charting library.
 */
import { init, use } from 'echarts/core';
import { BarChart, HeatmapChart, LineChart, PieChart, ScatterChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, MarkLineComponent, MarkPointComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([LineChart, BarChart, HeatmapChart, PieChart, ScatterChart, GridComponent, TooltipComponent, LegendComponent, VisualMapComponent, MarkLineComponent, MarkPointComponent, AriaComponent, CanvasRenderer]);

export { init };
