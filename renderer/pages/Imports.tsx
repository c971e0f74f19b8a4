/** #/imports — every import with its counts, rejected rows with reasons, undo, and data quality at a glance. */
import { useState } from 'react';
import type { BatchInfo, Reconciliation, RejectedRow } from '../../common/api.js';
import { useApi, useApiContext } from '../lib/api.js';
import { useApp } from '../lib/app-context.js';
import { date, dateRange, money, num, pct } from '../lib/format.js';
import { Badge, Card, EmptyState, ErrorBanner, Icon, Skeleton } from '../ui/components.js';
import { downloadCsv, slug } from '../lib/csv.js';

export function ImportsPage() {
  const batches = useApi('batches', {});
  const quality = useApi('dataQuality', {});
  const { pickFiles } = useApp();
  const q = quality.data;
  return (
    <div className="page" data-page="imports">
      {batches.error && <ErrorBanner message={batches.error} onRetry={batches.reload} />}
      {quality.error && <ErrorBanner message={quality.error} onRetry={quality.reload} />}
      {q && q.batches > 0 && (
        <Card title="Data quality at a glance" className="span-full" subtitle={q.firstDate ? `Sales from ${dateRange(q.firstDate, q.lastDate!)}` : undefined}>
          <div className="quality-grid">
            <Stat label="Rows read" value={num(q.rowsRead)} kpi="rowsRead" raw={q.rowsRead} />
            <Stat label="Imported" value={num(q.rowsImported)} kpi="rowsImported" raw={q.rowsImported} />
            <Stat label="Already imported" value={num(q.rowsDuplicate)} kpi="rowsDuplicate" raw={q.rowsDuplicate} />
            <Stat label="Rejected" value={num(q.rowsRejected)} kpi="rowsRejected" raw={q.rowsRejected} tone={q.rowsRejected ? 'warn' : undefined} />
            <Stat label="Days with sales" value={`${num(q.daysWithSales)} of ${num(q.calendarDays)}`} kpi="daysWithSales" raw={q.daysWithSales} />
            <Stat label="Sales without customer" value={pct(q.anonymousShare)} kpi="anonymousShare" raw={q.anonymousShare} />
            <Stat
              label="Products without category"
              value={`${num(q.productsWithoutCategory)} of ${num(q.products)}`}
              kpi="productsWithoutCategory"
              raw={q.productsWithoutCategory}
            />
            <Stat
              label="Products without cost"
              value={`${num(q.productsWithoutCost)} of ${num(q.products)}`}
              kpi="productsWithoutCost"
              raw={q.productsWithoutCost}
            />
          </div>
          <ul className="checks">
            {q.checks.map((c) => (
              <li key={c.message} className={`check check-${c.level}`}>
                <Icon name={c.level === 'ok' ? 'check' : c.level === 'warn' ? 'alert' : 'info'} size={16} />
                <span>{c.message}</span>
              </li>
            ))}
          </ul>
        </Card>
      )}
      <Card
        title="Imports"
        subtitle="Newest first. Undo removes everything a file brought in, and the dashboards follow."
        className="span-full"
        actions={
          <button type="button" className="btn btn-sm" onClick={pickFiles}>
            <Icon name="upload" size={14} /> Import files
          </button>
        }
      >
        {!batches.data ? (
          <Skeleton height={160} />
        ) : batches.data.length === 0 ? (
          <EmptyState title="Nothing imported yet" icon="file">
            Drop a sales export from your till (a CSV file) anywhere on this window, or use “Import files”. Square, Shopify, Loyverse, Clover, Toast and most
            other tills are recognised; for anything else you can say which column is which.
          </EmptyState>
        ) : (
          <ul className="batch-list">
            {[...batches.data]
              .sort((a, b) => (a.importedAt < b.importedAt ? 1 : a.importedAt > b.importedAt ? -1 : Number(b.batchId) - Number(a.batchId)))
              .map((b) => (
                <BatchItem key={b.batchId} b={b} />
              ))}
          </ul>
        )}
      </Card>
    </div>
  );
}

