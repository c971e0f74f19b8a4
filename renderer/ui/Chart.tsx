/**
 * An ECharts chart in a card, imported piece by piece from echarts/core to keep
 * the bundle small, its option from a shared builder (common/charts), themed from the palette, resized with its container, with
 * a button that downloads the chart's data as CSV.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { EChartsCoreOption, ECharts } from 'echarts/core';
import { chartSummary, type ChartContext } from '../../common/charts/index.js';
import { currentFormat } from '../lib/format.js';
import { useTheme, type Palette } from '../lib/theme.js';
import { downloadCsv, slug, type Cell } from '../lib/csv.js';
import { Card } from './components.js';

// The shared look lives with the builders; re-exported for pages that still build an option inline.
export { axisStyle, baseOption } from '../../common/charts/index.js';

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
  /** Builds the option for the current palette (a builder from common/charts, given chartContext(palette)). */
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

/** The context a shared chart builder (common/charts) needs on screen: the theme's palette and the current format. */
export function chartContext(palette: Palette): ChartContext {
  return { palette, format: currentFormat() };
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
    if (!chart.current || !el.current) return;
    const built = option(palette);
    chart.current.setOption(built, { notMerge: true });
    // What was drawn, in short: the tests compare it with the PDF's chart from the same builder.
    el.current.dataset.chart = chartSummary(built);
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
            <button
              type="button"
              className="btn btn-ghost btn-sm"
              onClick={exportCsv}
              aria-label={`Download the data of “${title}” as CSV`}
              data-csv={slug(title)}
            >
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
    <svg
      width="14"
      height="14"
      viewBox="0 0 24 24"
      aria-hidden="true"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d="M12 3v12m0 0l-4-4m4 4l4-4M4 17v2a2 2 0 002 2h12a2 2 0 002-2v-2" />
    </svg>
  );
}
