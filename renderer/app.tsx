/** The app shell: navigation, top bar (import, currency, theme), drop zone, first run, and the routed page. */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ProgressEvent } from '../common/api.js';
import { ImportDialog, type ImportSource } from './import/ImportDialog.js';
import { ExportDialog } from './reports/ExportDialog.js';
import { newTaskId, useApi, useApiContext } from './lib/api.js';
import { AppCtx, type AppState } from './lib/app-context.js';
import { useMenuEvents } from './lib/desktop-menu.js';
import { date, setFormatCurrency } from './lib/format.js';
import { navigate, useRoute, type Route } from './lib/router.js';
import { CURRENCIES, fallbackCurrency, getCurrencyChoice, setCurrencyChoice } from './lib/settings.js';
import { useTheme } from './lib/theme.js';
import { Badge, ErrorBanner, Icon, ProgressBar } from './ui/components.js';
import { CustomersPage } from './pages/Customers.js';
import { ExecutivePage } from './pages/Executive.js';
import { ImportsPage } from './pages/Imports.js';
import { InventoryPage } from './pages/Inventory.js';
import { ModelsPage } from './pages/Models.js';
import { OperationsPage } from './pages/Operations.js';
import { Welcome } from './pages/Welcome.js';

const NAV: Array<{ route: Route; label: string; icon: string; title: string; subtitle: string }> = [
  { route: 'executive', label: 'Overview', icon: 'overview', title: 'Overview', subtitle: 'How the shop is doing, against last period and last year' },
  {
    route: 'operations',
    label: 'Day to day',
    icon: 'clock',
    title: 'Day to day',
    subtitle: 'The latest day and week against normal, busy hours, what is moving',
  },
  { route: 'inventory', label: 'Stock', icon: 'box', title: 'Stock', subtitle: 'What is on the shelf, what is running low, what to reorder' },
  { route: 'customers', label: 'Customers', icon: 'people', title: 'Customers', subtitle: 'Who comes back, how often, and what they are worth' },
  { route: 'imports', label: 'Imports', icon: 'file', title: 'Imports & data quality', subtitle: 'Every file imported, what was kept and what was not' },
  { route: 'models', label: 'Forecasts', icon: 'sparkle', title: 'Forecasts & models', subtitle: 'Forecasts, anomalies and customer segments' },
];

