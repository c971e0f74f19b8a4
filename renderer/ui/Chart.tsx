/**
 * An ECharts chart in a card, imported piece by piece from echarts/core to keep
 * the bundle small, themed from the palette, resized with its container, with
 * a button that downloads the chart's data as CSV.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { EChartsCoreOption, ECharts } from 'echarts/core';
import { useTheme, type Palette } from '../lib/theme.js';
import { downloadCsv, slug, type Cell } from '../lib/csv.js';
import { Card } from './components.js';

type Setup = typeof import('./echarts-setup.js');
let setup: Promise<Setup> | null = null;
let loaded: Setup | null = null;

/** Loads the charting chunk once; main.tsx starts it when the browser is idle after the first paint. */
export function loadCharts(): Promise<Setup> {
  setup ??= import('./echarts-setup.js').then((m) => (loaded = m));
  return setup;
}

export interface CsvData {
  header: string[];
  rows: Cell[][];
}

export interface ChartProps {
  title: string;
  subtitle?: ReactNode;
  /** Builds the option for the current palette. */
  option: (p: Palette) => EChartsCoreOption;
  csv: CsvData | (() => CsvData);
  height?: number;
  actions?: ReactNode;
  className?: string;
  id?: string;
  /** Shown instead of the chart when there is nothing to draw. */
  empty?: ReactNode;
  footer?: ReactNode;
}

/** Shared look: transparent background, palette text, quiet grid lines. */
export function baseOption(p: Palette): EChartsCoreOption {
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

export function Chart({ title, subtitle, option, csv, height = 280, actions, className, id, empty, footer }: ChartProps) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const { palette } = useTheme();
  const [lib, setLib] = useState<Setup | null>(loaded);
  useEffect(() => {
    if (lib) return;
    let live = true;
    void loadCharts().then((m) => live && setLib(m));
    return () => {
      live = false;
    };
  }, [lib]);
  useEffect(() => {
    if (empty || !el.current || !lib) return;
    const c = lib.init(el.current, null, { renderer: 'canvas' });
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, [empty, lib]);
  useEffect(() => {
    if (!chart.current) return;
    chart.current.setOption(option(palette), { notMerge: true });
  });
  const exportCsv = () => {
    const d = typeof csv === 'function' ? csv() : csv;
    downloadCsv(slug(title), d.header, d.rows);
  };
  return (
    <Card
      title={title}
      subtitle={subtitle}
      className={className}
      id={id}
      actions={
        <>
          {actions}
          {!empty && (
            <button type="button" className="btn btn-ghost btn-sm" onClick={exportCsv} aria-label={`Download the data of “${title}” as CSV`} data-csv={slug(title)}>
              <DownloadIcon /> CSV
            </button>
          )}
        </>
      }
      footer={footer}
    >
      {empty ? <div className="chart-empty">{empty}</div> : <div ref={el} className="chart" style={{ height }} role="img" aria-label={title} />}
    </Card>
  );
}

export function DownloadIcon() {
  return (
    <svg width="14" height="14" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
      <path d="M12 3v12m0 0l-4-4m4 4l4-4M4 17v2a2 2 0 002 2h12a2 2 0 002-2v-2" />
    </svg>
  );
}
