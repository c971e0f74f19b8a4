import { dbOption, parse, type Command } from '../command.js';
import type { Db } from '../../core/store/db.js';
import { resolveDbPath } from '../../core/store/paths.js';
import { openCliDb } from '../db.js';
import { UserError } from '../errors.js';

export const serveCommand: Command = {
  usage: 'serve [--db PATH] [--port N]',
  summary: 'serve the app on http://127.0.0.1 (open the printed URL in a browser)',
  async run(args) {
    const { values } = parse(args, { ...dbOption, port: { type: 'string' } });
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UserError('--port must be a number from 0 to 65535', 2);
    let db: Db | undefined;
    const dbPath = resolveDbPath(values.db);
    try {
      // Not SQLite's 5 s wait: a server that cannot open the file yet starts at once and says why.
      db = openCliDb(values.db, { busyTimeoutMs: 500 }).db;
      db.pragma('busy_timeout = 5000');
    } catch (e) {
      // An import holds the database (a big CLI import writes it alone): serve anyway; the app says so and retries.
      if (!(e instanceof UserError && e.fault === 'busy')) throw e;
      process.stderr.write(`tillsight serve: ${e.message}; the app shows the data as soon as it ends.\n`);
    }
    let server;
    try {
      // Loaded here, not at the top: every command pays for what the CLI imports up front.
      const { startServer } = await import('../../core/http/server.js');
      server = await startServer({ db, dbPath, port });
    } catch (e) {
      db?.close();
      throw new UserError(`cannot listen on 127.0.0.1:${port}: ${e instanceof Error ? e.message : String(e)}`);
    }
    // Backups while the app runs: daily by default, the last 7 kept (core/store/backup.ts).
    const { startBackupSchedule } = await import('../../core/store/backup.js');
    const hours = Number(process.env.TILLSIGHT_BACKUP_EVERY_HOURS ?? 24);
    const schedule = startBackupSchedule(() => db ?? server.openedDb(), dbPath, {
      everyMs: (Number.isFinite(hours) && hours > 0 ? hours : 24) * 3600_000,
      onError: (e) =>
        process.stderr.write(`tillsight serve: the scheduled backup failed (it is tried again later): ${e instanceof Error ? e.message : String(e)}\n`),
    });
    // The URL is the first line on stdout: tests and launchers read it.
    process.stdout.write(`${server.url}\n`);
    process.stderr.write(`Tillsight is serving ${dbPath} on ${server.url} (127.0.0.1 only). Press Ctrl+C to stop.\n`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    schedule.stop();
    await server.close();
    db?.close();
    server.openedDb()?.close();
    // A job's worker thread may still be running (an import the owner started): stop now, as asked.
    process.exit(0);
  },
};
