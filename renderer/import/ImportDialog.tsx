/**
 * Import preview and commit, one file after another: hand the file to the host (its
 * bytes; on the desktop, its path, so the host reads it where it is), show
 * what the core detected (source, column mapping, date format) and the first
 * rows with their status, let the owner fix the mapping, then import with a
 * progress bar. A file the core refuses shows its message and changes nothing.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CanonicalField, ImportBatchResult, ImportOptions, ImportPreview, ProgressEvent } from '../../common/api.js';
import { newTaskId, useTransport } from '../lib/api.js';
import { uploadFile } from '../transport/index.js';
import { dateRange, money, num } from '../lib/format.js';
import { Badge, Icon, ProgressBar } from '../ui/components.js';

export const FIELD_LABELS: Record<CanonicalField, string> = {
  datetime: 'Date and time',
  date: 'Date',
  time: 'Time',
  timezone: 'Time zone',
  receipt: 'Receipt / invoice number',
  sku: 'Product code (SKU)',
  product: 'Product name',
  variant: 'Variant',
  category: 'Category',
  quantity: 'Quantity',
  unitPrice: 'Unit price',
  gross: 'Gross sales',
  discount: 'Discount',
  net: 'Net sales',
  tax: 'Tax',
  cost: 'Cost',
  customerId: 'Customer ID',
  customerName: 'Customer name',
  customerEmail: 'Customer email',
  country: 'Country',
  store: 'Store / location',
  eventType: 'Event type (sale / refund)',
  status: 'Status',
  refundFlag: 'Refund flag',
  voidFlag: 'Void flag',
  currency: 'Currency',
  supplier: 'Supplier',
  leadTime: 'Lead time (days)',
  onHand: 'Stock on hand',
  received: 'Units received',
  price: 'Price',
  collected: 'Total collected',
  tip: 'Tip',
  serviceCharge: 'Service charge',
};

const DATE_ORDERS = [
  { value: 'DMY', label: 'Day / month / year (31/12/2025)' },
  { value: 'MDY', label: 'Month / day / year (12/31/2025)' },
  { value: 'YMD', label: 'Year-month-day (2025-12-31)' },
] as const;

type Stage =
  | { kind: 'uploading' }
  | { kind: 'previewing'; preview: ImportPreview | null; taskId: string; progress: ProgressEvent | null }
  | { kind: 'preview'; preview: ImportPreview }
  | { kind: 'importing'; preview: ImportPreview; progress: ProgressEvent | null; taskId: string }
  | { kind: 'done'; result: ImportBatchResult }
  | { kind: 'error'; message: string; preview: ImportPreview | null };

/** A file to import: one the page holds (drop, picker), or one the desktop host already has by path (menu, OS). */
export type ImportSource = File | { uploadId: string; name: string; size: number };

