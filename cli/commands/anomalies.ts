import { runJob } from '../../core/jobs/runner.js';
import { staleKinds } from '../../core/models/registry.js';
import { ANOMALIES_KIND, listAnomalies } from '../../core/models/store/anomalies.js';
import { dbOption, jsonOption, parse, type Command } from '../command.js';
import { openCliDb } from '../db.js';
import { UserError } from '../errors.js';

const SCOPES = ['total', 'product', 'refunds', 'line'] as const;

export const anomaliesCommand: Command = {
  usage: 'anomalies [--db PATH] [--from DATE] [--to DATE] [--scope total|product|refunds|line] [--json]',
  summary: 'unusual days, products, refunds and till mistakes, highest score first',
  help: `
Lists what the anomaly model flagged in its latest run (trained first when there is none, or when
the data changed since; the forecast too when it is out of date, since the shop's days are judged
against its expected values). Anomalies the owner marked as explained are left out.
  --scope total     the shop's day against what the forecast expected of it (weekday, season, trend)
  --scope product   a product's day far outside its own pattern
  --scope refunds   a day or a product with unusual refunds
  --scope line      a single line with a price or quantity far outside the product's usual
JSON: {"anomalies":[{"date","scope","score","expected","actual","direction","explanation"}]}
`,
  async run(args) {
    const { values } = parse(args, { ...dbOption, ...jsonOption, from: { type: 'string' }, to: { type: 'string' }, scope: { type: 'string' } });
    const { IsoDate } = await import('../../common/api.js');
    for (const k of ['from', 'to'] as const) {
      if (values[k] !== undefined && !IsoDate.safeParse(values[k]).success) throw new UserError(`--${k} must be a date as YYYY-MM-DD`, 2);
    }
    const scope = values.scope as (typeof SCOPES)[number] | undefined;
    if (scope !== undefined && !SCOPES.includes(scope)) throw new UserError(`--scope must be one of ${SCOPES.join(', ')}`, 2);
    let { db, dbPath } = openCliDb(values.db, { mustExist: true });
    // The shop's days are judged against the forecast's expected values: an out-of-date forecast trains first.
    const stale = staleKinds(db, ['forecast', ANOMALIES_KIND]);
    if (stale.includes(ANOMALIES_KIND)) {
      db.close(); // the training job opens its own connection
      let last = '';
      await runJob(
        dbPath,
        'train',
        { kinds: stale, reason: 'command line' },
        {
          onProgress: (p) => {
            const line = `${p.phase}${p.message ? ` — ${p.message}` : ''}`;
            if (line !== last) process.stderr.write(line + '\n');
            last = line;
          },
        },
      );
      ({ db, dbPath } = openCliDb(dbPath, { mustExist: true }));
    }
    try {
      const list = listAnomalies(db, { from: values.from, to: values.to, scope, limit: 5000 });
      const anomalies = list.anomalies.map((a) => ({
        date: a.date,
        scope: a.scope,
        score: a.score,
        expected: a.expected,
        actual: a.actual,
        direction: a.direction,
        explanation: a.explanation,
      }));
      if (values.json) {
        process.stdout.write(JSON.stringify({ anomalies }) + '\n');
        return 0;
      }
      if (!list.run) {
        process.stdout.write('The anomaly model has not run successfully yet (see "tillsight train").\n');
        return 1;
      }
      if (!anomalies.length) {
        process.stdout.write('Nothing unusual.\n');
        return 0;
      }
      // One write: `tillsight anomalies | head` closes the pipe early, and a write per line would then fail.
      process.stdout.on('error', (e: NodeJS.ErrnoException) => {
        if (e.code !== 'EPIPE') throw e;
      });
      process.stdout.write(anomalies.map((a) => `${a.score.toFixed(2)}  ${a.scope.padEnd(8)} ${a.direction.padEnd(5)} ${a.explanation}\n`).join(''));
      return 0;
    } finally {
      db.close();
    }
  },
};
