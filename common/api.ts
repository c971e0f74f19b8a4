/**
 * The one typed API between a host (CLI, HTTP server, Electron main) and the core.
 * Pure TypeScript + zod: safe to import from the renderer, the core and the shell.
 *
 * Each method has a zod schema for its input (validated at every transport
 * boundary) and a TypeScript output type in `ApiOutputs`. A client calls
 * `call('kpis', { from, to })` and gets `ApiOutputs['kpis']` back, whatever the transport.
 */
import { z } from 'zod';
import type { ImportBatchResult, Kpis, RejectedRow } from './api-records.js';
import { dashboardInputs, type DashboardOutputs } from './api-dashboards.js';
import { sampleInputs, type SampleOutputs } from './api-sample.js';
import { backupInputs, type BackupOutputs } from './api-backup.js';
import { DateRange } from './dates.js';
import { modelInputs, type ModelOutputs } from './api-models.js';
import { forecastInputs, type ForecastOutputs } from './api-forecast.js';
import { segmentsInputs, type SegmentsOutputs } from './api-segments.js';
import { anomalyInputs, type AnomalyOutputs } from './api-anomalies.js';
import { reportInputs, type ReportOutputs } from './api-reports.js';

// The records the contract's parts share live in api-records.ts (no import loops between the parts).
export type { ImportBatchResult, Kpis, RejectedRow };

// Real calendar days, ranges in order: common/dates.ts (shared with api-dashboards.ts and the CLI).
export { DateRange, IsoDate } from './dates.js';

/** Canonical fields a sales column can be mapped to (aliases in core/import/profiles.ts). */
export const CanonicalField = z.enum([
  'datetime',
  'date',
  'time',
  'timezone',
  'receipt',
  'sku',
  'product',
  'variant',
  'category',
  'quantity',
  'unitPrice',
  'gross',
  'discount',
  'net',
  'tax',
  'cost',
  'customerId',
  'customerName',
  'customerEmail',
  'country',
  'store',
  'eventType',
  'status',
  'refundFlag',
  'voidFlag',
  'currency',
  'supplier',
  'leadTime',
  'onHand',
  'received',
  'price',
  'collected',
  'tip',
  'serviceCharge',
]);
export type CanonicalField = z.infer<typeof CanonicalField>;

export const ImportOptions = z.object({
  /** Force a layout instead of detecting it (profile id, e.g. 'square-items'). */
  profile: z.string().optional(),
  /** Canonical field -> header name, for a generic file; remembered for next time. */
  mapping: z.record(z.string(), z.string()).optional(),
  dateOrder: z.enum(['MDY', 'DMY', 'YMD']).optional(),
  decimalSeparator: z.enum(['.', ',']).optional(),
  /** Store name for sources that have no location column. */
  store: z.string().optional(),
  /** Mark the batch as sample data (removable in one action). */
  sample: z.boolean().optional(),
});
export type ImportOptions = z.infer<typeof ImportOptions>;

export interface ImportPreview {
  file: string;
  profile: string;
  profileName: string;
  sourceKind: 'sales' | 'products' | 'stock';
  encoding: string;
  delimiter: string;
  headerLine: number;
  headers: string[];
  /** Canonical field -> header name, as detected (or as saved for this layout). */
  mapping: Record<string, string>;
  dateOrder: string | null;
  decimalSeparator: '.' | ',';
  /** The first rows as they will be read. */
  sample: Array<{
    line: number;
    status: 'new' | 'duplicate' | 'rejected';
    reason?: string;
    date?: string;
    receipt?: string;
    product?: string;
    quantity?: number;
    net?: number;
    kind?: string;
  }>;
  counts: { rows: number; new: number; duplicate: number; rejected: number };
  warnings: string[];
}

export interface BatchInfo {
  batchId: string;
  file: string;
  profile: string;
  sourceKind: string;
  isSample: boolean;
  rowsRead: number;
  rowsImported: number;
  rowsDuplicate: number;
  rowsRejected: number;
  minDate: string | null;
  maxDate: string | null;
  importedAt: string;
}

export interface Status {
  lines: number;
  orders: number;
  customers: number;
  products: number;
  firstDate: string | null;
  lastDate: string | null;
  batches: BatchInfo[];
  hasSampleData: boolean;
  dbPath: string;
}

/** One step from what a file says to what Tillsight counts: a signed amount, and the rows it concerns when known. */
export interface ReconciliationStep {
  /** rejected: rows not read; voided: kept, not counted; duplicates: already imported; signs: refunds written positive;
   *  derived: lines made from an order's own columns; shipping/tips/fees/adjustments: non-product lines shown apart */
  id: 'rejected' | 'voided' | 'duplicates' | 'signs' | 'derived' | 'shipping' | 'tips' | 'fees' | 'adjustments';
  reason: string;
  rows: number | null;
  amount: number;
}

