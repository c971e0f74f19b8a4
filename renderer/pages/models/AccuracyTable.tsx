/** Accuracy per level and model from the serving run's backtest, against "same day last week", in words. */
import type { ForecastRunInfo, ModelAccuracy } from '../../../common/api-forecast.js';
import { num, pct } from '../../lib/format.js';
import { Badge, DataTable } from '../../ui/components.js';
import { coverageWords, LEVEL_NAMES, modelName, versusNaive } from './words.js';

interface Row {
  level: string;
  model: string;
  served: boolean;
  naive: ModelAccuracy | null;
  a: ModelAccuracy;
}

export function accuracyRows(run: ForecastRunInfo | undefined): Row[] {
  const rows: Row[] = [];
  for (const l of run?.accuracy ?? []) {
    const naive = l.byModel['seasonal-naive'] ?? null;
    rows.push({ level: l.level, model: 'served', served: true, naive, a: l.served });
    const models = Object.entries(l.byModel).sort((x, y) => (x[1].wape ?? Infinity) - (y[1].wape ?? Infinity));
    for (const [model, a] of models) rows.push({ level: l.level, model, served: false, naive, a });
  }
  return rows;
}

/** Compared on the same series only: a model used on a few series can't be set against the baseline on all. */
function against(r: Row): string {
  if (!r.naive) return '—';
  if (r.a.series !== r.naive.series) return `used on ${num(r.a.series)} of ${num(r.naive.series)} series`;
  return versusNaive(r.a.mase, r.naive.mase);
}

export function AccuracyTable({ run }: { run: ForecastRunInfo | undefined }) {
  const rows = accuracyRows(run);
  const first = run?.accuracy[0];
  return (
    <DataTable
      title="How accurate the forecasts are"
      subtitle={
        first
          ? `Backtest: ${first.origins} weekly cuts, ${first.horizon} days ahead each. “Typical error” is the share of sales the forecast missed (WAPE); below 1 on MASE beats repeating last week.`
          : 'No backtest yet'
      }
      className="span-full"
      csvName="forecast-accuracy"
      rows={rows}
      rowKey={(r) => `${r.level}-${r.model}`}
      empty="No backtest figures yet: they appear after the first training."
      columns={[
        {
          key: 'level',
          label: 'Level',
          render: (r) => (r.served ? <strong>{LEVEL_NAMES[r.level] ?? r.level}</strong> : <span className="muted">{LEVEL_NAMES[r.level] ?? r.level}</span>),
          csv: (r) => r.level,
        },
        {
          key: 'model',
          label: 'Model',
          render: (r) => (r.served ? <Badge tone="accent">{modelName(r.model)}</Badge> : modelName(r.model)),
          csv: (r) => r.model,
        },
        { key: 'wape', label: 'Typical error', align: 'right', render: (r) => (r.a.wape === null ? '—' : `off by ${pct(r.a.wape, 0)}`), csv: (r) => r.a.wape },
        {
          key: 'vs',
          label: 'Against repeating last week',
          render: (r) => (r.model === 'seasonal-naive' ? <span className="muted">the baseline</span> : against(r)),
          csv: (r) => against(r),
        },
        { key: 'mase', label: 'MASE', align: 'right', render: (r) => (r.a.mase === null ? '—' : num(r.a.mase, 2)), csv: (r) => r.a.mase },
        {
          key: 'c80',
          label: '80% range',
          align: 'right',
          render: (r) => {
            const c = coverageWords(r.a.coverage80, 0.8);
            return r.a.coverage80 === null ? '—' : <Badge tone={c.tone}>{pct(r.a.coverage80, 0)}</Badge>;
          },
          csv: (r) => r.a.coverage80,
        },
        {
          key: 'c95',
          label: '95% range',
          align: 'right',
          render: (r) => {
            const c = coverageWords(r.a.coverage95, 0.95);
            return r.a.coverage95 === null ? '—' : <Badge tone={c.tone}>{pct(r.a.coverage95, 0)}</Badge>;
          },
          csv: (r) => r.a.coverage95,
        },
        { key: 'series', label: 'Series', align: 'right', render: (r) => num(r.a.series), csv: (r) => r.a.series },
      ]}
    />
  );
}
