// Ambient declarations of two untyped packages: referenced here, not imported, so that every program that
// compiles this file through its imports (the Electron shell's tsconfig too) sees them.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./svg-to-pdfkit.d.ts" />
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./echarts-parts.d.ts" />
/**
 * Charts for paper: an option from a shared builder (common/charts) rendered by
 * ECharts' server-side SVG renderer (no DOM, no canvas), then drawn into the PDF
 * as vector paths by svg-to-pdfkit, with the embedded fonts.
 */
import { init, use } from 'echarts/core';
// Each piece by its own file: the 'echarts/charts' and 'echarts/components' indexes load every chart and
// component ECharts has (about a second of a report's start-up on a loaded machine; a third of it quiet).
// The same pieces as the renderer (renderer/ui/echarts-setup.ts), the SVG renderer instead of the canvas one;
// tooltips draw nothing on paper, but are registered so the builders' tooltip settings are understood.
import 'echarts/lib/chart/line.js';
import 'echarts/lib/chart/bar.js';
import 'echarts/lib/chart/pie.js';
import 'echarts/lib/chart/heatmap.js';
import 'echarts/lib/component/grid.js';
import 'echarts/lib/component/tooltip.js';
import 'echarts/lib/component/legend.js';
import 'echarts/lib/component/visualMap.js';
import 'echarts/lib/component/markLine.js';
import { installLegacyGridContainLabel } from 'echarts/lib/coord/cartesian/legacyContainLabel.js';
import { install as installSVGRenderer } from 'echarts/lib/renderer/installSVGRenderer.js';
import SVGtoPDF from 'svg-to-pdfkit';
import type { ChartOption } from '../../common/charts/index.js';
import { CHART_FONT_FAMILY, chartFont } from './fonts.js';

// Both are installers as `use` takes them; their files carry no types, so they are typed here as use's argument.
use([installLegacyGridContainLabel, installSVGRenderer] as Parameters<typeof use>[0]);

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

/**
 * Draws an SVG laid out for `svgWidth` units across into a `width` points wide
 * box at (x, y): scaled by the page's transform (svg-to-pdfkit draws an SVG with
 * its own width and height at one point per unit).
 */
export function drawSvg(doc: PDFKit.PDFDocument, svg: string, svgWidth: number, x: number, y: number, width: number): void {
  const scale = width / svgWidth;
  doc.save();
  doc.translate(x, y).scale(scale);
  SVGtoPDF(doc, svg, 0, 0, { assumePt: true, fontCallback: (family, bold) => chartFont(family, bold) });
  doc.restore();
}
