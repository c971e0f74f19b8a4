/** Small building blocks: cards, KPI tiles, deltas, tables, empty states, progress. */
import type { ReactNode } from 'react';
import { downloadCsv, slug, type Cell } from '../lib/csv.js';
import { money, num, pct, relativeChange, signedPct } from '../lib/format.js';

export function Card({
  title,
  subtitle,
  actions,
  children,
  className,
  id,
  footer,
}: {
  title?: ReactNode;
  subtitle?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string | undefined;
  id?: string | undefined;
  footer?: ReactNode;
}) {
  return (
    <section className={`card ${className ?? ''}`} id={id} aria-label={typeof title === 'string' ? title : undefined}>
      {(title || actions) && (
        <header className="card-head">
          <div className="card-titles">
            {title && <h2 className="card-title">{title}</h2>}
            {subtitle && <p className="card-sub">{subtitle}</p>}
          </div>
          {actions && <div className="card-actions">{actions}</div>}
        </header>
      )}
      <div className="card-body">{children}</div>
      {footer && <footer className="card-foot">{footer}</footer>}
    </section>
  );
}

export type KpiFormat = 'money' | 'number' | 'percent' | 'decimal';

export function formatValue(v: number | null | undefined, f: KpiFormat): string {
  switch (f) {
    case 'money':
      return money(v);
    case 'number':
      return num(v);
    case 'percent':
      return pct(v);
    case 'decimal':
      return num(v, 1);
  }
}

export interface Comparison {
  label: string;
  value: number | null | undefined;
  /** Shown when value is missing, e.g. "no data a year before". */
  missing?: string;
}

/** A change against a comparison: green up / orange down (or the reverse when lower is better). */
export function Delta({
  current,
  previous,
  label,
  missing,
  inverse = false,
  format = 'relative',
}: {
  current: number | null;
  previous: number | null | undefined;
  label: string;
  missing?: string | undefined;
  inverse?: boolean;
  format?: 'relative' | 'points';
}) {
  if (current === null || previous === null || previous === undefined) {
    return (
      <div className="delta delta-none">
        <span className="delta-val">—</span> <span className="delta-label">{missing ?? `${label}: no data`}</span>
      </div>
    );
  }
  const change = format === 'points' ? current - previous : relativeChange(current, previous);
  if (change === null) {
    return (
      <div className="delta delta-none">
        <span className="delta-val">—</span> <span className="delta-label">{label}</span>
      </div>
    );
  }
  const up = change > 0.0005;
  const down = change < -0.0005;
  const good = inverse ? down : up;
  const bad = inverse ? up : down;
  const text = format === 'points' ? `${change > 0 ? '+' : change < 0 ? '−' : ''}${num(Math.abs(change * 100), 1)} pts` : signedPct(change);
  return (
    <div className={`delta ${good ? 'delta-good' : bad ? 'delta-bad' : 'delta-flat'}`} title={`${label}: ${text}`}>
      <span className="delta-val">
        <span aria-hidden="true">{up ? '▲' : down ? '▼' : '■'}</span> {text}
      </span>{' '}
      <span className="delta-label">{label}</span>
    </div>
  );
}

export function KpiTile({
  name,
  label,
  value,
  format = 'money',
  comparisons = [],
  inverse,
  hint,
  accent,
}: {
  name: string;
  label: string;
  value: number | null;
  format?: KpiFormat;
  comparisons?: Comparison[];
  inverse?: boolean;
  hint?: string;
  accent?: boolean;
}) {
  return (
    <div className={`kpi ${accent ? 'kpi-accent' : ''}`} data-kpi={name} data-value={value === null || !Number.isFinite(value) ? '' : String(value)}>
      <div className="kpi-label">{label}</div>
      <div className="kpi-value">{formatValue(value, format)}</div>
      {hint && <div className="kpi-hint">{hint}</div>}
      {comparisons.length > 0 && (
        <div className="kpi-deltas">
          {comparisons.map((c) => (
            <Delta
              key={c.label}
              current={value}
              previous={c.value}
              label={c.label}
              missing={c.missing}
              inverse={inverse ?? false}
              format={format === 'percent' ? 'points' : 'relative'}
            />
          ))}
        </div>
      )}
    </div>
  );
}

export function EmptyState({ title, children, icon = 'chart', action }: { title: string; children?: ReactNode; icon?: string; action?: ReactNode }) {
  return (
    <div className="empty" role="status">
      <div className="empty-icon" aria-hidden="true">
        <Icon name={icon} size={28} />
      </div>
      <h3 className="empty-title">{title}</h3>
      {children && <div className="empty-text">{children}</div>}
      {action && <div className="empty-action">{action}</div>}
    </div>
  );
}

