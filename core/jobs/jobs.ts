/**
 * Work that writes to the database or takes long: each runs in a worker thread
 * (workers/db-worker.ts) on its own connection, so the host's thread (the HTTP
 * server, the desktop app's host process) stays responsive. WAL lets the host
 * keep reading while a job writes.
 *
 * `JobSignatures` is the one interface every job call is typed from (as Signal
 * Desktop types its SQL worker calls): `runJob('import', args)` takes its
 * argument type and result type from here, and the worker's table of
 * implementations must match it exactly, or nothing compiles.
 */
import type { ImportBatchResult, ImportOptions, ImportPreview } from '../../common/api.js';
import type { TrainResult } from '../../common/api-models.js';
import type { ReportRequest } from '../../common/api-reports.js';
import type { Db } from '../store/db.js';
import { importFile, previewFile } from '../import/pipeline.js';
import { undoBatch } from '../import/undo.js';
import { trainAll } from '../models/train-all.js';
import { modelSpecs } from '../models/kinds.js';

export interface JobContext {
  db: Db;
  signal: AbortSignal;
  // A function property, not a method: jobs pass it on unbound (to trainAll).
  progress: (phase: string, done: number, total: number | null, message?: string) => void;
}

interface FileArgs {
  filePath: string;
  displayName?: string;
  options?: ImportOptions;
}

export interface JobSignatures {
  import: { args: FileArgs; result: ImportBatchResult };
  preview: { args: FileArgs; result: ImportPreview };
  undo: { args: { batchId: string }; result: { batchId: string; linesRemoved: number } };
  /** Trains every registered model kind (or the ones named), one after another. */
  train: { args: { kinds?: string[]; seed?: number; reason?: string }; result: TrainResult };
  /** The sample shop (sample-data/first-run.ts): loading it is an import like any other. */
  sampleLoad: { args: Record<string, never>; result: { batches: ImportBatchResult[] } };
  sampleRemove: { args: Record<string, never>; result: { batchesRemoved: number } };
  /** A PDF report (core/reports/write.ts) written to a path the host chose, never one a client gave. */
  report: { args: { request: ReportRequest; outPath: string }; result: { pages: number; bytes: number } };
}

export type JobName = keyof JobSignatures;
export type JobArgs<J extends JobName> = JobSignatures[J]['args'];
export type JobResult<J extends JobName> = JobSignatures[J]['result'];
export type JobImplementation<J extends JobName> = (ctx: JobContext, args: JobArgs<J>) => Promise<JobResult<J>>;
export type JobImplementations = { [J in JobName]: JobImplementation<J> };

const JOB_NAMES: Record<JobName, true> = { import: true, preview: true, undo: true, train: true, sampleLoad: true, sampleRemove: true, report: true };
export function isJobName(name: unknown): name is JobName {
  return typeof name === 'string' && Object.hasOwn(JOB_NAMES, name);
}

/** The core's own jobs; the worker adds the sample shop's (sample-data/ is not a layer the core may import). */
export const coreJobs: Omit<JobImplementations, 'sampleLoad' | 'sampleRemove'> = {
  async import(ctx, args) {
    return importFile(ctx.db, args.filePath, args.options ?? {}, {
      signal: ctx.signal,
      displayName: args.displayName,
      onProgress: (p) => ctx.progress('import', p.bytesRead, p.totalBytes, `${p.rows.toLocaleString('en')} rows`),
    });
  },
  async preview(ctx, args) {
    const preview = await previewFile(ctx.db, args.filePath, args.options ?? {}, undefined, {
      signal: ctx.signal,
      onProgress: (p) => ctx.progress('preview', p.bytesRead, p.totalBytes, `${p.rows.toLocaleString('en')} rows read`),
    });
    return args.displayName ? { ...preview, file: args.displayName } : preview;
  },
  async undo(ctx, args) {
    ctx.progress('undo', 0, null);
    return undoBatch(ctx.db, args.batchId);
  },
  async train(ctx, args) {
    const specs = args.kinds ? modelSpecs.filter((s) => args.kinds!.includes(s.kind)) : modelSpecs;
    return trainAll(ctx.db, specs, { signal: ctx.signal, progress: ctx.progress, seed: args.seed ?? 42, reason: args.reason });
  },
  async report(ctx, args) {
    // Loaded when a report is asked for: pdfkit, its fonts and ECharts are no part of an import's or a training's start-up.
    const { optionsFromRequest } = await import('../reports/options.js');
    const { writeReport } = await import('../reports/write.js');
    const r = await writeReport(ctx.db, optionsFromRequest(args.request), args.outPath, (phase, done, total, message) =>
      ctx.progress(phase, done, total, message),
    );
    return { pages: r.pages, bytes: r.bytes };
  },
};