export interface ReconciledFigure {
  key: 'netSales' | 'tax' | 'totalCollected';
  label: string;
  /** What the file says: its amounts as written, summed over every data row; null when not known (see note). */
  file: number | null;
  /** Where that figure comes from in the file (its column names). */
  fileSource: string | null;
  /** The file's own totals row, when it has one. */
  totalsRow: { line: number; value: number } | null;
  /** From the file's figure to Tillsight's, in order; each difference explained. */
  steps: ReconciliationStep[];
  /** What Tillsight counts for the batch. */
  counted: number;
  /** counted − (file + Σ steps): 0 when every difference is explained; null when the file's figure is not known. */
  unexplained: number | null;
}

/** A batch's file against what Tillsight counted (core/analytics/reconciliation.ts). */
export interface Reconciliation {
  batchId: string;
  file: string;
  profile: string;
  importedAt: string;
  /** read = imported + duplicate + rejected; totals rows are among the rejected; notCounted among the imported. */
  rows: { read: number; imported: number; duplicate: number; rejected: number; notCounted: number; totalsRows: number };
  figures: ReconciledFigure[];
  /** The batch's non-product lines, counted apart from net sales. */
  nonProduct: { shipping: number; tips: number; fees: number; adjustments: number };
  note: string | null;
}

/** Progress of long work (imports, sample generation, training), pushed to the client. */
export interface ProgressEvent {
  taskId: string;
  phase: string;
  done: number;
  total: number | null;
  message?: string;
}

const coreInputs = {
  status: z.object({}),
  kpis: DateRange,
  batches: z.object({}),
  rejects: z.object({ batchId: z.string(), limit: z.number().int().positive().max(10000).optional() }),
  undo: z.object({ batchId: z.string() }),
  /** What a batch's file says against what Tillsight counted. */
  reconciliation: z.object({ batchId: z.string().regex(/^\d+$/, 'expected a batch number') }),
  /** An uploaded file (see Transport.upload) previewed before anything is written. */
  /** taskId: progress events are sent under it, and cancelTask stops the preview (a big file takes a while). */
  importPreview: z.object({ uploadId: z.string(), options: ImportOptions.optional(), taskId: z.string().optional() }),
  importCommit: z.object({ uploadId: z.string(), options: ImportOptions.optional(), taskId: z.string().optional() }),
  cancelTask: z.object({ taskId: z.string() }),
} as const;

export const apiInputs = {
  ...coreInputs,
  ...dashboardInputs,
  ...sampleInputs,
  ...modelInputs,
  ...forecastInputs,
  ...segmentsInputs,
  ...anomalyInputs,
  ...reportInputs,
  ...backupInputs,
};
/** The core's own methods (their handlers live in core/api/core-handlers.ts). */
export const coreInputsForHandlers = coreInputs;

export interface ApiOutputs
  extends DashboardOutputs, SampleOutputs, ModelOutputs, ForecastOutputs, SegmentsOutputs, AnomalyOutputs, ReportOutputs, BackupOutputs {
  status: Status;
  kpis: Kpis;
  batches: BatchInfo[];
  rejects: RejectedRow[];
  undo: { batchId: string; linesRemoved: number };
  reconciliation: Reconciliation;
  importPreview: ImportPreview;
  importCommit: ImportBatchResult;
  cancelTask: { cancelled: boolean };
}

export type ApiMethod = keyof typeof apiInputs & keyof ApiOutputs;
export type ApiInput<M extends ApiMethod> = z.input<(typeof apiInputs)[M]>;
export type ApiOutput<M extends ApiMethod> = ApiOutputs[M];

/** What the renderer holds: the same on every host. */
export interface Transport {
  call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>>;
  /** Hands a file's bytes to the host; returns an id for importPreview / importCommit. */
  upload(name: string, data: ArrayBuffer): Promise<{ uploadId: string }>;
  onProgress(listener: (event: ProgressEvent) => void): () => void;
  /**
   * Saves a file the core made (reportExport's downloadId) where the owner wants it:
   * a browser download under `tillsight serve`, the native save dialog in the desktop app.
   * Resolves saved: false when the owner cancels the dialog. Optional until every host provides it (the preload bridge adds it).
   */
  saveDownload?(downloadId: string, suggestedName: string): Promise<{ saved: boolean; path?: string }>;
}

/** Errors cross transports as { error: { code, message } }: a message the owner can read. */
export interface ApiErrorBody {
  /** 'busy': another program (an import) holds the database; the same call succeeds when it ends, so clients retry. */
  error: { code: 'bad-input' | 'refused' | 'not-found' | 'cancelled' | 'busy' | 'internal'; message: string };
}
