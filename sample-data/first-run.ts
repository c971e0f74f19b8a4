/**
 * The sample shop on first run: generate the default shop into a temporary
 * folder, import every file through the ordinary importer marked as sample
 * data, and delete the folder. The owner can explore the app straight away and
 * later remove every sample batch in one action, leaving their own data alone.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ImportBatchResult } from '../common/api.js';
import { ImportCancelled } from '../core/import/errors.js';
import { importFile } from '../core/import/pipeline.js';
import { undoBatch } from '../core/import/undo.js';
import { hasSampleData, sampleBatchIds } from '../core/import/batches.js';
import type { Db } from '../core/store/db.js';
import { generateSampleShop, SAMPLE_FILES, SAMPLE_IMPORT_ORDER } from './generator.js';
import { SHOP_NAME } from './plan.js';

export interface SampleLoadProgress {
  phase: string;
  done: number;
  total: number | null;
  message?: string;
}

export interface LoadSampleOptions {
  onProgress?: (p: SampleLoadProgress) => void;
  signal?: AbortSignal;
  /** For tests: a smaller or different shop. The app always loads the default one. */
  seed?: number;
  days?: number;
}

/** Store names for files that carry none: the online shop, and the stockroom of the first location. */
const ONLINE_STORE = `${SHOP_NAME} Online`;
const STOCKROOM_STORE = `${SHOP_NAME} Main St`;

function storeFor(file: string): string | undefined {
  if (file === SAMPLE_FILES.shopify) return ONLINE_STORE;
  if (file === SAMPLE_FILES.stockCounts || file === SAMPLE_FILES.stockReceipts) return STOCKROOM_STORE;
  return undefined;
}

export { hasSampleData };

/**
 * Imports a generated sample shop's files from `dir` in their order, each with the store its file
 * names none of. The first-run loader marks them as sample data; the benchmarks and tests that
 * need the truth file beside the data generate the shop themselves and import it here.
 */
export async function importSampleFiles(
  db: Db,
  dir: string,
  options: Pick<LoadSampleOptions, 'onProgress' | 'signal'> & { sample?: boolean; batches?: ImportBatchResult[] } = {},
): Promise<ImportBatchResult[]> {
  const batches = options.batches ?? [];
  for (const name of SAMPLE_IMPORT_ORDER) {
    const store = storeFor(name);
    const result = await importFile(
      db,
      path.join(dir, name),
      { ...(options.sample ? { sample: true } : {}), ...(store ? { store } : {}) },
      {
        signal: options.signal,
        onProgress: (p) => options.onProgress?.({ phase: `Importing ${name}`, done: p.bytesRead, total: p.totalBytes, message: `${p.rows} rows` }),
      },
    );
    batches.push(result);
  }
  return batches;
}

/** Databases a load is running on. */
const loading = new WeakSet<Db>();

/**
 * Generates and imports the sample shop. All or nothing: if any file fails (or
 * the load is cancelled), the sample batches already imported are undone.
 */
export async function loadSampleShop(db: Db, options: LoadSampleOptions = {}): Promise<{ batches: ImportBatchResult[] }> {
  // Two clicks on the banner must not load the shop twice.
  if (loading.has(db)) throw new SampleAlreadyLoaded('the sample shop is being loaded already');
  loading.add(db);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tillsight-sample-'));
  const batches: ImportBatchResult[] = [];
  try {
    await generateSampleShop({
      out: dir,
      seed: options.seed,
      days: options.days,
      onProgress: (done, total) => {
        if (options.signal?.aborted) throw new ImportCancelled();
        options.onProgress?.({ phase: 'Creating the sample shop', done, total, message: `day ${done} of ${total}` });
      },
    });
    await importSampleFiles(db, dir, { sample: true, signal: options.signal, onProgress: options.onProgress, batches });
    return { batches };
  } catch (e) {
    for (const b of batches.reverse()) undoBatch(db, b.batchId);
    throw e;
  } finally {
    loading.delete(db);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Undoes every batch marked as sample data (newest first). */
export function removeSampleData(db: Db): { batchesRemoved: number; linesRemoved: number } {
  const ids = sampleBatchIds(db);
  let linesRemoved = 0;
  for (const id of ids) linesRemoved += undoBatch(db, id).linesRemoved;
  return { batchesRemoved: ids.length, linesRemoved };
}

/**
 * The two operations as worker jobs: workers/db-worker.ts joins them with the
 * core's jobs, typed by `JobSignatures` in core/jobs/jobs.ts, so loading runs
 * off the host's thread like any other import.
 */
export const sampleJobs = {
  async sampleLoad(ctx: {
    db: Db;
    signal: AbortSignal;
    progress(phase: string, done: number, total: number | null, message?: string): void;
  }): Promise<{ batches: ImportBatchResult[] }> {
    if (hasSampleData(ctx.db)) throw new SampleAlreadyLoaded();
    return loadSampleShop(ctx.db, { signal: ctx.signal, onProgress: (p) => ctx.progress(p.phase, p.done, p.total, p.message) });
  },
  async sampleRemove(ctx: { db: Db; progress(phase: string, done: number, total: number | null): void }): Promise<{ batchesRemoved: number }> {
    ctx.progress('Removing the sample shop', 0, null);
    return { batchesRemoved: removeSampleData(ctx.db).batchesRemoved };
  },
};

export class SampleAlreadyLoaded extends Error {
  constructor(message = 'the sample shop is already loaded (remove it first to load it again)') {
    super(message);
  }
}
