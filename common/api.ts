/**
 * The one typed API between a host (CLI, HTTP server, Electron main) and the core.
 * Pure TypeScript + zod: safe to import from the renderer, the core and the shell.
 *
 * Each method has a zod schema for its input (validated at every transport
 * boundary) and a TypeScript output type in `ApiOutputs`. A client calls
 * `call('kpis', { from, to })` and gets `ApiOutputs['kpis']` back, whatever the transport.
 */
import { z } from 'zod';
import { dashboardInputs, type DashboardOutputs } from './api-dashboards.js';
import { sampleInputs, type SampleOutputs } from './api-sample.js';
import { backupInputs, type BackupOutputs } from './api-backup.js';
import { DateRange } from './dates.js';
import { modelInputs, type ModelOutputs } from './api-models.js';

// Real calendar days, ranges in order: common/dates.ts (shared with api-dashboards.ts and the CLI).
export { DateRange, IsoDate } from './dates.js';

/** Canonical fields a sales column can be mapped to (see core/import/fields.ts). */
export const CanonicalField = z.enum([
  'datetime', 'date', 'time', 'timezone', 'receipt', 'sku', 'product', 'variant', 'category',
  'quantity', 'unitPrice', 'gross', 'discount', 'net', 'tax', 'cost', 'customerId',
  'customerName', 'customerEmail', 'country', 'store', 'eventType', 'status', 'refundFlag',
  'voidFlag', 'currency', 'supplier', 'leadTime', 'onHand', 'received', 'price',
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

export interface RejectedRow {
  line: number;
  reason: string;
  raw?: string;
}

export interface ImportBatchResult {
  batchId: string;
  file: string;
  profile: string;
  profileName: string;
  sourceKind: 'sales' | 'products' | 'stock';
  encoding: string;
  delimiter: string;
  dateOrder: string | null;
  rowsRead: number;
  rowsImported: number;
  rowsDuplicate: number;
  rowsRejected: number;
  /** Lines kept but not counted (voided or cancelled receipts that never were sales). */
  rowsNotCounted: number;
  rejected: RejectedRow[];
  minDate: string | null;
  maxDate: string | null;
}

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
  sample: Array<{ line: number; status: 'new' | 'duplicate' | 'rejected'; reason?: string; date?: string; receipt?: string; product?: string; quantity?: number; net?: number; kind?: string }>;
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

export interface Kpis {
  from: string | null;
  to: string | null;
  netSales: number;
  grossSales: number;
  discounts: number;
  returns: number;
  nonProductSales: number;
  orders: number;
  customers: number;
  units: number;
  avgOrderValue: number;
  /** Net sales less cost of goods, where costs are known; null when no cost is known. */
  grossMargin: number | null;
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
  /** An uploaded file (see Transport.upload) previewed before anything is written. */
  /** taskId: progress events are sent under it, and cancelTask stops the preview (a big file takes a while). */
  importPreview: z.object({ uploadId: z.string(), options: ImportOptions.optional(), taskId: z.string().optional() }),
  importCommit: z.object({ uploadId: z.string(), options: ImportOptions.optional(), taskId: z.string().optional() }),
  cancelTask: z.object({ taskId: z.string() }),
} as const;

export const apiInputs = { ...coreInputs, ...dashboardInputs, ...sampleInputs, ...modelInputs, ...backupInputs };
/** The core's own methods (their handlers live in core/api/core-handlers.ts). */
export const coreInputsForHandlers = coreInputs;

export interface ApiOutputs extends DashboardOutputs, SampleOutputs, ModelOutputs, BackupOutputs {
  status: Status;
  kpis: Kpis;
  batches: BatchInfo[];
  rejects: RejectedRow[];
  undo: { batchId: string; linesRemoved: number };
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
}

/** Errors cross transports as { error: { code, message } }: a message the owner can read. */
export interface ApiErrorBody {
  /** 'busy': another program (an import) holds the database; the same call succeeds when it ends, so clients retry. */
  error: { code: 'bad-input' | 'refused' | 'not-found' | 'cancelled' | 'busy' | 'internal'; message: string };
}
