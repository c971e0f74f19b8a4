/**
 * Charts for paper: an option from a shared builder (common/charts) rendered by
 * ECharts' server-side SVG renderer (no DOM, no canvas), then drawn into the PDF
 * as vector paths by svg-to-pdfkit, with the embedded fonts.
 */
import { init, use } from 'echarts/core';
import { BarChart, HeatmapChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, VisualMapComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import SVGtoPDF from 'svg-to-pdfkit';
import type { ChartOption } from '../../common/charts/index.js';
import { CHART_FONT_FAMILY, chartFont } from './fonts.js';

// The same chart types as the renderer (renderer/ui/echarts-setup.ts); no tooltip or aria on paper.
use([LineChart, BarChart, HeatmapChart, PieChart, GridComponent, LegendComponent, VisualMapComponent, MarkLineComponent, SVGRenderer]);

/** The option as paper needs it: no animation (SSR draws the first frame), the embedded font. */
export function forPaper(option: ChartOption): ChartOption {
  const o = option as { textStyle?: object; aria?: unknown };
  return { ...option, animation: false, aria: { enabled: false }, textStyle: { ...(o.textStyle ?? {}), fontFamily: CHART_FONT_FAMILY } };
}

export function renderChartSvg(option: ChartOption, width: number, height: number): string {
  const chart = init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(forPaper(option));
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** Draws an SVG at (x, y) in points; the SVG's units are taken as points. */
export function drawSvg(doc: PDFKit.PDFDocument, svg: string, x: number, y: number, width: number, height: number): void {
  SVGtoPDF(doc, svg, x, y, { width, height, assumePt: true, fontCallback: (family, bold) => chartFont(family, bold) });
}
