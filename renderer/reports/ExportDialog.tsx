/**
 * Export PDF: the owner chooses the period, the sections, the paper, the shop's
 * name and logo (remembered), then the core renders the report in a worker
 * thread (reportExport, with progress) and the host saves it: a download under
 * `tillsight serve`, the native save dialog in the desktop app.
 */
import { useEffect, useRef, useState } from 'react';
import type { ProgressEvent } from '../../common/api.js';
import type { ReportExport } from '../../common/api-reports.js';
import { MAX_LOGO_BYTES, REPORT_SECTIONS, REPORT_SECTION_TITLES, type ReportSection } from '../../common/report-sections.js';
import { newTaskId, useTransport } from '../lib/api.js';
import { useApp } from '../lib/app-context.js';
import { getFormatLocale } from '../lib/format.js';
import { defaultPaper, getReportSettings, setReportSettings } from '../lib/settings.js';
import { Icon, ProgressBar } from '../ui/components.js';

type Stage =
  | { kind: 'choose' }
  | { kind: 'rendering'; progress: ProgressEvent | null }
  | { kind: 'done'; result: ReportExport; saved: boolean }
  | { kind: 'error'; message: string };

/** The core's default period: from the 1st of the month eleven months before the latest sale, to that sale. */
function defaultFrom(first: string, last: string): string {
  const y = Number(last.slice(0, 4));
  const m = Number(last.slice(5, 7)) - 11;
  const d = new Date(Date.UTC(y, m - 1, 1)).toISOString().slice(0, 10);
  return d < first ? first : d;
}

