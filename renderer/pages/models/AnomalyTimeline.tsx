/**
 * The Forecasts page's anomaly timeline: every anomaly of the serving run by
 * date and score, one colour per scope, and the run's figures (rows scored
 * and anomalies found per scope, time).
 */
import type { AnomalyItem } from '../../../common/api-anomalies.js';
import { useApi } from '../../lib/api.js';
import { dayMonth, num } from '../../lib/format.js';
import { axisStyle, baseOption, Chart } from '../../ui/Chart.js';
import { Card, EmptyState } from '../../ui/components.js';

const SCOPES: Array<{ key: string; label: string; test: (a: AnomalyItem) => boolean }> = [
  { key: 'total', label: 'Whole day', test: (a) => a.scope === 'total' },
  { key: 'product', label: 'Product', test: (a) => a.scope.startsWith('product:') },
  { key: 'refunds', label: 'Refunds', test: (a) => a.scope === 'refunds' },
  { key: 'line', label: 'Till line', test: (a) => a.scope === 'line' },
];

export function AnomalyTimeline() {
  const res = useApi('anomalies', {});
  const runs = useApi('modelRuns', { kind: 'anomalies', limit: 1 });
  const list = res.data;
  if (!list) return null;
  if (!list.run)
    return (
      <Card title="Unusual days">
        <EmptyState title="Not checked yet" icon="sparkle">
          The anomaly model runs with the others after each import.
        </EmptyState>
      </Card>
    );
  const run = runs.data?.[0];
  const scopes = (run?.metrics.scopes ?? {}) as Record<string, { rows: number; flagged: number; ms: number }>;
  return (
    <div className="anomaly-timeline" data-anomaly-timeline={list.anomalies.length}>
      <Chart
        title="Unusual days over time"
        subtitle="Each point is an anomaly: higher is more isolated (isolation forest score, 0.5 is ordinary, 1 is as odd as it gets)"
        className="span-full"
        height={260}
        csv={{
          header: ['Date', 'Scope', 'Score', 'Expected', 'Actual', 'Direction', 'Explanation'],
          rows: list.anomalies.map((a) => [a.date, a.scope, a.score, a.expected, a.actual, a.direction, a.explanation]),
        }}
        option={(pal) => ({
          ...baseOption(pal),
          tooltip: { ...(baseOption(pal).tooltip as object), trigger: 'item', formatter: (p: { data: [string, number, string] }) => p.data[2] },
          xAxis: {
            type: 'time',
            ...axisStyle(pal),
            axisLabel: { color: pal.muted, formatter: (v: number) => dayMonth(new Date(v).toISOString().slice(0, 10)), hideOverlap: true },
          },
          yAxis: { type: 'value', min: 0.5, max: 1, ...axisStyle(pal), axisLabel: { color: pal.muted } },
          series: SCOPES.map((s, i) => ({
            name: s.label,
            type: 'scatter',
            symbolSize: 9,
            itemStyle: { color: pal.series[i] },
            data: list.anomalies.filter(s.test).map((a) => [a.date, a.score, a.explanation]),
          })),
        })}
      />
      {run && (
        <p className="muted small" data-anomaly-run={run.id}>
          Run {run.id}:{' '}
          {SCOPES.map((s) => scopeFigure(s.label, scopes, s.key))
            .filter(Boolean)
            .join(' · ')}
          {run.durationMs !== null && ` · ${num(run.durationMs / 1000, 1)} s`}
        </p>
      )}
    </div>
  );
}

const METRIC_KEYS: Record<string, string[]> = {
  total: ['shop days'],
  product: ['product days'],
  refunds: ['refund days', 'product refunds'],
  line: ['single lines'],
};

function scopeFigure(label: string, scopes: Record<string, { rows: number; flagged: number }>, key: string): string {
  const parts = (METRIC_KEYS[key] ?? []).map((k) => scopes[k]).filter((x): x is { rows: number; flagged: number } => !!x);
  if (!parts.length) return '';
  const rows = parts.reduce((a, p) => a + p.rows, 0);
  const flagged = parts.reduce((a, p) => a + p.flagged, 0);
  return `${label}: ${num(flagged)} of ${num(rows)}`;
}
