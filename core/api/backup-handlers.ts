import path from 'node:path';
import type { z } from 'zod';
import type { BackupEntry, backupInputs, BackupOutputs } from '../../common/api-backup.js';
import { backupNow, BackupNotUsable, listBackups, restoreBackup, type BackupInfo } from '../store/backup.js';
import { exportAll } from '../store/export.js';
import { ApiError, type ApiContext } from './context.js';

type Inputs = typeof backupInputs;

const entry = (b: BackupInfo): BackupEntry => ({ name: b.name, createdAt: b.createdAt, reason: b.reason, bytes: b.bytes });

/** Backups and exports are written beside the database, never where a client says. */
export const backupHandlers: {
  [M in keyof Inputs & keyof BackupOutputs]: (input: z.output<Inputs[M]>, ctx: ApiContext) => Promise<BackupOutputs[M]> | BackupOutputs[M];
} = {
  backups: (_i, ctx) => listBackups(ctx.dbPath).map(entry),
  backupNow: async (_i, ctx) => entry(await backupNow(ctx.db, ctx.dbPath, 'manual')),
  restoreBackup: async (i, ctx) => {
    if (!listBackups(ctx.dbPath).some((b) => b.name === i.name)) throw new ApiError('not-found', `there is no backup "${i.name}"`);
    try {
      const r = await restoreBackup(ctx.db, ctx.dbPath, i.name);
      return { restored: r.restored, safetyBackup: entry(r.safetyBackup), lines: r.lines };
    } catch (e) {
      if (e instanceof BackupNotUsable) throw new ApiError('refused', e.message);
      throw e;
    }
  },
  exportAll: (_i, ctx) => {
    const outDir = path.join(path.dirname(path.resolve(ctx.dbPath)), 'exports', `tillsight-export-${new Date().toISOString().replace(/[:.]/g, '-')}`);
    const r = exportAll(ctx.db, outDir);
    return { outDir: r.outDir, tables: r.files.length, rows: r.files.reduce((s, f) => s + f.rows, 0) };
  },
};
