/**
 * Data quality at a glance for the imports page: what was read, kept, skipped
 * and rejected; gaps in the dates; what the data lacks (customers, categories,
 * costs). Reads import_batches, the dimension tables and daily_summary.
 */
import type { DataQuality } from '../../common/api-dashboards.js';
import type { Db } from '../store/db.js';
import { addDays, diffDays } from './periods.js';

const pct = (x: number) => (x > 0 && x < 0.0001 ? 'under 0.01%' : `${(x * 100).toFixed(x < 0.01 && x > 0 ? 2 : 1)}%`);
const rows = (n: number) => `${n.toLocaleString('en')} row${n === 1 ? '' : 's'}`;

export function dataQuality(db: Db): DataQuality {
  const b = db
    .prepare(
      `SELECT count(*) AS batches, coalesce(sum(rows_read), 0) AS rowsRead, coalesce(sum(rows_imported), 0) AS rowsImported,
              coalesce(sum(rows_duplicate), 0) AS rowsDuplicate, coalesce(sum(rows_rejected), 0) AS rowsRejected
         FROM import_batches`,
    )
    .get() as { batches: number; rowsRead: number; rowsImported: number; rowsDuplicate: number; rowsRejected: number };
  const days = db
    .prepare('SELECT date, sum(net) AS net, sum(returns) AS returns, sum(non_product) AS np FROM daily_summary GROUP BY date ORDER BY date')
    .all() as Array<{
    date: string;
    net: number;
    returns: number;
    np: number;
  }>;
  const firstDate = days[0]?.date ?? null;
  const lastDate = days[days.length - 1]?.date ?? null;
  const gaps: DataQuality['gaps'] = [];
  let net = 0,
    returns = 0,
    nonProduct = 0;
  for (let i = 0; i < days.length; i++) {
    const d = days[i];
    net += d.net;
    returns += d.returns;
    nonProduct += d.np;
    if (i > 0) {
      const gap = diffDays(days[i - 1].date, d.date) - 1;
      if (gap >= 3) gaps.push({ from: addDays(days[i - 1].date, 1), to: addDays(d.date, -1), days: gap });
    }
  }
  gaps.sort((x, y) => y.days - x.days);
  const products = (db.prepare('SELECT count(*) AS n FROM products WHERE is_product = 1').get() as { n: number }).n;
  const noCategory = (
    db
      .prepare(
        `SELECT count(*) AS n FROM products p WHERE p.is_product = 1 AND (p.category IS NULL OR p.category = '')
           AND NOT EXISTS (SELECT 1 FROM product_info pi WHERE pi.product_id = p.id AND pi.category IS NOT NULL AND pi.category <> '')`,
      )
      .get() as { n: number }
  ).n;
  const noCost = (
    db
      .prepare(
        `SELECT count(*) AS n FROM products p WHERE p.is_product = 1 AND NOT EXISTS (SELECT 1 FROM product_info pi WHERE pi.product_id = p.id AND pi.cost IS NOT NULL)`,
      )
      .get() as { n: number }
  ).n;
  const customers = (db.prepare('SELECT count(*) AS n FROM customers').get() as { n: number }).n;
  const identified = (db.prepare('SELECT coalesce(sum(net), 0) AS n FROM daily_customer').get() as { n: number }).n;
  const anonymousShare = net > 0 ? Math.min(1, Math.max(0, 1 - identified / net)) : 0;
  const nonProductShare = net > 0 ? nonProduct / net : 0;
  const returnsShare = net + returns > 0 ? returns / (net + returns) : 0;
  const calendarDays = firstDate && lastDate ? diffDays(firstDate, lastDate) + 1 : 0;

  const checks: DataQuality['checks'] = [];
  if (!b.batches) checks.push({ level: 'info', message: 'Nothing imported yet: drop a sales export from your till on this window.' });
  else {
    const rejectShare = b.rowsRead ? b.rowsRejected / b.rowsRead : 0;
    checks.push(
      b.rowsRejected === 0
        ? { level: 'ok', message: 'Every row that was read could be used.' }
        : {
            level: rejectShare > 0.01 ? 'warn' : 'info',
            message: `${rows(b.rowsRejected)} (${pct(rejectShare)}) ${b.rowsRejected === 1 ? 'was' : 'were'} rejected: see the reasons below each import.`,
          },
    );
    if (b.rowsDuplicate)
      checks.push({
        level: 'info',
        message: `${rows(b.rowsDuplicate)} ${b.rowsDuplicate === 1 ? 'was' : 'were'} already imported and skipped, so nothing is counted twice.`,
      });
  }
  if (gaps.length) {
    const g = gaps[0];
    checks.push({
      level: g.days >= 14 ? 'warn' : 'info',
      message: `${gaps.length} gap${gaps.length > 1 ? 's' : ''} of 3 days or more without sales; the longest is ${g.days} days (${g.from} to ${g.to}).`,
    });
  }
  if (firstDate && anonymousShare > 0.05)
    checks.push({ level: 'info', message: `${pct(anonymousShare)} of sales have no customer attached: customer figures cover the rest.` });
  if (products && noCategory === products)
    checks.push({ level: 'info', message: 'No product has a category: import a product list with categories to see sales by category.' });
  else if (noCategory) checks.push({ level: 'info', message: `${noCategory.toLocaleString('en')} products have no category.` });
  if (products && noCost === products) checks.push({ level: 'info', message: 'No product has a cost: import a product list with costs to see gross margin.' });
  if (firstDate && nonProductShare > 0.02)
    checks.push({ level: 'info', message: `${pct(nonProductShare)} of sales are postage, fees or adjustments; they are kept out of product figures.` });
  return {
    ...b,
    firstDate,
    lastDate,
    daysWithSales: days.length,
    calendarDays,
    gaps: gaps.slice(0, 10),
    products,
    productsWithoutCategory: noCategory,
    productsWithoutCost: noCost,
    customers,
    anonymousShare,
    nonProductShare,
    returnsShare,
    checks,
  };
}
