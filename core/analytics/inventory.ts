/**
 * The inventory dashboard: stock on hand from stock files (last count +
 * receipts − units sold since), days of cover, alerts, slow and dead stock,
 * turnover, suggested reorders, and an ABC analysis of products by sales.
 *
 * Reorders come from the latest forecast wherever it covers a product with a
 * lead time (forecast demand over the lead time + safety stock at a 95% service
 * level: core/models/forecast/reorder.ts). Where it doesn't (no forecast yet,
 * or no lead time), the rule: reorder when stock falls below daily rate ×
 * (lead time + safety days), up to daily rate × (lead time + safety days +
 * order cycle); the row's reason says which.
 */
import type { AbcRow, InventoryDashboard, StockRow } from '../../common/api-dashboards.js';
import type { Db } from '../store/db.js';
import { productIndex, productTotals, type ProductAgg } from './cache.js';
import { addDays, dataRange, maxDate } from './periods.js';
import { stockOnHand } from './stock.js';
import { reorderSuggestionsView } from '../models/store/forecast-views.js';
import { reorderReason as reorderReasonText } from '../models/forecast/reorder.js';

const RATE_WINDOW = 28;
const ORDER_CYCLE = 14;
const SLOW_DAYS = 90;
const DEAD_DAYS = 90;
const ABC_DAYS = 365;