export function ErrorBanner({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <div className="banner banner-error" role="alert">
      <Icon name="alert" size={18} />
      <span>{message}</span>
      {onRetry && (
        <button type="button" className="btn btn-sm" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function ProgressBar({ done, total, label }: { done: number; total: number | null; label: string }) {
  const frac = total && total > 0 ? Math.min(1, done / total) : null;
  return (
    <div className="progress-wrap">
      <div
        className={`progress ${frac === null ? 'progress-indeterminate' : ''}`}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={frac === null ? undefined : Math.round(frac * 100)}
      >
        <div className="progress-fill" style={frac === null ? undefined : { width: `${frac * 100}%` }} />
      </div>
      <div className="progress-label">
        {label}
        {frac !== null ? ` — ${Math.round(frac * 100)}%` : ''}
      </div>
    </div>
  );
}

export function Skeleton({ height = 120 }: { height?: number }) {
  return <div className="skeleton" style={{ height }} aria-hidden="true" />;
}

export interface Column<T> {
  key: string;
  label: string;
  align?: 'left' | 'right' | 'center';
  render?: (row: T) => ReactNode;
  csv?: (row: T) => Cell;
  width?: string;
}

export function DataTable<T>({
  title,
  subtitle,
  columns,
  rows,
  rowKey,
  empty,
  maxRows,
  csvName,
  className,
  actions,
}: {
  title: string;
  subtitle?: ReactNode;
  columns: Column<T>[];
  rows: T[];
  rowKey: (r: T, i: number) => string | number;
  empty?: ReactNode;
  maxRows?: number;
  csvName?: string;
  className?: string;
  actions?: ReactNode;
}) {
  const shown = maxRows ? rows.slice(0, maxRows) : rows;
  const cell = (c: Column<T>, r: T): Cell => (c.csv ? c.csv(r) : ((r as Record<string, unknown>)[c.key] as Cell));
  return (
    <Card
      title={title}
      subtitle={subtitle}
      className={className}
      actions={
        <>
          {actions}
          {rows.length > 0 && (
            <button
              type="button"
              className="btn btn-ghost btn-sm"
              onClick={() =>
                downloadCsv(
                  csvName ?? slug(title),
                  columns.map((c) => c.label),
                  rows.map((r) => columns.map((c) => cell(c, r))),
                )
              }
              aria-label={`Download “${title}” as CSV`}
              data-csv={csvName ?? slug(title)}
            >
              <Icon name="download" size={14} /> CSV
            </button>
          )}
        </>
      }
    >
      {rows.length === 0 ? (
        <div className="table-empty">{empty ?? 'Nothing to show.'}</div>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={title}>
          <table className="table">
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c.key} scope="col" className={`al-${c.align ?? 'left'}`} style={c.width ? { width: c.width } : undefined}>
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {shown.map((r, i) => (
                <tr key={rowKey(r, i)}>
                  {columns.map((c) => (
                    <td key={c.key} className={`al-${c.align ?? 'left'}`}>
                      {c.render ? c.render(r) : String(cell(c, r) ?? '')}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          {maxRows && rows.length > maxRows && (
            <div className="table-more">
              Showing {num(maxRows)} of {num(rows.length)} — download the CSV for all.
            </div>
          )}
        </div>
      )}
    </Card>
  );
}

export function Badge({ tone = 'neutral', children }: { tone?: 'neutral' | 'good' | 'warn' | 'bad' | 'info' | 'accent'; children: ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

const PATHS: Record<string, string> = {
  chart: 'M4 19V5m0 14h16M8 15v-4m4 4V8m4 7v-6',
  box: 'M21 8l-9-5-9 5 9 5 9-5zm0 0v8l-9 5-9-5V8m9 5v8',
  people: 'M16 19v-1a4 4 0 00-4-4H7a4 4 0 00-4 4v1m13-11a3 3 0 11-6 0 3 3 0 016 0zm5 11v-1a4 4 0 00-3-3.87M16 3.13a3 3 0 010 5.75',
  file: 'M14 3H6a2 2 0 00-2 2v14a2 2 0 002 2h12a2 2 0 002-2V9l-6-6zm0 0v6h6M9 13h6m-6 4h6',
  model: 'M12 2a4 4 0 014 4v1h1a3 3 0 013 3v1a3 3 0 01-3 3h-1v1a4 4 0 01-8 0v-1H7a3 3 0 01-3-3v-1a3 3 0 013-3h1V6a4 4 0 014-4z',
  alert: 'M12 9v4m0 4h.01M10.3 3.9L1.8 18a2 2 0 001.7 3h17a2 2 0 001.7-3L13.7 3.9a2 2 0 00-3.4 0z',
  download: 'M12 3v12m0 0l-4-4m4 4l4-4M4 17v2a2 2 0 002 2h12a2 2 0 002-2v-2',
  upload: 'M12 21V9m0 0l-4 4m4-4l4 4M4 7V5a2 2 0 012-2h12a2 2 0 012 2v2',
  sun: 'M12 3v2m0 14v2m9-9h-2M5 12H3m15.4-6.4L17 7M7 17l-1.4 1.4m12.8 0L17 17M7 7L5.6 5.6M16 12a4 4 0 11-8 0 4 4 0 018 0z',
  moon: 'M21 12.8A9 9 0 1111.2 3a7 7 0 009.8 9.8z',
  overview: 'M3 13h8V3H3v10zm10 8h8V11h-8v10zM3 21h8v-6H3v6zm10-18v6h8V3h-8z',
  clock: 'M12 7v5l3 3m6-3a9 9 0 11-18 0 9 9 0 0118 0z',
  check: 'M5 13l4 4L19 7',
  x: 'M6 6l12 12M18 6L6 18',
  chevronLeft: 'M15 18l-6-6 6-6',
  chevronRight: 'M9 18l6-6-6-6',
  undo: 'M9 14L4 9l5-5M4 9h11a5 5 0 010 10h-3',
  info: 'M12 16v-4m0-4h.01M22 12a10 10 0 11-20 0 10 10 0 0120 0z',
  sparkle: 'M12 3l1.9 5.6L19.5 10l-5.6 1.9L12 17.5l-1.9-5.6L4.5 10l5.6-1.4L12 3z',
  trash: 'M4 7h16m-10 4v6m4-6v6M6 7l1 12a2 2 0 002 2h6a2 2 0 002-2l1-12M9 7V4h6v3',
};

export function Icon({ name, size = 18 }: { name: keyof typeof PATHS; size?: number }) {
  return (
    <svg
      className="icon"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      aria-hidden="true"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d={PATHS[name] ?? PATHS.chart} />
    </svg>
  );
}