export function ExportDialog({ onClose }: { onClose: () => void }) {
  const transport = useTransport();
  const { meta, currency } = useApp();
  const saved = useRef(getReportSettings()).current;
  const last = meta?.lastDate ?? '';
  const first = meta?.firstDate ?? '';
  const [from, setFrom] = useState(first && last ? defaultFrom(first, last) : '');
  const [to, setTo] = useState(last);
  const [sections, setSections] = useState<Set<ReportSection>>(
    new Set(saved.sections?.filter((s): s is ReportSection => (REPORT_SECTIONS as readonly string[]).includes(s)) ?? [...REPORT_SECTIONS]),
  );
  const [paper, setPaper] = useState<'a4' | 'letter'>(saved.paper ?? defaultPaper());
  const [shopName, setShopName] = useState(saved.shopName);
  const [logo, setLogo] = useState<string | null>(saved.logo);
  const [logoError, setLogoError] = useState<string | null>(null);
  const [stage, setStage] = useState<Stage>({ kind: 'choose' });
  const dialog = useRef<HTMLDivElement>(null);
  const busy = stage.kind === 'rendering';

  useEffect(() => {
    dialog.current?.focus();
  }, []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !busy) onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [busy, onClose]);

  const pickLogo = (file: File | undefined) => {
    setLogoError(null);
    if (!file) return;
    if (!/^image\/(png|jpeg)$/.test(file.type)) return setLogoError('Choose a PNG or JPEG image.');
    if (file.size > MAX_LOGO_BYTES) return setLogoError('The logo must be under 2 MB.');
    const reader = new FileReader();
    reader.onload = () => (typeof reader.result === 'string' ? setLogo(reader.result) : setLogoError('That image could not be read.'));
    reader.onerror = () => setLogoError('That image could not be read.');
    reader.readAsDataURL(file);
  };

  const toggle = (s: ReportSection) => {
    const next = new Set(sections);
    if (next.has(s)) next.delete(s);
    else next.add(s);
    setSections(next);
  };

  const exportPdf = async () => {
    const chosen = REPORT_SECTIONS.filter((s) => sections.has(s));
    setReportSettings({ shopName, logo, sections: chosen, paper });
    const taskId = newTaskId();
    setStage({ kind: 'rendering', progress: null });
    const off = transport.onProgress((e) => {
      if (e.taskId === taskId) setStage({ kind: 'rendering', progress: e });
    });
    try {
      const result = await transport.call('reportExport', {
        taskId,
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
        sections: chosen,
        paper,
        locale: getFormatLocale(),
        currency,
        ...(shopName.trim() ? { shopName: shopName.trim() } : {}),
        ...(logo ? { logoBase64: logo } : {}),
      });
      if (!transport.saveDownload) throw new Error('This host cannot save files.');
      const { saved: done } = await transport.saveDownload(result.downloadId, result.fileName);
      setStage({ kind: 'done', result, saved: done });
    } catch (e) {
      setStage({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
    } finally {
      off();
    }
  };

  const p = stage.kind === 'rendering' ? stage.progress : null;
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && !busy && onClose()}>
      <div
        className="modal modal-narrow"
        role="dialog"
        aria-modal="true"
        aria-labelledby="export-title"
        ref={dialog}
        tabIndex={-1}
        data-export-dialog
        data-stage={stage.kind}
      >
        <header className="modal-head">
          <div>
            <h2 id="export-title">Export a PDF report</h2>
            <p className="muted">Key figures, charts and tables to print or hand to your accountant.</p>
          </div>
          <button type="button" className="btn btn-icon" onClick={onClose} disabled={busy} aria-label="Close">
            <Icon name="x" />
          </button>
        </header>
        <div className="modal-body">
          {stage.kind === 'error' && (
            <div className="banner banner-error" role="alert" data-export-error>
              <Icon name="alert" size={20} />
              <div>
                <strong>The report could not be made.</strong>
                <p>{stage.message}</p>
              </div>
            </div>
          )}
          {stage.kind === 'done' ? (
            <div className="banner" role="status" data-export-done data-file-name={stage.result.fileName}>
              <Icon name="check" size={20} />
              <div>
                <strong>{stage.saved ? 'Report saved' : 'Report ready'}</strong>
                <p>
                  {stage.result.fileName} · {stage.result.pages} pages · {Math.max(1, Math.round(stage.result.bytes / 1024))} KB
                </p>
              </div>
            </div>
          ) : (
            <fieldset className="export-form" disabled={busy}>
              <div className="export-row">
                <label>
                  From
                  <input
                    type="date"
                    value={from}
                    min={first || undefined}
                    max={to || last || undefined}
                    onChange={(e) => setFrom(e.target.value)}
                    data-export="from"
                  />
                </label>
                <label>
                  to
                  <input
                    type="date"
                    value={to}
                    min={from || first || undefined}
                    max={last || undefined}
                    onChange={(e) => setTo(e.target.value)}
                    data-export="to"
                  />
                </label>
                <label>
                  Paper
                  <select value={paper} onChange={(e) => setPaper(e.target.value === 'letter' ? 'letter' : 'a4')} data-export="paper">
                    <option value="a4">A4</option>
                    <option value="letter">US Letter</option>
                  </select>
                </label>
              </div>
              <div className="export-sections" role="group" aria-label="Sections">
                <span className="detect-label">Sections (after the cover and key figures)</span>
                {REPORT_SECTIONS.map((s) => (
                  <label key={s} className="check">
                    <input type="checkbox" checked={sections.has(s)} onChange={() => toggle(s)} data-export-section={s} /> {REPORT_SECTION_TITLES[s]}
                  </label>
                ))}
              </div>
              <div className="export-row">
                <label className="grow">
                  Shop name on the cover
                  <input
                    type="text"
                    value={shopName}
                    maxLength={120}
                    placeholder="Your shop"
                    onChange={(e) => setShopName(e.target.value)}
                    data-export="shop"
                  />
                </label>
                <label>
                  Logo (PNG or JPEG)
                  <input type="file" accept="image/png,image/jpeg" onChange={(e) => pickLogo(e.target.files?.[0])} data-export="logo" />
                </label>
                {logo && (
                  <span className="export-logo">
                    <img src={logo} alt="Your logo" height={36} />
                    <button type="button" className="btn btn-ghost btn-sm" onClick={() => setLogo(null)}>
                      Remove
                    </button>
                  </span>
                )}
              </div>
              {logoError && <p className="neg small">{logoError}</p>}
            </fieldset>
          )}
          {busy && <ProgressBar done={p?.done ?? 0} total={p?.total ?? null} label={p?.message ?? 'Preparing the report…'} />}
        </div>
        <footer className="modal-foot">
          {stage.kind === 'done' ? (
            <button type="button" className="btn btn-primary" onClick={onClose} data-action="export-close">
              Close
            </button>
          ) : (
            <>
              <button type="button" className="btn" onClick={onClose} disabled={busy}>
                Cancel
              </button>
              <button
                type="button"
                className="btn btn-primary"
                onClick={() => void exportPdf()}
                disabled={busy || sections.size === 0 || !meta?.hasSales}
                data-action="export-run"
              >
                <Icon name="download" size={16} /> {busy ? 'Rendering…' : 'Export PDF'}
              </button>
            </>
          )}
        </footer>
      </div>
    </div>
  );
}