export function ImportDialog({ files, onClose }: { files: ImportSource[]; onClose: (changed: boolean) => void }) {
  const transport = useTransport();
  const [index, setIndex] = useState(0);
  const [stage, setStage] = useState<Stage>({ kind: 'uploading' });
  const [uploadId, setUploadId] = useState<string | null>(null);
  const [options, setOptions] = useState<ImportOptions>({});
  const [changed, setChanged] = useState(false);
  const [results, setResults] = useState<ImportBatchResult[]>([]);
  const dialog = useRef<HTMLDivElement>(null);
  const file = files[index];

  const preview = useCallback(
    async (id: string, opts: ImportOptions) => {
      // A big file's preview reads all of it: its progress is shown, and it can be cancelled.
      const taskId = newTaskId();
      setStage((s) => ({ kind: 'previewing', preview: 'preview' in s ? s.preview : null, taskId, progress: null }));
      const off = transport.onProgress((e) => {
        if (e.taskId === taskId) setStage((s) => (s.kind === 'previewing' && s.taskId === taskId ? { ...s, progress: e } : s));
      });
      try {
        const p = await transport.call('importPreview', { uploadId: id, options: opts, taskId });
        setStage({ kind: 'preview', preview: p });
      } catch (e) {
        setStage({ kind: 'error', message: e instanceof Error ? e.message : String(e), preview: null });
      } finally {
        off();
      }
    },
    [transport],
  );

  // Upload the current file, then preview it.
  useEffect(() => {
    let cancelled = false;
    setStage({ kind: 'uploading' });
    setUploadId(null);
    setOptions({});
    void (async () => {
      try {
        const { uploadId: id } = 'uploadId' in file ? file : await uploadFile(transport, file);
        if (cancelled) return;
        setUploadId(id);
        await preview(id, {});
      } catch (e) {
        if (!cancelled) setStage({ kind: 'error', message: e instanceof Error ? e.message : String(e), preview: null });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [file, transport, preview]);

  useEffect(() => {
    dialog.current?.focus();
  }, [index]);

  const busy = stage.kind === 'importing' || stage.kind === 'uploading';
  const close = useCallback(() => {
    if (!busy) onClose(changed);
  }, [busy, changed, onClose]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [close]);

  const update = (next: ImportOptions) => {
    setOptions(next);
    if (uploadId) void preview(uploadId, next);
  };

  const commit = async (p: ImportPreview) => {
    if (!uploadId) return;
    const taskId = newTaskId();
    setStage({ kind: 'importing', preview: p, progress: null, taskId });
    const off = transport.onProgress((e) => {
      if (e.taskId === taskId) setStage((s) => (s.kind === 'importing' ? { ...s, progress: e } : s));
    });
    try {
      const result = await transport.call('importCommit', { uploadId, options, taskId });
      setChanged(true);
      setResults((r) => [...r, result]);
      setStage({ kind: 'done', result });
    } catch (e) {
      setStage({ kind: 'error', message: e instanceof Error ? e.message : String(e), preview: p });
    } finally {
      off();
    }
  };

  const cancel = async () => {
    if (stage.kind !== 'importing' && stage.kind !== 'previewing') return;
    try {
      await transport.call('cancelTask', { taskId: stage.taskId });
    } catch {
      /* the import may have finished already */
    }
  };

  const next = () => {
    if (index + 1 < files.length) setIndex(index + 1);
    else onClose(changed);
  };

  const p = 'preview' in stage ? stage.preview : null;
  const headerToField = new Map<string, string>();
  if (p) for (const [field, header] of Object.entries(options.mapping ?? p.mapping)) headerToField.set(header, field);

  const setField = (header: string, field: string) => {
    if (!p) return;
    const mapping: Record<string, string> = { ...(options.mapping ?? p.mapping) };
    for (const [f, h] of Object.entries(mapping)) if (h === header || f === field) delete mapping[f];
    if (field) mapping[field] = header;
    update({ ...options, mapping });
  };

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby="import-title"
        ref={dialog}
        tabIndex={-1}
        data-import-dialog
        data-stage={stage.kind}
      >
        <header className="modal-head">
          <div>
            <h2 id="import-title">Import {files.length > 1 ? `file ${index + 1} of ${files.length}` : 'a file'}</h2>
            <p className="modal-file" title={file.name}>
              <Icon name="file" size={16} /> {file.name} <span className="muted">· {formatBytes(file.size)}</span>
            </p>
          </div>
          <button type="button" className="btn btn-icon" onClick={close} disabled={busy} aria-label="Close">
            <Icon name="x" />
          </button>
        </header>

        <div className="modal-body">
          {stage.kind === 'uploading' && <ProgressBar done={0} total={null} label="Reading the file…" />}

          {stage.kind === 'error' && (
            <div className="banner banner-error" role="alert" data-import-error>
              <Icon name="alert" size={20} />
              <div>
                <strong>This file could not be imported.</strong>
                <p>{capitalise(stage.message)}</p>
                <p className="muted">Nothing was changed in your data.</p>
              </div>
            </div>
          )}

          {p && stage.kind !== 'done' && (
            <>
              <div className="detect-grid">
                <div>
                  <div className="detect-label">Detected as</div>
                  <div className="detect-value" data-profile={p.profile}>
                    {p.profileName} <Badge tone="info">{p.sourceKind === 'sales' ? 'sales' : p.sourceKind === 'products' ? 'product list' : 'stock'}</Badge>
                  </div>
                </div>
                <div>
                  <div className="detect-label">File</div>
                  <div className="detect-value">
                    {p.encoding}, “{p.delimiter === '\t' ? 'tab' : p.delimiter}” separated, header on line {p.headerLine}
                  </div>
                </div>
                <label>
                  <div className="detect-label">Dates are written</div>
                  <select
                    value={options.dateOrder ?? p.dateOrder ?? ''}
                    onChange={(e) => update({ ...options, dateOrder: e.target.value as 'MDY' | 'DMY' | 'YMD' })}
                    disabled={stage.kind !== 'preview'}
                    data-date-order
                  >
                    {!p.dateOrder && !options.dateOrder && <option value="">Not detected</option>}
                    {DATE_ORDERS.map((d) => (
                      <option key={d.value} value={d.value}>
                        {d.label}
                      </option>
                    ))}
                  </select>
                </label>
              </div>

              <div className="counts" data-preview-counts>
                <Count label="Rows" value={p.counts.rows} />
                <Count label="New" value={p.counts.new} tone="good" />
                <Count label="Already imported" value={p.counts.duplicate} tone="info" />
                <Count label="Rejected" value={p.counts.rejected} tone={p.counts.rejected ? 'bad' : 'neutral'} />
              </div>

              {p.warnings.length > 0 && (
                <ul className="warnings">
                  {p.warnings.map((w) => (
                    <li key={w}>
                      <Icon name="info" size={16} /> {w}
                    </li>
                  ))}
                </ul>
              )}

              <details className="mapping" open={p.sourceKind !== 'sales' || p.profile === 'generic'}>
                <summary>
                  Columns ({Object.keys(options.mapping ?? p.mapping).length} of {p.headers.length} used) — change if something is wrong
                </summary>
                <div className="mapping-grid">
                  {p.headers.map((h) => (
                    <label key={h} className="mapping-row">
                      <span className="mapping-header" title={h}>
                        {h}
                      </span>
                      <span aria-hidden="true" className="muted">
                        →
                      </span>
                      <select
                        value={headerToField.get(h) ?? ''}
                        onChange={(e) => setField(h, e.target.value)}
                        disabled={stage.kind !== 'preview'}
                        data-map-header={h}
                      >
                        <option value="">— not used —</option>
                        {(Object.keys(FIELD_LABELS) as CanonicalField[]).map((f) => (
                          <option key={f} value={f}>
                            {FIELD_LABELS[f]}
                          </option>
                        ))}
                      </select>
                    </label>
                  ))}
                </div>
              </details>

              <div className="table-wrap preview-table" tabIndex={0} role="region" aria-label="First rows as they will be read">
                <table className="table table-compact">
                  <thead>
                    <tr>
                      <th scope="col" className="al-right">
                        Line
                      </th>
                      <th scope="col">Status</th>
                      <th scope="col">Date</th>
                      <th scope="col">Receipt</th>
                      <th scope="col">Product</th>
                      <th scope="col" className="al-right">
                        Qty
                      </th>
                      <th scope="col" className="al-right">
                        Net
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.sample.map((r) => (
                      <tr key={r.line} className={`row-${r.status}`} data-row-status={r.status}>
                        <td className="al-right muted">{r.line}</td>
                        <td>
                          <Badge tone={r.status === 'new' ? 'good' : r.status === 'duplicate' ? 'info' : 'bad'}>
                            {r.status === 'duplicate' ? 'already in' : r.status}
                          </Badge>
                          {r.reason && <div className="row-reason">{r.reason}</div>}
                        </td>
                        <td>{r.date ?? ''}</td>
                        <td>{r.receipt ?? ''}</td>
                        <td className="cell-wrap">{r.product ?? ''}</td>
                        <td className="al-right">{r.quantity === undefined ? '' : num(r.quantity, Number.isInteger(r.quantity) ? 0 : 2)}</td>
                        <td className="al-right">{r.net === undefined ? '' : money(r.net, { cents: true })}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}

          {stage.kind === 'previewing' && stage.progress && (
            <div data-preview-progress>
              <ProgressBar
                done={stage.progress.done}
                total={stage.progress.total}
                label={`Reading the whole file to preview it: ${stage.progress.message ?? '…'}`}
              />
              <button type="button" className="btn btn-sm" onClick={() => void cancel()} data-action="cancel-preview">
                Cancel
              </button>
            </div>
          )}

          {stage.kind === 'importing' && (
            <ProgressBar
              done={stage.progress?.done ?? 0}
              total={stage.progress?.total ?? null}
              label={stage.progress?.message ?? (stage.progress ? `${capitalise(stage.progress.phase)}…` : 'Importing…')}
            />
          )}

          {stage.kind === 'done' && (
            <div className="done" data-import-done>
              <div className="done-icon" aria-hidden="true">
                <Icon name="check" size={28} />
              </div>
              <h3>
                Imported {num(stage.result.rowsImported)} row{stage.result.rowsImported === 1 ? '' : 's'}
              </h3>
              <p>
                {stage.result.profileName}
                {stage.result.minDate && stage.result.maxDate ? `, ${dateRange(stage.result.minDate, stage.result.maxDate)}` : ''}.
              </p>
              <div className="counts">
                <Count label="Read" value={stage.result.rowsRead} />
                <Count label="Imported" value={stage.result.rowsImported} tone="good" />
                <Count label="Already imported" value={stage.result.rowsDuplicate} tone="info" />
                <Count label="Rejected" value={stage.result.rowsRejected} tone={stage.result.rowsRejected ? 'bad' : 'neutral'} />
              </div>
              {stage.result.rowsRejected > 0 && <p className="muted">The rejected rows and their reasons are on the Imports page.</p>}
            </div>
          )}
        </div>

        <footer className="modal-foot">
          {stage.kind === 'importing' ? (
            <button type="button" className="btn" onClick={() => void cancel()}>
              Cancel import
            </button>
          ) : stage.kind === 'done' || stage.kind === 'error' ? (
            <>
              {results.length > 0 && (
                <span className="muted">
                  {results.length} file{results.length > 1 ? 's' : ''} imported
                </span>
              )}
              <button type="button" className="btn btn-primary" onClick={next} data-action="import-next">
                {index + 1 < files.length ? 'Next file' : stage.kind === 'done' ? 'See the dashboards' : 'Close'}
              </button>
            </>
          ) : (
            <>
              <button type="button" className="btn" onClick={files.length > 1 && index + 1 < files.length ? next : close} disabled={busy}>
                {files.length > 1 && index + 1 < files.length ? 'Skip this file' : 'Cancel'}
              </button>
              <button
                type="button"
                className="btn btn-primary"
                disabled={stage.kind !== 'preview' || !p || p.counts.new === 0}
                onClick={() => p && void commit(p)}
                data-action="import-commit"
              >
                {p && p.counts.new === 0 ? 'Nothing new to import' : `Import ${p ? num(p.counts.new) : ''} new rows`}
              </button>
            </>
          )}
        </footer>
      </div>
    </div>
  );
}

function Count({ label, value, tone = 'neutral' }: { label: string; value: number; tone?: 'good' | 'bad' | 'info' | 'neutral' }) {
  return (
    <div className={`count count-${tone}`} data-count={label.toLowerCase().replace(/\s+/g, '-')} data-value={value}>
      <div className="count-value">{num(value)}</div>
      <div className="count-label">{label}</div>
    </div>
  );
}

function capitalise(s: string): string {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${num(n / 1024, 0)} KB`;
  return `${num(n / 1024 / 1024, 1)} MB`;
}
