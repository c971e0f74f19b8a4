/**
 * A real ModelSpec for the training fault test: it reads with SQL, trains step
 * by step (long enough to be killed in any phase) and writes its outputs in the
 * run's transaction, through the real registry and trainAll. Its outputs go to
 * a table the test creates in its own database (PROBE_TABLE).
 */
import type { Db } from '../../core/store/db.js';
import { defineModel } from '../../core/models/runtime.js';

export const PROBE_KIND = 'fault-probe';
export const PROBE_TABLE = 'fault_probe_outputs';
export const PROBE_ROWS = 60_000;

export function createProbeTable(db: Db): void {
  db.exec(
    `CREATE TABLE IF NOT EXISTS ${PROBE_TABLE} (run_id INTEGER NOT NULL REFERENCES model_runs(id) ON DELETE CASCADE, i INTEGER NOT NULL, v REAL NOT NULL)`,
  );
}

export const probeModel = defineModel<number[], Float64Array>({
  kind: PROBE_KIND,
  title: 'Fault probe',
  read: (d) => d.prepare('SELECT total(net) FROM sales_lines GROUP BY date ORDER BY date').pluck().all() as number[],
  async train(days, ctx) {
    const out = new Float64Array(PROBE_ROWS);
    for (let step = 0; step < 20; step++) {
      for (let i = 0; i < out.length; i++) out[i] = (out[i] + (days[i % Math.max(days.length, 1)] ?? 0) * (step + 1)) % 1e9;
      ctx.progress('fitting', step, 20);
      await new Promise((r) => setTimeout(r, 40));
    }
    return { outputs: out, metrics: { days: days.length }, params: { steps: 20 } };
  },
  write(d, runId, out) {
    const insert = d.prepare(`INSERT INTO ${PROBE_TABLE} (run_id, i, v) VALUES (?, ?, ?)`);
    for (let i = 0; i < out.length; i++) insert.run(runId, i, out[i]);
  },
});
