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
 * The headline figures for a period, from the gold summaries, as the POS
 * vendors define them (README, "The figures"). Net sales: goods sold less
 * discounts and returns (refunds and cancellations negative), without shipping,
 * tips, fees, adjustments or taxes, which are counted apart. Orders: distinct
 * receipts with a sold product line. Customers: distinct identities who bought
 * in the period. Tax and total collected: null when no line of the period has one.
 */
export function kpis(db: Db, range: Range = {}): Kpis {
  const b = bounds(range);
  const s = db
    .prepare(
      `SELECT coalesce(sum(net), 0) AS net, coalesce(sum(gross), 0) AS gross, coalesce(sum(discount), 0) AS discount,
      coalesce(sum(returns), 0) AS returns, coalesce(sum(non_product), 0) AS nonProduct, coalesce(sum(units), 0) AS units,
      coalesce(sum(orders), 0) AS orders, sum(cost) AS cost, sum(tax) AS tax, sum(collected) AS collected,
      coalesce(sum(shipping), 0) AS shipping, coalesce(sum(tips), 0) AS tips, coalesce(sum(fees), 0) AS fees
    FROM daily_summary WHERE date BETWEEN @from AND @to`,
    )
    .get(b) as {
    net: number;
    gross: number;
    discount: number;
    returns: number;
    nonProduct: number;
    units: number;
    orders: number;
    cost: number | null;
    tax: number | null;
    collected: number | null;
    shipping: number;
    tips: number;
    fees: number;
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
    nonProduct: {
      shipping: round2(s.shipping),
      tips: round2(s.tips),
      fees: round2(s.fees),
      // Whatever is not shipping, tips or fees: adjustments, and non-product lines imported before they were classed.
      adjustments: round2(s.nonProduct - s.shipping - s.tips - s.fees),
    },
    tax: s.tax === null ? null : round2(s.tax),
    totalCollected: s.collected === null ? null : round2(s.collected),
    orders: s.orders,
    customers,
    units: round2(s.units),
    avgOrderValue: s.orders ? round2(s.net / s.orders) : 0,
    grossMargin: grossMargin(db, b, s.cost),
  };
}

/** Net sales less cost of goods: from product-list costs where known, else from costs in the sales file. */
function grossMargin(db: Db, b: { from: string; to: string }, lineCost: number | null): number | null {
  const r = db
    .prepare(
      `
    WITH latest AS (
      SELECT product_id, cost FROM product_info pi
      WHERE cost IS NOT NULL AND batch_id = (SELECT max(batch_id) FROM product_info p2 WHERE p2.product_id = pi.product_id AND p2.cost IS NOT NULL))
    SELECT sum(dp.net - dp.quantity * latest.cost) AS margin, count(*) AS n
    FROM daily_product dp JOIN latest ON latest.product_id = dp.product_id
    WHERE dp.date BETWEEN @from AND @to`,
    )
    .get(b) as { margin: number | null; n: number };
  if (r.n > 0 && r.margin !== null) return round2(r.margin);
  if (lineCost !== null) {
    // The cost of goods is against the goods' net sales (daily_summary.net); a non-product line carries no cost.
    const net = (db.prepare('SELECT sum(net) AS net FROM daily_summary WHERE date BETWEEN @from AND @to AND cost IS NOT NULL').get(b) as { net: number }).net;
    return round2(net - lineCost);
  }
  return null;
}

export function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
