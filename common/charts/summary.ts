/**
 * A short, stable description of a chart option: each series' type, name, point
 * count and total, and the category axis' length and ends. The renderer writes it
 * on each chart's element (data-chart) and the tests compare it with the option
 * the PDF renders, to show that screen and paper draw the same chart.
 */
import type { ChartOption } from './base.js';

type Point = number | null | undefined | { value?: unknown } | unknown[];

function pointValue(p: Point): number {
  const v: unknown = p !== null && typeof p === 'object' && !Array.isArray(p) ? p.value : p;
  const last: unknown = Array.isArray(v) ? (v as unknown[])[v.length - 1] : v;
  return typeof last === 'number' && Number.isFinite(last) ? last : 0;
}

function label(v: unknown): string {
  return typeof v === 'string' || typeof v === 'number' ? String(v) : v === undefined || v === null ? '' : JSON.stringify(v);
}

export function chartSummary(option: ChartOption): string {
  const o = option as { series?: Array<{ type?: string; name?: string; data?: Point[] }>; xAxis?: unknown; yAxis?: unknown };
  const parts: string[] = [];
  const axes = [o.xAxis, o.yAxis].flatMap((a): unknown[] => (Array.isArray(a) ? (a as unknown[]) : a ? [a] : [])) as Array<{ type?: string; data?: unknown[] }>;
  for (const axis of axes) {
    if (axis.type === 'category' && axis.data) parts.push(`axis:${axis.data.length}:${label(axis.data[0])}:${label(axis.data.at(-1))}`);
  }
  for (const s of o.series ?? []) {
    const data = s.data ?? [];
    const total = data.reduce<number>((sum, p) => sum + pointValue(p), 0);
    parts.push(`${s.type ?? '?'}:${s.name ?? ''}:${data.length}:${total.toFixed(2)}`);
  }
  return parts.join('|');
}
