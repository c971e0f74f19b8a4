/**
 * What the app shell needs before any dashboard: the data's date range, a
 * currency suggested by the data, and which kinds of data exist. Every check
 * is an indexed lookup or a LIMIT 1 probe.
 */
import type { DashboardMeta } from '../../common/api-dashboards.js';
import type { Db } from '../store/db.js';
import { getMeta } from '../store/db.js';
import { dataRange } from './periods.js';
import { hasSampleData } from '../import/batches.js';

const EURO = [
  'austria',
  'belgium',
  'croatia',
  'cyprus',
  'estonia',
  'finland',
  'france',
  'germany',
  'greece',
  'ireland',
  'eire',
  'italy',
  'latvia',
  'lithuania',
  'luxembourg',
  'malta',
  'netherlands',
  'portugal',
  'slovakia',
  'slovenia',
  'spain',
  'channel islands',
];

const BY_COUNTRY: Record<string, string> = {
  'united kingdom': 'GBP',
  uk: 'GBP',
  'great britain': 'GBP',
  england: 'GBP',
  scotland: 'GBP',
  wales: 'GBP',
  gb: 'GBP',
  'united states': 'USD',
  usa: 'USD',
  us: 'USD',
  'united states of america': 'USD',
  canada: 'CAD',
  australia: 'AUD',
  'new zealand': 'NZD',
  japan: 'JPY',
  switzerland: 'CHF',
  sweden: 'SEK',
  norway: 'NOK',
  denmark: 'DKK',
  poland: 'PLN',
  'czech republic': 'CZK',
  czechia: 'CZK',
  brazil: 'BRL',
  singapore: 'SGD',
  israel: 'ILS',
  'south africa': 'ZAR',
  iceland: 'ISK',
  'hong kong': 'HKD',
  india: 'INR',
  mexico: 'MXN',
};

export function currencyForCountry(country: string | null | undefined): string | null {
  if (!country) return null;
  const c = country.trim().toLowerCase();
  if (BY_COUNTRY[c]) return BY_COUNTRY[c];
  if (EURO.includes(c)) return 'EUR';
  return null;
}

const probe = (db: Db, sql: string): boolean => !!db.prepare(sql).get();

/** The currency column of the newest import that has one (Shopify and Clover exports do), or null. */
export function fileCurrency(db: Db): string | null {
  const row = db.prepare('SELECT currency FROM import_batches WHERE currency IS NOT NULL ORDER BY id DESC LIMIT 1').get() as { currency: string } | undefined;
  return row?.currency ?? null;
}

export function dashboardMeta(db: Db): DashboardMeta {
  const range = dataRange(db);
  // A currency set for the shop wins; then the newest file that names its currency; last, a guess from the customers' country.
  let currency = getMeta(db, 'currency') ?? fileCurrency(db);
  if (!currency) {
    const top = db
      .prepare(`SELECT country FROM customers WHERE country IS NOT NULL AND country <> '' GROUP BY country ORDER BY count(*) DESC LIMIT 1`)
      .get() as { country: string } | undefined;
    currency = currencyForCountry(top?.country);
  }
  return {
    firstDate: range?.first ?? null,
    lastDate: range?.last ?? null,
    currency,
    hasSales: range !== null,
    hasHours: probe(db, 'SELECT 1 FROM hourly_summary WHERE hour >= 0 LIMIT 1'),
    hasStock: probe(db, 'SELECT 1 FROM stock_movements LIMIT 1'),
    hasCategories:
      probe(db, `SELECT 1 FROM products WHERE category IS NOT NULL AND category <> '' LIMIT 1`) ||
      probe(db, `SELECT 1 FROM product_info WHERE category IS NOT NULL AND category <> '' LIMIT 1`),
    hasCosts: probe(db, 'SELECT 1 FROM daily_summary WHERE cost IS NOT NULL LIMIT 1') || probe(db, 'SELECT 1 FROM product_info WHERE cost IS NOT NULL LIMIT 1'),
    hasCustomers: probe(db, 'SELECT 1 FROM daily_customer LIMIT 1'),
    hasSampleData: hasSampleData(db),
    stores: (db.prepare('SELECT count(*) AS n FROM stores').get() as { n: number }).n,
  };
}
