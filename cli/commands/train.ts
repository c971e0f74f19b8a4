import { runJob } from '../../core/jobs/runner.js';
import { modelSpecs } from '../../core/models/kinds.js';
import { dbOption, jsonOption, parse, type Command } from '../command.js';
import { openCliDb } from '../db.js';
import { UserError } from '../errors.js';

export const trainCommand: Command = {
  usage: 'train [--db PATH] [--kind KIND] [--seed N] [--json]',
  summary: 'train every model on the data now (progress on stderr)',
  help: `
Trains in a worker thread, as the app does after an import: each run is recorded with its data,
parameters, seed, metrics, time and peak memory; the dashboards show its results once it succeeds.
Options:
  --kind KIND   train only this kind (repeatable): ${modelSpecs.map((s) => s.kind).join(', ') || '(none registered)'}
  --seed N      the seed (default 42): the same data and seed give the same models
`,
  async run(args) {
    const { values } = parse(args, { ...dbOption, ...jsonOption, kind: { type: 'string', multiple: true }, seed: { type: 'string' } });
    const seed = values.seed === undefined ? 42 : Number(values.seed);
    if (!Number.isInteger(seed) || seed < 0) throw new UserError('--seed must be a whole number', 2);
    for (const k of values.kind ?? []) if (!modelSpecs.some((s) => s.kind === k)) throw new UserError(`there is no model called ${k}`, 2);
    const { db, dbPath } = openCliDb(values.db, { mustExist: true });
    db.close(); // the job opens its own connection
    let lastLine = '';
    const result = await runJob(
      dbPath,
      'train',
      { kinds: values.kind, seed, reason: 'command line' },
      {
        onProgress: (p) => {
          const line = `${p.phase}${p.total ? ` ${Math.round((100 * p.done) / p.total)}%` : ''}${p.message ? ` — ${p.message}` : ''}`;
          if (line !== lastLine) process.stderr.write(line + '\n');
          lastLine = line;
        },
      },
    );
    if (values.json) {
      process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    } else if (!result.runs.length) {
      process.stdout.write('No model to train.\n');
    } else {
      for (const r of result.runs) {
        const secs = r.durationMs === null ? '' : ` in ${(r.durationMs / 1000).toFixed(1)} s`;
        process.stdout.write(
          `${r.kind}: ${r.status}${secs}${r.peakRssMb ? `, peak memory ${Math.round(r.peakRssMb)} MB` : ''}${r.error ? ` — ${r.error}` : ''}\n`,
        );
      }
    }
    return result.runs.some((r) => r.status !== 'ok') ? 1 : 0;
  },
};
