/**
 * The import preview of a big file reports progress and can be cancelled
 * (it runs the whole import inside a savepoint, so it takes as long as one):
 * through callApi, as the app calls it, with a real upload, a real worker
 * thread and a real SQLite file; a cancelled preview leaves the database as it was.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { ProgressEvent } from '../common/api.js';
import { callApi, type ApiContext } from '../core/api/index.js';
import { saveUpload } from '../core/api/uploads.js';
import { openDb } from '../core/store/db.js';
import { digest, writeRetailFile } from './helpers/consistency.js';
import { layout, runCli, tempDir } from './helpers/import-fixtures.js';

describe('preview of a big file', { timeout: 300_000 }, () => {
  it('reports progress up to the file size, and a cancel stops it with nothing written', async () => {
    const dir = tempDir('tillsight-preview-');
    const dbFile = path.join(dir, 'shop.db');
    assert.equal(runCli(['import', layout('Online Retail.csv'), '--db', dbFile]).status, 0);
    const csv = path.join(dir, 'big.csv');
    writeRetailFile(csv, 150_000, 500000);
    const size = fs.statSync(csv).size;
    const db = openDb(dbFile);
    const events: ProgressEvent[] = [];
    const ctx: ApiContext = { db, dbPath: dbFile, uploadDir: path.join(dir, 'uploads'), emitProgress: (e) => events.push(e) };
    try {
      const before = digest(db);
      const { uploadId } = saveUpload(ctx.uploadDir, 'big.csv', fs.readFileSync(csv));
      const preview = await callApi(ctx, 'importPreview', { uploadId, taskId: 'preview-1' });
      assert.equal(preview.counts.rows, 150_000);
      const mine = events.filter((e) => e.taskId === 'preview-1');
      assert.ok(mine.length >= 2, `progress events: ${mine.length}`);
      assert.ok(mine.every((e) => e.phase === 'preview' && e.total === size));
      assert.ok(
        mine.every((e, i) => i === 0 || e.done >= mine[i - 1].done),
        'progress only goes forward',
      );
      assert.equal(mine.at(-1)!.done, size, 'progress ends at the whole file');
      assert.equal(digest(db), before, 'a preview writes nothing');

      // Cancelled at its first progress event.
      events.length = 0;
      let cancelled = false;
      ctx.emitProgress = (e) => {
        events.push(e);
        if (!cancelled && e.taskId === 'preview-2') {
          cancelled = true;
          void callApi(ctx, 'cancelTask', { taskId: 'preview-2' });
        }
      };
      await assert.rejects(callApi(ctx, 'importPreview', { uploadId, taskId: 'preview-2' }), (e: unknown) => {
        assert.equal((e as { code?: string }).code, 'cancelled');
        assert.match((e as Error).message, /cancelled; nothing was written/);
        return true;
      });
      assert.ok(cancelled);
      assert.ok(
        events.filter((e) => e.taskId === 'preview-2').every((e) => e.done < size),
        'it stopped before the end of the file',
      );
      assert.equal(digest(db), before, 'a cancelled preview writes nothing');
    } finally {
      db.close();
    }
  });
});
