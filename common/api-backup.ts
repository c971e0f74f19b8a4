/** API methods for backups, restore and "export everything" (core/store/backup.ts, core/store/export.ts). */
import { z } from 'zod';

export interface BackupEntry {
  name: string;
  createdAt: string;
  reason: 'manual' | 'scheduled' | 'before-migration' | 'before-restore';
  bytes: number;
}

export const backupInputs = {
  /** The backups kept beside the database, newest first. */
  backups: z.object({}),
  backupNow: z.object({}),
  /** Only a name from `backups`: a client never names a path on the owner's disk. */
  restoreBackup: z.object({ name: z.string().regex(/^tillsight-[\w-]+\.db$/, 'expected a backup name from the list') }),
  /** Every table as CSV into a new folder beside the database; answers with the folder. */
  exportAll: z.object({}),
} as const satisfies Record<string, z.ZodType>;

export interface BackupOutputs {
  backups: BackupEntry[];
  backupNow: BackupEntry;
  restoreBackup: { restored: string; safetyBackup: BackupEntry; lines: number };
  exportAll: { outDir: string; tables: number; rows: number };
}
