import type { Reconciliation } from '../../common/api.js';
import { reconciliation } from '../../core/analytics/reconciliation.js';
import { dbOption, jsonOption, parse, type Command } from '../command.js';
import { openCliDb } from '../db.js';
import { UserError } from '../errors.js';

export const reconcileCommand: Command = {
  usage: 'reconcile BATCH_ID [--db PATH] [--json]',
  summary: "what a batch's file says against what Tillsight counted, every difference explained",
  run(args) {
    const { values, positionals } = parse(args, { ...dbOption, ...jsonOption }, true);
    const id = positionals[0];
    if (!id || !/^\d+$/.test(id) || positionals.length > 1) throw new UserError('name one batch number (see "tillsight status")', 2);
    // Reading only: a mistyped --db path is an error, not a new empty database.
    const { db } = openCliDb(values.db, { mustExist: true });
    try {
      const r = reconciliation(db, Number(id));
      if (!r) throw new UserError(`there is no import batch ${id} (see "tillsight status")`);
      process.stdout.write(values.json ? JSON.stringify(r, null, 2) + '\n' : formatReconciliation(r));
      return Promise.resolve(0);
    } finally {
      db.close();
    }
  },
};

const money = (v: number) => v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const signed = (v: number) => (v < 0 ? `− ${money(-v)}` : `+ ${money(v)}`);

export function formatReconciliation(r: Reconciliation): string {
  const rows = r.rows;
  const out = [
    `Batch ${r.batchId}: ${r.file} (${r.profile}), imported ${r.importedAt.slice(0, 16).replace('T', ' ')}`,
    `Rows: ${rows.read} read = ${rows.imported} imported + ${rows.duplicate} already imported + ${rows.rejected} not read` +
      (rows.totalsRows ? ` (${rows.totalsRows} of them the file's totals)` : '') +
      (rows.notCounted ? `; ${rows.notCounted} voided or cancelled (kept, not counted)` : ''),
  ];
  if (r.note) out.push(`Note: ${r.note}`);
  for (const f of r.figures) {
    out.push('', `${f.label}`);
    if (f.file !== null) out.push(`  the file says            ${money(f.file).padStart(14)}   (${f.fileSource})`);
    if (f.totalsRow) out.push(`  its totals row (line ${f.totalsRow.line}) ${money(f.totalsRow.value).padStart(12)}`);
    for (const s of f.steps) out.push(`  ${signed(s.amount).padStart(16)}  ${s.reason}${s.rows !== null ? ` [${s.rows} row${s.rows === 1 ? '' : 's'}]` : ''}`);
    out.push(`  Tillsight counts         ${money(f.counted).padStart(14)}` + (f.unexplained ? `   (unexplained: ${money(f.unexplained)})` : ''));
  }
  const np = r.nonProduct;
  if (np.shipping || np.tips || np.fees || np.adjustments) {
    out.push(
      '',
      `Non-product lines, apart from net sales: shipping ${money(np.shipping)}, tips ${money(np.tips)}, fees ${money(np.fees)}, adjustments ${money(np.adjustments)}`,
    );
  }
  return out.join('\n') + '\n';
}
