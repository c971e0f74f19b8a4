import { kpis } from '../../core/analytics/kpis.js';
import { status } from '../../core/analytics/status.js';
import { dbOption, jsonOption, parse, type Command } from '../command.js';
import { openCliDb } from '../db.js';
import { UserError } from '../errors.js';

export const statusCommand: Command = {
  usage: 'status [--db PATH] [--json]',
  summary: 'what the database holds, and every import batch',
  async run(args) {
    const { values } = parse(args, { ...dbOption, ...jsonOption });
    const { db, dbPath } = openCliDb(values.db, { mustExist: true });
    try {
      const s = status(db, dbPath);
      if (values.json) {
        process.stdout.write(JSON.stringify(s, null, 2) + '\n');
        return 0;
      }
      const out = [
        `Database: ${dbPath}`,
        `${s.lines.toLocaleString()} sales lines, ${s.orders.toLocaleString()} orders, ${s.customers.toLocaleString()} customers, ${s.products.toLocaleString()} products`,
        s.firstDate ? `Sales from ${s.firstDate} to ${s.lastDate}` : 'No sales yet: run "tillsight import FILE".',
      ];
      if (s.batches.length) out.push('', 'Batches:');
      for (const b of s.batches) {
        out.push(
          `  ${b.batchId.padStart(4)}  ${b.file}  ${b.profile}${b.isSample ? ' (sample)' : ''}  ${b.rowsImported.toLocaleString()} imported, ${b.rowsDuplicate.toLocaleString()} duplicate, ${b.rowsRejected.toLocaleString()} rejected  ${b.minDate ?? ''}${b.maxDate ? '…' + b.maxDate : ''}`,
        );
      }
      process.stdout.write(out.join('\n') + '\n');
      return 0;
    } finally {
      db.close();
    }
  },
};

export const kpisCommand: Command = {
  usage: 'kpis [--db PATH] [--from DATE] [--to DATE] [--json]',
  summary: 'net sales, orders, customers and the other headline figures',
  async run(args) {
    const { values } = parse(args, { ...dbOption, ...jsonOption, from: { type: 'string' }, to: { type: 'string' } });
    const { rangeProblem } = await import('../../common/dates.js'); // zod: loaded only for the commands that validate with it
    const problem = rangeProblem(values.from, values.to);
    if (problem) throw new UserError(`--from/--to: ${problem}`, 2);
    const { db } = openCliDb(values.db, { mustExist: true });
    try {
      const k = kpis(db, { from: values.from, to: values.to });
      if (values.json) {
        process.stdout.write(JSON.stringify(k, null, 2) + '\n');
        return 0;
      }
      const money = (v: number) => v.toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
      process.stdout.write(
        [
          `Period:          ${k.from ?? 'start'} to ${k.to ?? 'end'}`,
          `Net sales:       ${money(k.netSales)}`,
          `Gross sales:     ${money(k.grossSales)}`,
          `Discounts:       ${money(k.discounts)}`,
          `Returns:         ${money(k.returns)}`,
          `Shipping:        ${money(k.nonProduct.shipping)}    (shipping, tips, fees and adjustments are not net sales)`,
          `Tips:            ${money(k.nonProduct.tips)}`,
          `Fees:            ${money(k.nonProduct.fees)}`,
          `Adjustments:     ${money(k.nonProduct.adjustments)}`,
          `Tax:             ${k.tax === null ? 'unknown (the files have no tax column)' : money(k.tax)}`,
          ...(k.totalCollected === null ? [] : [`Total collected: ${money(k.totalCollected)}`]),
          `Orders:          ${k.orders.toLocaleString()}`,
          `Customers:       ${k.customers.toLocaleString()}`,
          `Units:           ${k.units.toLocaleString()}`,
          `Avg order value: ${money(k.avgOrderValue)}`,
          `Gross margin:    ${k.grossMargin === null ? 'unknown (import a product list with costs)' : money(k.grossMargin)}`,
        ].join('\n') + '\n',
      );
      return 0;
    } finally {
      db.close();
    }
  },
};
