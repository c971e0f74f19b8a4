/**
 * What every chart shares, and the context a builder gets. A builder is a pure
 * function: data + palette + format (locale and currency) → an ECharts option,
 * used as it is by the renderer (canvas) and by the PDF report (server-side SVG).
 */
import type { EChartsCoreOption } from 'echarts/core';
import type { Format } from '../format.js';
import type { Palette } from './palette.js';

export type ChartOption = EChartsCoreOption;

export interface ChartContext {
  palette: Palette;
  format: Format;
}

/** Shared look: transparent background, palette text, quiet grid lines. */
export function baseOption(p: Palette): ChartOption {
  return {
    backgroundColor: 'transparent',
    color: p.series,
    textStyle: { color: p.text, fontFamily: 'inherit' },
    aria: { enabled: true },
    animationDuration: 400,
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    tooltip: {
      backgroundColor: p.surface,
      borderColor: p.axis,
      textStyle: { color: p.text, fontSize: 13 },
      extraCssText: 'box-shadow: 0 6px 24px rgba(0,0,0,0.18); border-radius: 8px;',
    },
    legend: { top: 0, left: 0, textStyle: { color: p.muted }, icon: 'roundRect', itemWidth: 12, itemHeight: 8 },
  };
}

export function axisStyle(p: Palette) {
  return {
    axisLine: { lineStyle: { color: p.axis } },
    axisTick: { show: false },
    axisLabel: { color: p.muted, hideOverlap: true },
    splitLine: { lineStyle: { color: p.grid } },
  };
}

/** The base tooltip with more settings on top. */
export function tooltip(p: Palette, more: Record<string, unknown>): Record<string, unknown> {
  return { ...(baseOption(p).tooltip as object), ...more };
}
