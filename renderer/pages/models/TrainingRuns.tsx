/** The training runs of every model: when, on what data, how long, how much memory, and the headline result. */
import type { ModelRunInfo } from '../../../common/api-models.js';
import type { ForecastRunInfo } from '../../../common/api-forecast.js';
import { dateRange, num, pct } from '../../lib/format.js';
import { Badge, DataTable } from '../../ui/components.js';

const STATUS: Record<ModelRunInfo['status'], { label: string; tone: 'good' | 'bad' | 'warn' | 'info' }> = {
  ok: { label: 'Done', tone: 'good' },
  failed: { label: 'Failed', tone: 'bad' },
  cancelled: { label: 'Cancelled', tone: 'warn' },
  running: { label: 'Running', tone: 'info' },
};

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const seconds = (ms: number | null) => (ms === null ? '—' : ms < 10_000 ? `${num(ms / 1000, 1)} s` : `${num(ms / 1000)} s`);

function result(r: ModelRunInfo, forecasts: Map<number, ForecastRunInfo>): string {
  if (r.error) return r.error;
  const f = forecasts.get(r.id);
  if (f) {
    const total = f.accuracy.find((a) => a.level === 'total');
    return total?.served.wape !== null && total?.served.wape !== undefined
      ? `shop total off by ${pct(total.served.wape, 0)} in the backtest`
      : (f.summary ?? '');
  }
  const parts = Object.entries(r.metrics)
    .filter(([, v]) => typeof v === 'number' || typeof v === 'string')
    .slice(0, 3)
    .map(([k, v]) => `${k}: ${typeof v === 'number' ? num(v, Math.abs(v) < 10 ? 2 : 0) : String(v)}`);
  return parts.join(', ');
}

export function TrainingRuns({ runs, forecastRuns }: { runs: ModelRunInfo[]; forecastRuns: ForecastRunInfo[] }) {
  const byId = new Map(forecastRuns.map((f) => [f.id, f]));
  return (
    <DataTable
      title="Training runs"
      subtitle="Every training on this computer, newest first; the runs marked “in use” are the ones the dashboards show"
      className="span-full"
      csvName="training-runs"
      rows={runs}
      rowKey={(r) => r.id}
      maxRows={20}
      empty="No training yet."
      columns={[
        { key: 'startedAt', label: 'Started', render: (r) => when(r.startedAt), csv: (r) => r.startedAt },
        { key: 'kind', label: 'Model', render: (r) => <span className="cell-strong">{r.kind}</span> },
        {
          key: 'status',
          label: 'Status',
          render: (r) => (
            <>
              <Badge tone={STATUS[r.status].tone}>{STATUS[r.status].label}</Badge> {r.serving && <Badge tone="accent">in use</Badge>}
            </>
          ),
          csv: (r) => `${r.status}${r.serving ? ' (in use)' : ''}`,
        },
        { key: 'reason', label: 'Why', render: (r) => r.reason ?? '—' },
        {
          key: 'data',
          label: 'Data seen',
          render: (r) => (r.dataFrom && r.dataTo ? dateRange(r.dataFrom, r.dataTo) : '—'),
          csv: (r) => (r.dataFrom && r.dataTo ? `${r.dataFrom}..${r.dataTo}` : ''),
        },
        { key: 'duration', label: 'Took', align: 'right', render: (r) => seconds(r.durationMs), csv: (r) => r.durationMs },
        {
          key: 'memory',
          label: 'Peak memory',
          align: 'right',
          render: (r) => (r.peakRssMb === null ? '—' : `${num(r.peakRssMb)} MB`),
          csv: (r) => r.peakRssMb,
        },
        { key: 'result', label: 'Result', render: (r) => <span className="cell-wrap">{result(r, byId)}</span>, csv: (r) => result(r, byId) },
      ]}
    />
  );
}
