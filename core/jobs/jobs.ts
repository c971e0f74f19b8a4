/**
 * Work that writes to the database or takes long: each runs in a worker thread
 * (workers/db-worker.ts) on its own connection, so the host's thread (the HTTP
 * server, Electron's main process) stays responsive. WAL lets the host keep
 * reading while a job writes.
 */
import type { ImportOptions } from '../../common/api.js';
import type { Db } from '../store/db.js';
import { importFile, previewFile } from '../import/pipeline.js';
import { undoBatch } from '../import/undo.js';

export interface JobContext {
  db: Db;
  signal: AbortSignal;
  progress(phase: string, done: number, total: number | null, message?: string): void;
}

export const jobs = {
  async import(ctx: JobContext, args: { filePath: string; displayName?: string; options?: ImportOptions }) {
    return importFile(ctx.db, args.filePath, args.options ?? {}, {
      signal: ctx.signal,
      displayName: args.displayName,
      onProgress: (p) => ctx.progress('import', p.bytesRead, p.totalBytes, `${p.rows.toLocaleString('en')} rows`),
    });
  },
  async preview(ctx: JobContext, args: { filePath: string; displayName?: string; options?: ImportOptions }) {
    const preview = await previewFile(ctx.db, args.filePath, args.options ?? {});
    return args.displayName ? { ...preview, file: args.displayName } : preview;
  },
  async undo(ctx: JobContext, args: { batchId: string }) {
    ctx.progress('undo', 0, null);
    return undoBatch(ctx.db, args.batchId);
  },
};

export type JobName = keyof typeof jobs;
export type JobArgs<J extends JobName> = Parameters<(typeof jobs)[J]>[1];
export type JobResult<J extends JobName> = Awaited<ReturnType<(typeof jobs)[J]>>;