export function App() {
  const { route } = useRoute();
  const { transport, refresh } = useApiContext();
  const meta = useApi('dashboardMeta', {});
  const { theme, setChoice } = useTheme();
  const [currencyChoice, setCurrencyState] = useState<string | null>(getCurrencyChoice);
  const currency = currencyChoice ?? meta.data?.currency ?? fallbackCurrency();
  setFormatCurrency(currency);

  const [pending, setPending] = useState<ImportSource[] | null>(null);
  const [exporting, setExporting] = useState(false);
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const [sample, setSample] = useState<{ busy: boolean; progress: ProgressEvent | null; error: string | null; action: 'load' | 'remove' }>({
    busy: false,
    progress: null,
    error: null,
    action: 'load',
  });

  const importFiles = useCallback((files: File[]) => {
    if (files.length) setPending(files);
  }, []);
  const pickFiles = useCallback(() => fileInput.current?.click(), []);

  const runSample = useCallback(
    async (action: 'load' | 'remove') => {
      if (action === 'remove' && !window.confirm('Remove the sample shop’s data? Your own imports stay.')) return;
      const taskId = newTaskId();
      setSample({ busy: true, progress: null, error: null, action });
      const off = transport.onProgress((e) => {
        if (e.taskId === taskId) setSample((s) => ({ ...s, progress: e }));
      });
      try {
        if (action === 'load') await transport.call('sampleLoad', { taskId });
        else await transport.call('sampleRemove', {});
        setSample({ busy: false, progress: null, error: null, action });
        refresh();
      } catch (e) {
        setSample({ busy: false, progress: null, error: e instanceof Error ? e.message : String(e), action });
      } finally {
        off();
      }
    },
    [transport, refresh],
  );

  // The desktop menu (Electron only): files the OS or File > Import handed over, reload, theme, retrain.
  const [menuError, setMenuError] = useState<string | null>(null);
  useMenuEvents(transport, ['import-uploads', 'reload', 'data-changed', 'theme-light', 'theme-dark', 'theme-system', 'retrain', 'export-pdf'], (e) => {
    switch (e.action) {
      case 'import-uploads':
        setMenuError(e.errors.length ? e.errors.join(' ') : null);
        // Files arriving while the import dialog is open queue behind the one it is showing.
        if (e.uploads.length) setPending((p) => (p ? [...p, ...e.uploads] : e.uploads));
        break;
      case 'reload':
      case 'data-changed':
        refresh();
        break;
      case 'theme-light':
      case 'theme-dark':
      case 'theme-system':
        setChoice(e.action === 'theme-light' ? 'light' : e.action === 'theme-dark' ? 'dark' : 'system');
        break;
      case 'retrain':
        navigate('models');
        break;
      case 'export-pdf':
        setExporting(true);
        break;
    }
  });

  // Dropping files anywhere on the window opens the import preview.
  useEffect(() => {
    let depth = 0;
    const hasFiles = (e: DragEvent) => !!e.dataTransfer && Array.from(e.dataTransfer.types).includes('Files');
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth++;
      setDragging(true);
    };
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      e.preventDefault();
      depth = 0;
      setDragging(false);
      const files = Array.from(e.dataTransfer?.files ?? []);
      if (files.length) setPending(files);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, []);

  const app: AppState = useMemo(
    () => ({ meta: meta.data, currency, importFiles, pickFiles, loadSample: () => void runSample('load') }),
    [meta.data, currency, importFiles, pickFiles, runSample],
  );
  const nav = NAV.find((n) => n.route === route) ?? NAV[0];
  useEffect(() => {
    document.title = `${nav.title} — Tillsight`;
  }, [nav.title]);

  const noData = meta.data !== null && !meta.data.hasSales;
  const page = (() => {
    switch (route) {
      case 'executive':
        return <ExecutivePage />;
      case 'operations':
        return <OperationsPage />;
      case 'inventory':
        return <InventoryPage />;
      case 'customers':
        return <CustomersPage />;
      case 'imports':
        return <ImportsPage />;
      case 'models':
        return <ModelsPage />;
    }
  })();

  return (
    <AppCtx.Provider value={app}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <div className="shell">
        <aside className="sidebar">
          <div className="sidebar-inner">
            <div className="brand">
              <span className="brand-mark" aria-hidden="true">
                <svg viewBox="0 0 32 32" width="28" height="28">
                  <rect x="1" y="1" width="30" height="30" rx="8" fill="currentColor" />
                  <path d="M9 21l5-6 4 3 5-7" stroke="var(--brand-ink)" strokeWidth="2.6" fill="none" strokeLinecap="round" strokeLinejoin="round" />
                </svg>
              </span>
              <span className="brand-name">Tillsight</span>
            </div>
            <nav aria-label="Dashboards">
              <ul className="nav">
                {NAV.map((n) => (
                  <li key={n.route}>
                    <a
                      href={`#/${n.route}`}
                      className={`nav-link ${route === n.route ? 'active' : ''}`}
                      aria-current={route === n.route ? 'page' : undefined}
                      data-route={n.route}
                    >
                      <Icon name={n.icon} size={18} />
                      <span>{n.label}</span>
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
            <div className="sidebar-foot">
              {meta.data?.hasSampleData && (
                <div className="sample-box" data-sample-badge>
                  <Badge tone="warn">Sample data</Badge>
                  <p>You are looking at a made-up shop.</p>
                  <button type="button" className="btn btn-sm" onClick={() => void runSample('remove')} disabled={sample.busy} data-action="remove-sample">
                    <Icon name="trash" size={14} /> Remove sample data
                  </button>
                </div>
              )}
              {meta.data?.firstDate && (
                <p className="data-range">
                  Data from <strong>{date(meta.data.firstDate)}</strong> to <strong>{date(meta.data.lastDate)}</strong>
                </p>
              )}
            </div>
          </div>
        </aside>
        <div className="main-col">
          <header className="topbar">
            <div className="topbar-titles">
              <h1>{nav.title}</h1>
              <p>{nav.subtitle}</p>
            </div>
            <div className="topbar-actions">
              {meta.data?.hasSampleData && (
                <span className="topbar-sample" title="These figures come from a made-up sample shop">
                  <Badge tone="warn">Sample data</Badge>
                </span>
              )}
              <button
                type="button"
                className="btn"
                onClick={() => setExporting(true)}
                disabled={!meta.data?.hasSales}
                data-action="export-pdf"
                title="A PDF report of a period"
              >
                <Icon name="download" size={16} /> Export PDF
              </button>
              <button type="button" className="btn btn-primary" onClick={pickFiles} data-action="import">
                <Icon name="upload" size={16} /> Import files
              </button>
              <label className="select-wrap" title="Currency">
                <span className="sr-only">Currency</span>
                <select
                  value={currency}
                  onChange={(e) => {
                    const v = e.target.value;
                    setCurrencyChoice(v);
                    setCurrencyState(v);
                  }}
                  data-setting="currency"
                >
                  {[...new Set([currency, ...CURRENCIES])].map((c) => (
                    <option key={c} value={c}>
                      {c}
                    </option>
                  ))}
                </select>
              </label>
              <button
                type="button"
                className="btn btn-icon"
                onClick={() => setChoice(theme === 'dark' ? 'light' : 'dark')}
                aria-label={theme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'}
                title={theme === 'dark' ? 'Light theme' : 'Dark theme'}
                data-action="theme"
              >
                <Icon name={theme === 'dark' ? 'sun' : 'moon'} size={18} />
              </button>
            </div>
          </header>
          <input
            ref={fileInput}
            type="file"
            multiple
            accept=".csv,.tsv,.txt,.xlsx,.gz,text/csv"
            className="sr-only"
            tabIndex={-1}
            aria-hidden="true"
            onChange={(e) => {
              const files = Array.from(e.target.files ?? []);
              e.target.value = '';
              importFiles(files);
            }}
            data-file-input
          />
          <main id="main" className="content" tabIndex={-1}>
            {meta.error && <ErrorBanner message={meta.error} onRetry={meta.reload} />}
            {sample.error && <ErrorBanner message={sample.error} />}
            {menuError && <ErrorBanner message={menuError} />}
            {sample.busy && (
              <div className="card sample-progress">
                <ProgressBar
                  done={sample.progress?.done ?? 0}
                  total={sample.progress?.total ?? null}
                  label={sample.progress?.message ?? (sample.action === 'load' ? 'Creating the sample shop…' : 'Removing the sample data…')}
                />
              </div>
            )}
            {/* The page mounts at once, its data loading alongside dashboardMeta; it shows when meta says there is data. */}
            <div hidden={!meta.data && !meta.error}>{noData && route !== 'imports' && route !== 'models' ? <Welcome busy={sample.busy} /> : page}</div>
          </main>
        </div>
      </div>
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          <div className="drop-card">
            <Icon name="upload" size={40} />
            <p>Drop your files to import them</p>
            <span>Sales exports, product lists or stock counts — you will see a preview first.</span>
          </div>
        </div>
      )}
      {exporting && <ExportDialog onClose={() => setExporting(false)} />}
      {pending && (
        <ImportDialog
          files={pending}
          onClose={(changed) => {
            setPending(null);
            if (changed) {
              refresh();
              if (route === 'models') navigate('executive');
            }
          }}
        />
      )}
    </AppCtx.Provider>
  );
}
