import type { Kpis } from '../../common/api.js';
import type { Db } from '../store/db.js';

export interface Range {
  from?: string;
  to?: string;
}

/** '' bounds mean "from the beginning" / "to the end": the SQL stays one statement. */
function bounds(range: Range): { from: string; to: string } {
  return { from: range.from ?? '0000-01-01', to: range.to ?? '9999-12-31' };
}

/**
 * The headline figures for a period, from the gold summaries.
 * Net sales: every counted line's signed amount (refunds and cancellations
 * negative, postage and fees included). Orders: distinct receipts with a sold
 * product line. Customers: distinct identities who bought in the period.
 */
export function kpis(db: Db, range: Range = {}): Kpis {
  const b = bounds(range);
  const s = db.prepare(`SELECT coalesce(sum(net), 0) AS net, coalesce(sum(gross), 0) AS gross, coalesce(sum(discount), 0) AS discount,
      coalesce(sum(returns), 0) AS returns, coalesce(sum(non_product), 0) AS nonProduct, coalesce(sum(units), 0) AS units,
      coalesce(sum(orders), 0) AS orders, sum(cost) AS cost
    FROM daily_summary WHERE date BETWEEN @from AND @to`).get(b) as {
    net: number; gross: number; discount: number; returns: number; nonProduct: number; units: number; orders: number; cost: number | null;
  };
  const customers = (db.prepare('SELECT count(DISTINCT customer_id) AS n FROM daily_customer WHERE date BETWEEN @from AND @to').get(b) as { n: number }).n;
  return {
    from: range.from ?? null,
    to: range.to ?? null,
    netSales: round2(s.net),
    grossSales: round2(s.gross),
    discounts: round2(s.discount),
    returns: round2(s.returns),
    nonProductSales: round2(s.nonProduct),
    orders: s.orders,
    customers,
    units: round2(s.units),
    avgOrderValue: s.orders ? round2(s.net / s.orders) : 0,
    grossMargin: grossMargin(db, b, s.cost),
  };
}

/** Net sales less cost of goods: from product-list costs where known, else from costs in the sales file. */
function grossMargin(db: Db, b: { from: string; to: string }, lineCost: number | null): number | null {
  const r = db.prepare(`
    WITH latest AS (
      SELECT product_id, cost FROM product_info pi
      WHERE cost IS NOT NULL AND batch_id = (SELECT max(batch_id) FROM product_info p2 WHERE p2.product_id = pi.product_id AND p2.cost IS NOT NULL))
    SELECT sum(dp.net - dp.quantity * latest.cost) AS margin, count(*) AS n
    FROM daily_product dp JOIN latest ON latest.product_id = dp.product_id
    WHERE dp.date BETWEEN @from AND @to`).get(b) as { margin: number | null; n: number };
  if (r.n > 0 && r.margin !== null) return round2(r.margin);
  if (lineCost !== null) {
    const net = (db.prepare('SELECT sum(net) AS net FROM daily_summary WHERE date BETWEEN @from AND @to AND cost IS NOT NULL').get(b) as { net: number }).net;
    return round2(net - lineCost);
  }
  return null;
}

export function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
