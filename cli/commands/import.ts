import type { ImportBatchResult } from '../../common/api.js';
import { importFile, ImportRefused } from '../../core/import/pipeline.js';
import { BatchNotFound, undoBatch } from '../../core/import/undo.js';
import { dbOption, jsonOption, parse, type Command } from '../command.js';
import { openCliDb } from '../db.js';
import { UserError } from '../errors.js';

export const importCommand: Command = {
  usage: 'import FILE... [--db PATH] [--profile NAME] [--json]',
  summary: 'import POS exports (each file lands whole or not at all)',
  help: `
Options:
  --profile NAME      force a layout: online-retail, online-retail-ii, square-items, square-transactions,
                      shopify-orders, loyverse-items, loyverse-receipts, clover-line-items, toast-items,
                      generic, products, stock
  --date-order ORDER  MDY, DMY or YMD when the file can't tell
  --decimal SEP       . or , as the decimal separator
  --map FIELD=COLUMN  map a column for a generic file (repeatable); remembered for files with the same header
  --store NAME        store name for files without a location column
`,
  async run(args) {
    const { values, positionals } = parse(
      args,
      {
        ...dbOption,
        ...jsonOption,
        profile: { type: 'string' },
        'date-order': { type: 'string' },
        decimal: { type: 'string' },
        map: { type: 'string', multiple: true },
        store: { type: 'string' },
      },
      true,
    );
    if (!positionals.length) throw new UserError('name at least one file to import', 2);
    const dateOrder = values['date-order']?.toUpperCase();
    if (dateOrder && !['MDY', 'DMY', 'YMD'].includes(dateOrder)) throw new UserError('--date-order must be MDY, DMY or YMD', 2);
    if (values.decimal && values.decimal !== '.' && values.decimal !== ',') throw new UserError('--decimal must be . or ,', 2);
    let mapping: Record<string, string> | undefined;
    for (const m of values.map ?? []) {
      const eq = m.indexOf('=');
      if (eq < 1) throw new UserError(`--map expects FIELD=COLUMN, got "${m}"`, 2);
      (mapping ??= {})[m.slice(0, eq)] = m.slice(eq + 1);
    }
    const { db } = openCliDb(values.db);
    const batches: ImportBatchResult[] = [];
    const refused: Array<{ file: string; error: string }> = [];
    const showProgress = !values.json && process.stderr.isTTY;
    try {
      for (const file of positionals) {
        try {
          const result = await importFile(
            db,
            file,
            {
              profile: values.profile,
              dateOrder: dateOrder as 'MDY' | 'DMY' | 'YMD' | undefined,
              decimalSeparator: values.decimal as '.' | ',' | undefined,
              mapping,
              store: values.store,
            },
            {
              onProgress: showProgress
                ? (p) => process.stderr.write(`\r${file}: ${Math.round((p.bytesRead / Math.max(p.totalBytes, 1)) * 100)}% (${p.rows.toLocaleString()} rows)`)
                : undefined,
            },
          );
          if (showProgress) process.stderr.write('\r\x1b[K');
          batches.push(result);
          if (!values.json) printBatch(result);
        } catch (e) {
          if (showProgress) process.stderr.write('\r\x1b[K');
          if (!(e instanceof ImportRefused)) throw e;
          refused.push({ file, error: e.message });
          process.stderr.write(`${file}: refused: ${e.message}\n`);
        }
      }
    } finally {
      db.close();
    }
    if (values.json) process.stdout.write(JSON.stringify(refused.length ? { batches, refused } : { batches }, null, 2) + '\n');
    return refused.length ? 1 : 0;
  },
};

function printBatch(r: ImportBatchResult): void {
  const lines = [
    `${r.file}: ${r.profileName} (${r.encoding}, ${r.delimiter === '\t' ? 'tab' : `"${r.delimiter}"`}-separated${r.dateOrder ? `, dates ${r.dateOrder}` : ''})`,
    `  batch ${r.batchId}: ${r.rowsRead.toLocaleString()} rows read, ${r.rowsImported.toLocaleString()} imported, ${r.rowsDuplicate.toLocaleString()} already imported, ${r.rowsRejected.toLocaleString()} rejected` +
      (r.rowsNotCounted ? `, ${r.rowsNotCounted.toLocaleString()} voided or cancelled (kept, not counted)` : '') +
      (r.minDate ? `; ${r.minDate} to ${r.maxDate}` : ''),
  ];
  for (const rej of r.rejected.slice(0, 10)) lines.push(`  line ${rej.line}: ${rej.reason}`);
  if (r.rowsRejected > 10) lines.push(`  … and ${r.rowsRejected - 10} more rejected rows (see the Imports page)`);
  process.stdout.write(lines.join('\n') + '\n');
}

export const undoCommand: Command = {
  usage: 'undo BATCH_ID [--db PATH]',
  summary: 'remove everything one import added',
  async run(args) {
    const { values, positionals } = parse(args, { ...dbOption, ...jsonOption }, true);
    if (positionals.length !== 1) throw new UserError('name one batch id (see "tillsight status")', 2);
    const { db } = openCliDb(values.db, { mustExist: true });
    try {
      const r = undoBatch(db, positionals[0]);
      process.stdout.write(values.json ? JSON.stringify(r) + '\n' : `batch ${r.batchId} undone: ${r.linesRemoved.toLocaleString()} lines removed\n`);
      return 0;
    } catch (e) {
      if (e instanceof BatchNotFound) throw new UserError(e.message);
      throw e;
    } finally {
      db.close();
    }
  },
};