export function inventoryDashboard(db: Db, input: { safetyDays?: number | undefined; defaultLeadTimeDays?: number | undefined } = {}): InventoryDashboard {
  const safetyDays = input.safetyDays ?? 7;
  const defaultLead = input.defaultLeadTimeDays ?? 7;
  const settings = {
    safetyDays,
    defaultLeadTimeDays: defaultLead,
    rateWindowDays: RATE_WINDOW,
    orderCycleDays: ORDER_CYCLE,
    slowDays: SLOW_DAYS,
    deadDays: DEAD_DAYS,
  };
  const range = dataRange(db);
  const stockLast = (db.prepare('SELECT max(date) AS d FROM stock_movements').get() as { d: string | null }).d;
  const asOf = range && stockLast ? maxDate(range.last, stockLast) : (range?.last ?? stockLast);

  const result: InventoryDashboard = {
    asOf,
    hasStock: stockLast !== null,
    settings,
    summary: {
      products: 0,
      unitsOnHand: 0,
      stockValue: null,
      outOfStock: 0,
      lowStock: 0,
      slowMovers: 0,
      deadStock: 0,
      turnover: null,
      medianDaysOfCover: null,
    },
    stock: [],
    reorders: [],
    abc: { from: null, to: null, classes: [], top: [] },
  };

  // A year of product sales (ABC, turnover) from the monthly roll-up.
  const salesTo = range?.last ?? asOf;
  const yearFrom = salesTo ? addDays(salesTo, -ABC_DAYS + 1) : null;
  const year = salesTo && yearFrom ? productTotals(db, yearFrom, salesTo) : new Map<number, ProductAgg>();
  const index = productIndex(db);

  if (stockLast !== null && asOf) {
    const onHand = stockOnHand(db, asOf);
    const forecastReorders = new Map(reorderSuggestionsView(db).rows.map((r) => [r.productId, r]));
    const ids = [...onHand.keys()];
    // Daily rate (last 28 days) and last sale (last 90 days): one read of 90 days of product sales.
    const rateFrom = addDays(asOf, -RATE_WINDOW + 1);
    const recent = new Map(
      (
        db
          .prepare(
            `SELECT product_id, sum(CASE WHEN date >= ? THEN quantity ELSE 0 END), max(CASE WHEN quantity > 0 THEN date END)
               FROM daily_product WHERE date >= ? AND date <= ? GROUP BY product_id`,
          )
          .raw()
          .all(rateFrom, addDays(asOf, -DEAD_DAYS + 1), asOf) as Array<[number, number, string | null]>
      ).map(([p, q, d]) => [p, { recentUnits: q, lastSale: d }]),
    );

    const rows: StockRow[] = [];
    let unitsSoldYear = 0;
    for (const id of ids) {
      const a = index.get(id);
      if (!a) continue;
      const h = onHand.get(id)!;
      const units = h.units;
      const sale = recent.get(id);
      const r = Math.max(0, sale?.recentUnits ?? 0) / RATE_WINDOW;
      const lead = a.leadTime ?? defaultLead;
      const last = sale?.lastSale ?? null;
      const cover = r > 0 ? Math.max(0, units) / r : null;
      const f = forecastReorders.get(id);
      let reorderPoint: number;
      let reorderQty: number;
      let reorderReason: string;
      if (f) {
        // The forecast's suggestion was for the stock at its run's end; today's stock may differ.
        reorderPoint = f.reorderPoint;
        reorderQty = units <= f.reorderPoint ? Math.max(0, Math.ceil(f.suggestedQty + Math.max(0, f.onHand) - Math.max(0, units))) : 0;
        reorderReason = reorderReasonText(f.dailyDemand, units, f.leadTimeDays);
      } else {
        reorderPoint = r * (lead + safetyDays);
        reorderQty = r > 0 && units < reorderPoint ? Math.ceil(r * (lead + safetyDays + ORDER_CYCLE) - Math.max(0, units)) : 0;
        const rate = r * 7 >= 10 ? `~${Math.round(r * 7)}` : `~${Math.round(r * 70) / 10}`;
        reorderReason = `no forecast for it${a.leadTime === null ? ' (no lead time known)' : ''}: sold ${rate} a week over the last ${RATE_WINDOW} days, ${Math.round(units * 10) / 10} left, ${lead}-day lead time + ${safetyDays} safety days`;
      }
      let status: StockRow['status'];
      if (units <= 0) status = 'out';
      else if (r > 0 && units < reorderPoint) status = 'low';
      else if (!last) status = 'dead';
      else if (cover === null || cover > SLOW_DAYS) status = 'slow';
      else status = 'ok';
      unitsSoldYear += Math.max(0, year.get(id)?.units ?? 0);
      rows.push({
        productId: id,
        sku: a.sku,
        name: a.name,
        category: a.category,
        onHand: units,
        lastCountDate: h.lastCount,
        dailyRate: r,
        daysOfCover: cover,
        leadTimeDays: lead,
        reorderQty,
        reorderPoint,
        reorderSource: f ? 'forecast' : 'rule',
        reorderReason,
        lastSaleDate: last,
        status,
        stockValue: a.cost !== null ? Math.max(0, units) * a.cost : null,
      });
    }
    const rank: Record<StockRow['status'], number> = { out: 0, low: 1, dead: 2, slow: 3, ok: 4 };
    rows.sort((x, y) => rank[x.status] - rank[y.status] || (x.daysOfCover ?? 1e9) - (y.daysOfCover ?? 1e9) || x.name.localeCompare(y.name));
    const unitsOnHand = rows.reduce((s, r) => s + Math.max(0, r.onHand), 0);
    const valued = rows.filter((r) => r.stockValue !== null);
    const covers = rows
      .map((r) => r.daysOfCover)
      .filter((c): c is number => c !== null)
      .sort((a, b) => a - b);
    result.summary = {
      products: rows.length,
      unitsOnHand,
      stockValue: valued.length ? valued.reduce((s, r) => s + (r.stockValue ?? 0), 0) : null,
      outOfStock: rows.filter((r) => r.status === 'out').length,
      lowStock: rows.filter((r) => r.status === 'low').length,
      slowMovers: rows.filter((r) => r.status === 'slow').length,
      deadStock: rows.filter((r) => r.status === 'dead').length,
      turnover: unitsOnHand > 0 ? unitsSoldYear / unitsOnHand : null,
      medianDaysOfCover: covers.length ? covers[Math.floor(covers.length / 2)] : null,
    };
    result.stock = rows.slice(0, 300);
    result.reorders = rows
      .filter((r) => r.reorderQty > 0)
      .sort((x, y) => (x.daysOfCover ?? 0) - (y.daysOfCover ?? 0))
      .slice(0, 200);
  }

  // ABC: products ranked by sales over the last 365 days of data.
  if (range && yearFrom) {
    const from = maxDate(range.first, yearFrom);
    const products: Array<{ productId: number; net: number; name: string; sku: string | null }> = [];
    for (const [id, v] of year) {
      const p = index.get(id);
      if (p && p.isProduct && v.net > 0) products.push({ productId: id, net: v.net, name: p.name, sku: p.sku });
    }
    products.sort((x, y) => y.net - x.net);
    const total = products.reduce((s, r) => s + r.net, 0);
    let cum = 0;
    const classes = { A: { products: 0, net: 0 }, B: { products: 0, net: 0 }, C: { products: 0, net: 0 } };
    const top: AbcRow[] = [];
    for (const r of products) {
      const before = cum;
      cum += r.net;
      // A product is in A while the share before it is under 80%, in B under 95%.
      const abcClass: AbcRow['abcClass'] = before / total < 0.8 ? 'A' : before / total < 0.95 ? 'B' : 'C';
      classes[abcClass].products++;
      classes[abcClass].net += r.net;
      if (top.length < 100) top.push({ productId: r.productId, name: r.name, sku: r.sku, net: r.net, cumulativeShare: cum / total, abcClass });
    }
    result.abc = {
      from,
      to: range.last,
      classes: (['A', 'B', 'C'] as const).map((c) => ({
        abcClass: c,
        products: classes[c].products,
        net: classes[c].net,
        share: total > 0 ? classes[c].net / total : 0,
      })),
      top,
    };
  }
  return result;
}