function Stat({ label, value, kpi, raw, tone }: { label: string; value: string; kpi: string; raw: number; tone?: 'warn' }) {
  return (
    <div className={`stat ${tone ? `stat-${tone}` : ''}`} data-kpi={kpi} data-value={String(raw)}>
      <div className="stat-value">{value}</div>
      <div className="stat-label">{label}</div>
    </div>
  );
}

function BatchItem({ b }: { b: BatchInfo }) {
  const { transport, refresh } = useApiContext();
  const [open, setOpen] = useState(false);
  const [rejects, setRejects] = useState<RejectedRow[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [reconciling, setReconciling] = useState(false);
  const [recon, setRecon] = useState<Reconciliation | null>(null);

  const toggleReconciliation = async () => {
    const next = !reconciling;
    setReconciling(next);
    if (next && recon === null) {
      try {
        setRecon(await transport.call('reconciliation', { batchId: b.batchId }));
      } catch (e) {
        setError(e instanceof Error ? e.message : String(e));
      }
    }
  };

  const toggle = async () => {
    const next = !open;
    setOpen(next);
    if (next && rejects === null) {
      try {
        setRejects(await transport.call('rejects', { batchId: b.batchId, limit: 500 }));
      } catch (e) {
        setError(e instanceof Error ? e.message : String(e));
      }
    }
  };

  const undo = async () => {
    setBusy(true);
    setError(null);
    try {
      await transport.call('undo', { batchId: b.batchId });
      setConfirming(false);
      refresh();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <li className="batch" data-batch={b.batchId}>
      <div className="batch-main">
        <div className="batch-icon" aria-hidden="true">
          <Icon name="file" size={20} />
        </div>
        <div className="batch-info">
          <div className="batch-name">
            <strong title={b.file}>{b.file}</strong> {b.isSample && <Badge tone="warn">Sample</Badge>} <Badge tone="info">{b.sourceKind}</Badge>{' '}
            <span className="muted small">{b.profile}</span>
          </div>
          <div className="batch-meta muted small">
            Imported {formatWhen(b.importedAt)}
            {b.minDate && b.maxDate ? ` · covers ${dateRange(b.minDate, b.maxDate)}` : ''}
          </div>
          <div className="batch-counts">
            <span data-count="read">
              <strong>{num(b.rowsRead)}</strong> read
            </span>
            <span data-count="imported" className="pos">
              <strong>{num(b.rowsImported)}</strong> imported
            </span>
            <span data-count="duplicate">
              <strong>{num(b.rowsDuplicate)}</strong> already in
            </span>
            <span data-count="rejected" className={b.rowsRejected ? 'neg' : ''}>
              <strong>{num(b.rowsRejected)}</strong> rejected
            </span>
          </div>
        </div>
        <div className="batch-actions">
          {b.rowsRejected > 0 && (
            <button type="button" className="btn btn-sm" onClick={() => void toggle()} aria-expanded={open} data-action="show-rejects">
              {open ? 'Hide' : 'Show'} rejected rows
            </button>
          )}
          {b.sourceKind === 'sales' && (
            <button type="button" className="btn btn-sm" onClick={() => void toggleReconciliation()} aria-expanded={reconciling} data-action="reconcile">
              {reconciling ? 'Hide' : 'Check against'} the file's figures
            </button>
          )}
          {!confirming ? (
            <button type="button" className="btn btn-sm btn-danger-ghost" onClick={() => setConfirming(true)} data-action="undo">
              <Icon name="undo" size={14} /> Undo
            </button>
          ) : (
            <span className="confirm" role="group" aria-label="Confirm undo">
              <span className="small">Remove this import?</span>
              <button type="button" className="btn btn-sm btn-danger" onClick={() => void undo()} disabled={busy} data-action="undo-confirm" autoFocus>
                {busy ? 'Removing…' : 'Yes, undo'}
              </button>
              <button type="button" className="btn btn-sm" onClick={() => setConfirming(false)} disabled={busy}>
                Keep
              </button>
            </span>
          )}
        </div>
      </div>
      {error && <ErrorBanner message={error} />}
      {reconciling && (recon === null ? <Skeleton height={80} /> : <ReconciliationPanel r={recon} />)}
      {open && (
        <div className="rejects" data-rejects>
          {rejects === null ? (
            <Skeleton height={80} />
          ) : (
            <>
              <div className="rejects-head">
                <span className="muted small">
                  {rejects.length < b.rowsRejected
                    ? `First ${num(rejects.length)} of ${num(b.rowsRejected)} rejected rows`
                    : `${num(rejects.length)} rejected row${rejects.length === 1 ? '' : 's'}`}
                </span>
                <button
                  type="button"
                  className="btn btn-ghost btn-sm"
                  onClick={() =>
                    downloadCsv(
                      `rejected-${slug(b.file)}`,
                      ['Line', 'Reason', 'Row'],
                      rejects.map((r) => [r.line, r.reason, r.raw ?? '']),
                    )
                  }
                >
                  <Icon name="download" size={14} /> CSV
                </button>
              </div>
              <div className="table-wrap" tabIndex={0} role="region" aria-label={`Rejected rows of ${b.file}`}>
                <table className="table table-compact">
                  <thead>
                    <tr>
                      <th scope="col" className="al-right">
                        Line
                      </th>
                      <th scope="col">Reason</th>
                      <th scope="col">Row as read</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rejects.map((r, i) => (
                      <tr key={`${r.line}-${i}`} data-reject-line={r.line}>
                        <td className="al-right mono">{r.line}</td>
                        <td>{r.reason}</td>
                        <td className="mono small cell-raw">{r.raw ?? ''}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </div>
      )}
    </li>
  );
}

/** What the file says against what Tillsight counted, each difference on its own line (core/analytics/reconciliation.ts). */
function ReconciliationPanel({ r }: { r: Reconciliation }) {
  const rows = r.rows;
  return (
    <div className="rejects" data-reconciliation={r.batchId}>
      <p className="muted small">
        {num(rows.read)} rows read: {num(rows.imported)} imported, {num(rows.duplicate)} already imported, {num(rows.rejected)} not read
        {rows.totalsRows ? ` (${num(rows.totalsRows)} of them the file's own totals)` : ''}
        {rows.notCounted ? `; ${num(rows.notCounted)} voided or cancelled, kept but not counted` : ''}.
      </p>
      {r.note && <p className="muted small">{r.note}</p>}
      {r.figures.map((f) => (
        <div className="table-wrap" key={f.key} tabIndex={0} role="region" aria-label={`${f.label}: the file against Tillsight`}>
          <table className="table table-compact" data-figure={f.key}>
            <caption className="recon-caption">
              <strong>{f.label}</strong>
            </caption>
            <tbody>
              {f.file !== null && (
                <tr data-step="file">
                  <td>
                    <strong>The file says</strong>
                    {f.fileSource ? <span className="muted"> ({f.fileSource})</span> : null}
                  </td>
                  <td className="al-right mono">{money(f.file, { cents: true })}</td>
                </tr>
              )}
              {f.totalsRow && (
                <tr data-step="totals-row">
                  <td>Its own totals row (line {f.totalsRow.line})</td>
                  <td className="al-right mono">{money(f.totalsRow.value, { cents: true })}</td>
                </tr>
              )}
              {f.steps.map((s) => (
                <tr key={s.id} data-step={s.id}>
                  <td>
                    {s.reason}
                    {s.rows !== null ? (
                      <span className="muted">
                        {' '}
                        ({num(s.rows)} row{s.rows === 1 ? '' : 's'})
                      </span>
                    ) : null}
                  </td>
                  <td className={`al-right mono ${s.amount < 0 ? 'neg' : 'pos'}`}>{(s.amount > 0 ? '+' : '') + money(s.amount, { cents: true })}</td>
                </tr>
              ))}
              <tr data-step="counted" data-value={String(f.counted)}>
                <td>
                  <strong>Tillsight counts</strong>
                </td>
                <td className="al-right mono">
                  <strong>{money(f.counted, { cents: true })}</strong>
                </td>
              </tr>
              {f.unexplained ? (
                <tr data-step="unexplained">
                  <td>Not explained</td>
                  <td className="al-right mono neg">{money(f.unexplained, { cents: true })}</td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </div>
      ))}
    </div>
  );
}

function formatWhen(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  try {
    return new Intl.DateTimeFormat(navigator.language, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
  } catch {
    return date(iso.slice(0, 10));
  }
}
