/**
 * Products ranked by net sales over a period, best and worst, from the product
 * roll-ups (productTotals: whole months from monthly_product, the rest by day).
 * Postage, fees and adjustments are not products and are left out.
 */
import type { TopProduct } from '../../common/api-dashboards.js';
import type { Db } from '../store/db.js';
import { productIndex, productTotals } from './cache.js';

export interface ProductRanking {
  /** Net sales of every product line in the period (the shares' denominator). */
  productNet: number;
  /** Products that sold for money in the period (units and net sales above zero). */
  productsSold: number;
  top: TopProduct[];
  /** The products that sold least: lowest net sales among those that sold for money (returns netted; free items left out). */
  bottom: TopProduct[];
}

export function productRanking(db: Db, from: string, to: string, n = 10): ProductRanking {
  const index = productIndex(db);
  const products: Array<Omit<TopProduct, 'share'>> = [];
  for (const [productId, a] of productTotals(db, from, to)) {
    const p = index.get(productId);
    if (!p || !p.isProduct) continue;
    products.push({ productId, sku: p.sku, name: p.name, category: p.category, net: a.net, units: a.units, orders: a.orders });
  }
  const productNet = products.reduce((s, p) => s + p.net, 0);
  const withShare = (p: Omit<TopProduct, 'share'>): TopProduct => ({ ...p, share: productNet > 0 ? p.net / productNet : 0 });
  // Ties broken by name, so the same data always gives the same list.
  const byNet = (a: { net: number; name: string }, b: { net: number; name: string }) => b.net - a.net || a.name.localeCompare(b.name);
  products.sort(byNet);
  const sold = products.filter((p) => p.units > 0 && p.net >= 0.005); // at least a penny
  return {
    productNet,
    productsSold: sold.length,
    top: products.slice(0, n).map(withShare),
    bottom: sold.slice(-n).reverse().map(withShare),
  };
}
