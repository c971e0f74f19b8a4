/**
 * The core host: the process where Tillsight's core runs for the desktop app, so that the
 * main process never runs a query and the window stays responsive whatever a view costs.
 * Electron starts it as a `utilityProcess` (electron/main.ts); it opens the database, answers
 * the requests of electron/host/protocol.ts with electron/host/router.ts, and forwards the
 * progress of long work. Imports, previews, undo, the sample shop and the models' training
 * still run in worker threads of this process (core/jobs/runner.ts), on their own connections;
 * like `tillsight serve`, it retrains the models in the background after imports and undos
 * (core/jobs/training.ts).
 *
 *   core-host.js --db <file> --data <folder> [--train-debounce-ms N]
 *       uploads/ and reports/ live in <folder>; N = 0 trains only when asked (default 2000)
 *
 * It imports nothing from Electron, so `child_process.fork` runs the same file under plain
 * Node (test/electron-host.test.ts).
 */
import path from 'node:path';
import type { ApiContext } from '../core/api/index.js';
import { TrainingScheduler } from '../core/jobs/training.js';
import { startBackupSchedule } from '../core/store/backup.js';
import { openDb, type Db } from '../core/store/db.js';
import { connectToParent, type ParentLink } from './host/parent-link.js';
import { createHostRouter } from './host/router.js';

function argument(name: string): string | undefined {
  const argv = process.argv;
  for (let i = 2; i < argv.length; i++) {
    if (argv[i] === `--${name}` && i + 1 < argv.length) return argv[i + 1];
    if (argv[i].startsWith(`--${name}=`)) return argv[i].slice(name.length + 3);
  }
  return undefined;
}

const link = connectToParent();
if (!link) {
  process.stderr.write('core-host: start me from Electron (utilityProcess.fork) or child_process.fork; there is no parent to answer.\n');
  process.exit(2);
}

const dbArg = argument('db');
const dataArg = argument('data');
if (!dbArg || !dataArg) {
  link.post({ type: 'fatal', message: 'core-host needs --db <file> and --data <folder>' });
  process.exit(2);
}
const dbPath = path.resolve(dbArg);
const dataDir = path.resolve(dataArg);

/** Opens the database, or tells main why it cannot (main shows it and quits) and ends. */
function openOrReport(): Db | null {
  try {
    return openDb(dbPath);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const hint = /NODE_MODULE_VERSION|was compiled against a different/.test(message)
      ? '\n\nThe database driver was built for plain Node, not for Electron. Start the app with `npm start`, which rebuilds it.'
      : '';
    link!.post({ type: 'fatal', message: `${message}${hint}` });
    // Give the message time to leave before the process ends.
    setTimeout(() => process.exit(2), 100);
    return null;
  }
}

function serve(db: Db, parent: ParentLink): void {
  const uploadDir = path.join(dataDir, 'uploads');
  const reportsDir = path.join(dataDir, 'reports');
  const ctx: ApiContext = {
    db,
    dbPath,
    uploadDir,
    emitProgress: (event) => parent.post({ type: 'progress', event }),
  };
  const debounce = Number(argument('train-debounce-ms') ?? 2000);
  ctx.training = new TrainingScheduler(db, dbPath, (e) => ctx.emitProgress(e), Number.isFinite(debounce) ? debounce : 2000);
  ctx.training.checkOnOpen();
  // Backups while the app runs, as under `tillsight serve`: daily, the last 7 kept (core/store/backup.ts).
  startBackupSchedule(() => db, dbPath, {
    onError: (e) => console.error(`the scheduled backup failed (it is tried again later): ${e instanceof Error ? e.message : String(e)}`),
  });
  const router = createHostRouter({
    ctx,
    training: ctx.training,
    // The app's own files are not a shop's export (the folders the database sits in may well hold some).
    protectedPaths: [uploadDir, reportsDir, dbPath, `${dbPath}-wal`, `${dbPath}-shm`],
    exit: (code) => process.exit(code),
  });
  parent.onMessage((message) => {
    void router.handle(message).then((reply) => parent.post(reply));
  });
  parent.onGone(() => {
    // The parent died without a shutdown: close the connection (SQLite checkpoints on the last close).
    try {
      db.close();
    } finally {
      process.exit(0);
    }
  });
  parent.post({ type: 'ready', dbPath, pid: process.pid });
}

const db = openOrReport();
if (db) serve(db, link);
