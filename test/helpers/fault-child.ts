/**
 * Work a fault test kills half-way, run as a child process of its own:
 *   rebuild DB   rebuild every summary from the lines, in one transaction (as undo does)
 *   open DB      open the database (migrating it, after its backup), then close it
 *   train DB     train the probe model below through the real registry and trainAll
 *
 * (the probe model: helpers/fault-probe.ts).
 */
import { openDb } from '../../core/store/db.js';
import { trainAll } from '../../core/models/train-all.js';
import { probeModel } from './fault-probe.js';
import { rebuildSummaries, refreshCustomers, refreshMonthlyProducts } from '../../core/store/summaries.js';

const [op, dbPath] = process.argv.slice(2);
if (!dbPath) throw new Error('usage: fault-child.js rebuild|open DB');
const db = openDb(dbPath);
if (op === 'rebuild') {
  const range = db.prepare('SELECT min(min_date) AS f, max(max_date) AS t FROM import_batches').get() as { f: string; t: string };
  db.transaction(() => {
    // Empty the gold first: a kill that left this half done would show as missing rows.
    db.exec('DELETE FROM daily_summary; DELETE FROM daily_product; DELETE FROM daily_customer; DELETE FROM hourly_summary; DELETE FROM monthly_product;');
    rebuildSummaries(db, range.f, range.t);
    refreshMonthlyProducts(db, range.f, range.t);
    refreshCustomers(db, db.prepare('SELECT id FROM customers').pluck().all() as number[]);
  }).immediate();
} else if (op === 'train') {
  await trainAll(db, [probeModel], { signal: new AbortController().signal, progress: () => {}, seed: 42 });
} else if (op !== 'open') {
  throw new Error(`unknown op ${op}`);
}
db.close();
