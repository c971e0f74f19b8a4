/**
 * The importer's specification by example: one small, hand-written file per known
 * point-of-sale layout (test/fixtures/layouts/), and the figures each must produce,
 * worked out BY HAND from /work/shared/design/pos-exports.md and the import contract,
 * not by running the importer.
 *
 * Contract recap (what every figure below follows):
 *  - net sales   = as the POS vendors define it: Σ signed amounts of counted GOODS lines
 *                  (qty × unit price − discounts; refunds and cancellations negative),
 *                  WITHOUT shipping, tips, fees, adjustments or taxes.
 *  - non-product = shipping, tips, fees and adjustments (Online Retail's POST, DOT, M, …),
 *                  counted apart from net sales, by class.
 *  - tax         = Σ the tax column of counted lines (refunds negative); null: no tax column.
 *  - collected   = Σ what the export says the customer paid (Total Collected, an order's
 *                  Total, Clover's total with tax); null: the export does not say.
 *  - orders      = distinct receipts with ≥ 1 counted product SALE line
 *                  (cancellation / refund documents are not orders).
 *  - customers   = distinct customer identities (ids; e-mails when the source has no id;
 *                  17850 ≡ 17850.0; e-mails case-insensitive).
 *  - units       = Σ signed quantity of product lines (postage, shipping, tips excluded).
 *  - returns     = magnitude of refund and cancellation lines (schema: daily_summary.returns).
 *  - dates       = the shop-local calendar date as written in the file (no tz conversion).
 *  - rowsRead    = data records (a quoted field spanning lines is one record; blank
 *                  lines, the header and title lines above it are not rows);
 *                  rowsRead = rowsImported + rowsDuplicate + rowsRejected;
 *                  voided / cancelled rows are imported but not counted (rowsNotCounted).
 *
 * For each fixture: import into a fresh DB and check the figures; re-import → all rows
 * duplicate and KPIs unchanged; undo → KPIs back to zero; import again after the undo →
 * the same rows come back (undo frees the de-duplication keys).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ImportBatchResult, Kpis } from '../common/api.js';
import type { Db } from '../core/store/db.js';
import {
  FIXTURES,
  OVERLAP,
  allTimeKpis,
  assertKpisZero,
  assertMoney,
  assertQty,
  importerMissing,
  layout,
  loadImporter,
  tempDbPath,
  tempDir,
  type Importer,
} from './helpers/import-fixtures.js';

const missing = importerMissing();

interface DayCheck {
  date: string;
  netSales: number;
  orders: number;
}

interface LayoutExpectation {
  /** Fixture file name in test/fixtures/layouts/. */
  file: string;
  profile: string;
  sourceKind: 'sales' | 'products' | 'stock';
  encoding?: RegExp;
  delimiter?: string;
  dateOrder?: 'MDY' | 'DMY' | 'YMD';
  rowsRead: number;
  rowsImported: number;
  rowsRejected: number;
  rowsNotCounted: number;
  /**
   * Footer lines ("Total,…") that may be either skipped or read-and-rejected: both are
   * acceptable, as long as they are never imported.
   */
  footerRowsMayBeRejected?: number;
  netSales: number;
  orders: number;
  customers: number;
  /** null: not specified for this layout (no item quantities in the file). */
  units: number | null;
  returns: number | null;
  nonProductSales: number | null;
  /** The non-product lines by class; omitted: all zero. */
  nonProduct?: { shipping: number; tips: number; fees: number; adjustments: number };
  /** null: the file has no tax column. */
  tax: number | null;
  /** null: the export does not say what was collected. */
  totalCollected: number | null;
  minDate: string | null;
  maxDate: string | null;
  /** One day's figures: proves the date column was read in the right order. */
  day?: DayCheck;
  /** Re-importing the same file reports every row as a duplicate (sales and stock). */
  reimportAllDuplicate: boolean;
  extra?: (db: Db, r: ImportBatchResult) => void;
}

function productName(db: Db, sku: string): string | undefined {
  const row = db.prepare('SELECT name FROM products WHERE sku = ?').get(sku) as { name: string } | undefined;
  return row?.name;
}
function count(db: Db, sql: string, ...params: unknown[]): number {
  return (db.prepare(sql).get(...params) as { n: number }).n;
}

export const EXPECTATIONS: LayoutExpectation[] = [
  {
    // 14 item rows, 7 transactions. Net = Σ "Net Sales" column:
    //   5.50+7.00 | 16.20+12.00 | 1,134.56 ("$1,234.56" gross, "-$100.00" discount) | 10.00+3.75
    //   | 17.00 ("-$7.00" discount)+13.50 | −16.20 (Event Type=Refund of the mug) | 8.00+11.00 | 4.75+18.00
    //   = 1245.06.  Units: 1+2+1+1+1+2+1+1+3−1+1+2+1+1 = 17 ("1.0" style quantities, refund −1).
    // Orders: 7 payments (the refund row reuses T2's Transaction ID and is not an order).
    // Customers: the two Customer IDs (Priya on T2, the refund and T7; Tom on T5).
    // Tote Bag and Jam Jar have the literal category "None"; Jam Jar has no SKU.
    file: 'square-items-2026-07-18-2026-07-20.csv',
    profile: 'square-items',
    sourceKind: 'sales',
    delimiter: ',',
    rowsRead: 14,
    rowsImported: 14,
    rowsRejected: 0,
    rowsNotCounted: 0,
    // Tax: 0.44+0.56+1.30+0.96+90.76+0.80+0.30+1.36+1.08−1.30 (the refund)+0.64+0.88+0.38+1.44 = 99.60.
    netSales: 1245.06,
    orders: 7,
    customers: 2,
    units: 17,
    returns: 16.2,
    nonProductSales: 0,
    tax: 99.6,
    totalCollected: null,
    minDate: '2026-07-18',
    maxDate: '2026-07-20',
    // 2026-07-19: 10.00 + 3.75 + 17.00 + 13.50 − 16.20 (refund) = 28.05; orders T4, T5.
    day: { date: '2026-07-19', netSales: 28.05, orders: 2 },
    reimportAllDuplicate: true,
  },
  {
    // A café's Square item sales whose SKUs are cup sizes: S, M, L (and a lower-case s).
    // Online Retail uses S and M for samples and manual adjustments; on a Square file they are coffee.
    //  T1 2.50 (S) + 3.00 (M) | T2 9.00 (L, 10.00 − 1.00) + 3.50 | T3 2.50 (s) | the Latte refunded on T2 −4.50
    //  | T5 9.00 (3 × M) → net = 25.00, all of it goods; non-product 0.
    // Units 1+1+2+1+1−1+3 = 8. Orders T1 T2 T3 T5 = 4. Customers: K7Q2M9X4 = 1. Returns 4.50.
    // Tax 0.21+0.25+0.74+0.29+0.21−0.37+0.74 = 2.07.
    file: 'items-2026-09-01-2026-09-02-cup-sizes.csv',
    profile: 'square-items',
    sourceKind: 'sales',
    delimiter: ',',
    rowsRead: 7,
    rowsImported: 7,
    rowsRejected: 0,
    rowsNotCounted: 0,
    netSales: 25,
    orders: 4,
    customers: 1,
    units: 8,
    returns: 4.5,
    nonProductSales: 0,
    tax: 2.07,
    totalCollected: null,
    minDate: '2026-09-01',
    maxDate: '2026-09-02',
    // 2026-09-02: −4.50 + 9.00 = 4.50; T5 only.
    day: { date: '2026-09-02', netSales: 4.5, orders: 1 },
    reimportAllDuplicate: true,
    extra: (db) => {
      assert.equal(count(db, 'SELECT count(*) AS n FROM products WHERE is_product = 0'), 0, 'no cup size is taken for a fee or a sample');
    },
  },
  {
    // One row per payment/refund after a spreadsheet round trip: "12/27/2018" dates,
    // "($33.62)" negatives, "$1,204.00" with a thousands separator. Net = Σ "Net Sales":
    //   12.50 + 33.62 + 1204.00 + 8.75 + 40.50 − 33.62 (Refund row) + 22.00 + 15.25 + 9.99 = 1312.99.
    // Tips are $0.00 throughout; Fees (the card processor's, negative) are not sales.
    // Orders: 8 payments (the refund shares P2's Transaction ID; it is neither an order nor a duplicate).
    // Customers: 2 Customer IDs. Units: the export has no item quantities → not specified.
    // "1/2/2019" is 2 January: the column (12/27, 12/31) shows month-first.
    file: 'square-transactions-2018-12-27-2019-01-02.csv',
    profile: 'square-transactions',
    sourceKind: 'sales',
    delimiter: ',',
    dateOrder: 'MDY',
    rowsRead: 9,
    rowsImported: 9,
    rowsRejected: 0,
    rowsNotCounted: 0,
    // Tax: 1.00+2.69+96.32+0.70+3.24−2.69+1.76+1.22+0.80 = 105.04.
    // Total Collected: 13.50+36.31+1300.32+9.45+43.74−36.31+23.76+16.47+10.79 = 1418.03.
    netSales: 1312.99,
    orders: 8,
    customers: 2,
    units: null,
    returns: 33.62,
    nonProductSales: 0,
    tax: 105.04,
    totalCollected: 1418.03,
    minDate: '2018-12-27',
    maxDate: '2019-01-02',
    // 12/28/2018: 8.75 + 40.50 − 33.62 = 15.63; two payments.
    day: { date: '2018-12-28', netSales: 15.63, orders: 2 },
    reimportAllDuplicate: true,
  },
  {
    // Square transactions of a restaurant with tips and an 18% service charge: Square counts both apart from net sales.
    //  net sales = Σ "Net Sales" 40.00 + 108.00 (120.00 − 12.00) + 25.00 − 25.00 (the Refund row) = 148.00;
    //  tips 6.00 + 4.00 = 10.00; the service charge 21.60 (a fee). Tax 3.20 + 8.64 + 2.00 − 2.00 = 11.84.
    //  Total Collected 49.20 + 138.24 + 31.00 − 27.00 = 191.44 = 148.00 + 10.00 + 21.60 + 11.84.
    // Orders: 3 payments (the refund reuses the third's Transaction ID). No customers; units not specified.
    file: 'square-transactions-2026-06-05-2026-06-06-tips.csv',
    profile: 'square-transactions',
    sourceKind: 'sales',
    delimiter: ',',
    dateOrder: 'MDY',
    rowsRead: 4,
    rowsImported: 4,
    rowsRejected: 0,
    rowsNotCounted: 0,
    netSales: 148,
    orders: 3,
    customers: 0,
    units: null,
    returns: 25,
    nonProductSales: 31.6,
    nonProduct: { shipping: 0, tips: 10, fees: 21.6, adjustments: 0 },
    tax: 11.84,
    totalCollected: 191.44,
    minDate: '2026-06-05',
    maxDate: '2026-06-06',
    // 6/6/2026: 25.00 − 25.00 = 0 (the tip 4.00 apart); one payment.
    day: { date: '2026-06-06', netSales: 0, orders: 1 },
    reimportAllDuplicate: true,
  },
  {
    // 14 line-item rows in 8 orders; later rows of an order leave Financial Status and the
    // order totals empty. Line net = qty × price − Lineitem discount; Shipping → non-product line.
    //  #1001 paid      2×18.00 + 12.50 + ship 5.00                     = 53.50
    //  #1002 paid      (24.00−2.40) + (18.00−1.80) + ship 0.00           = 37.80  (Notes: quoted, comma + newline)
    //  #1003 paid      9.50 + Tip 3.00 + ship 5.00                       = 17.50  (Anna@Example.com = anna@example.com)
    //  #1004 voided    2 rows, not counted                               =  0
    //  #1005 refunded  2×12.50 + ship 5.00, fully refunded               =  0     (sale + refund: still an order)
    //  #1006 pending + Cancelled at: not counted                         =  0
    //  #1007 paid      24.00 + 2×9.50 + Tip 5.00 + ship 7.50             = 55.50
    //  #1008 paid      18.00, local pickup (23:41 +0000 stays 2025-12-07) = 18.00
    //  goods and non-product together 182.30; non-product = shipping 5+0+5+7.5+0 (+5−5 on #1005) = 17.50
    //  + tips 3+5 = 8.00 → 25.50 apart, so net sales (goods only, as Shopify reports it) = 182.30 − 25.50 = 156.80.
    //  Tax (the orders' Taxes): 3.03+2.36+0.59+(1.56−1.56)+2.69+1.13 = 9.80 (#1004, #1006 not counted).
    //  Collected (the orders' Total): 56.53+40.16+18.09+(31.56−31.56)+58.19+19.13 = 192.10
    //  = net sales 156.80 + non-product 25.50 + tax 9.80.
    // Orders: #1001 #1002 #1003 #1005 #1007 #1008 = 6. Customers: anna, ben, carla, dan = 4
    // (carla's voided and dan's cancelled orders don't matter: both also have paid orders).
    // Units: 3 + 2 + 1 + (2−2) + 3 + 1 = 10 (tips and shipping are not units).
    // rowsNotCounted: #1004's 2 rows + #1006's 1 row = 3.
    file: 'orders_export_1.csv',
    profile: 'shopify-orders',
    sourceKind: 'sales',
    delimiter: ',',
    rowsRead: 14,
    rowsImported: 14,
    rowsRejected: 0,
    rowsNotCounted: 3,
    netSales: 156.8,
    orders: 6,
    customers: 4,
    units: 10,
    returns: null,
    nonProductSales: 25.5,
    nonProduct: { shipping: 17.5, tips: 8, fees: 0, adjustments: 0 },
    tax: 9.8,
    totalCollected: 192.1,
    minDate: '2025-12-01',
    maxDate: '2025-12-07',
    // #1007 24.00 + 2×9.50 (its tip and shipping apart) + #1008 18.00 = 61.00.
    day: { date: '2025-12-07', netSales: 61, orders: 2 },
    reimportAllDuplicate: true,
    extra: (db) => {
      // The voided and cancelled orders' lines are kept, not counted.
      // Schema: sales_lines.kind 4 = void (kept, never counted).
      assert.equal(
        count(
          db,
          `SELECT count(*) AS n FROM sales_lines l JOIN products p ON p.id = l.product_id
        WHERE l.kind = 4 AND p.is_product = 1`,
        ),
        3,
        'the 3 product rows of #1004 (voided) and #1006 (cancelled before payment) are kept as void lines',
      );
    },
  },
  {
    // UTF-8 with BOM; day-first dates ("31/12/2025 14:05"); quantities like "1.000" (= 1, not 1000).
    //  1-1001 3.80+3.20 | 1-1002 15.30+7.00 | 1-1003 11.40+5.50 | 1-1004 Refund −3.50
    //  | 1-1005 Cancelled (2 rows, not counted) | 1-1006 4.20+6.80 | 1-1007 3.80 | 1-1008 7.65
    //  net = 65.15. Units: 1+1+2+2+3+1−1+1+2+1+1 = 14.
    // Refund rows list positive magnitudes; Receipt type = Refund makes them negative.
    // Orders: 1001 1002 1003 1006 1007 1008 = 6. Customers (no ids → e-mails): marta, jonas = 2.
    file: 'receipts-by-item-2025-12-30-2026-01-02.csv',
    profile: 'loyverse-items',
    sourceKind: 'sales',
    encoding: /utf-?8/i,
    delimiter: ',',
    dateOrder: 'DMY',
    rowsRead: 13,
    rowsImported: 13,
    rowsRejected: 0,
    rowsNotCounted: 2,
    netSales: 65.15,
    orders: 6,
    customers: 2,
    units: 14,
    returns: 3.5,
    nonProductSales: 0,
    tax: 0,
    totalCollected: null,
    minDate: '2025-12-30',
    maxDate: '2026-01-02',
    // 31/12/2025: 1-1003 (16.90) − refund 3.50 = 13.40; 1-1005 is cancelled.
    day: { date: '2025-12-31', netSales: 13.4, orders: 1 },
    reimportAllDuplicate: true,
    extra: (db) => {
      const stores = (db.prepare('SELECT name FROM stores').all() as Array<{ name: string }>).map((s) => s.name);
      assert.ok(stores.includes('Harbour Café'), `store "Harbour Café" (UTF-8 é, BOM stripped) expected, got ${JSON.stringify(stores)}`);
      const headerish = count(db, "SELECT count(*) AS n FROM products WHERE name LIKE '%Date%' OR name LIKE '\uFEFF%'");
      assert.equal(headerish, 0, 'the BOM must not leak into a header or a value');
    },
  },
  {
    // Loyverse in a US-locale account: "7/28/26 1:33 PM" (two-digit year, 12-hour clock),
    // no "Dining option" column, no BOM; a quoted "Modifiers applied" with a comma.
    //  2-1001 10.50+3.75 | 2-1002 10.80+4.50 | 2-1003 Refund −4.50 | 2-1004 Cancelled (not counted)
    //  | 2-1005 24.00 | 2-1006 9.25 → net = 58.30. Units: 3+1+1+1−1+2+1 = 8.
    // Orders: 2-1001 2-1002 2-1005 2-1006 = 4. Customers (e-mails): luis, ana = 2.
    file: 'receipts-by-item-2026-07-28-2026-07-30.csv',
    profile: 'loyverse-items',
    sourceKind: 'sales',
    delimiter: ',',
    dateOrder: 'MDY',
    rowsRead: 8,
    rowsImported: 8,
    rowsRejected: 0,
    rowsNotCounted: 1,
    netSales: 58.3,
    orders: 4,
    customers: 2,
    units: 8,
    returns: 4.5,
    nonProductSales: 0,
    tax: 0,
    totalCollected: null,
    minDate: '2026-07-28',
    maxDate: '2026-07-30',
    // 7/28/26: 14.25 + 15.30 − 4.50 = 25.05; receipts 2-1001 and 2-1002.
    day: { date: '2026-07-28', netSales: 25.05, orders: 2 },
    reimportAllDuplicate: true,
  },
  {
    // 11 line items in 6 orders; "23-Aug-2026 09:34 PM EDT" dates (kept as written: the
    // 11:50 PM EDT order stays on the 23rd). Net = Item Total (Total Revenue + Total Discount):
    //  O1 11.00+4.00 | O2 (9.50−0.95)+3.00 | O3 13.00 (11.00 + 2.00 bacon) − 5.50 (Refunded=true)
    //  | O4 8.00 (2 × Fries) | O5 9.50+3.00 | O6 11.00+5.50  → net = 71.05.
    // Units (Per Unit Quantity): 2 + 2 + (1−1) + 2 + 2 + 2 = 10. Orders 6. No customer column → 0.
    file: 'clover-line-items.csv',
    profile: 'clover-line-items',
    sourceKind: 'sales',
    delimiter: ',',
    rowsRead: 11,
    rowsImported: 11,
    rowsRejected: 0,
    rowsNotCounted: 0,
    // Tax Amount: 0.69+0.25+0.53+0.19+0.81−0.34 (refunded)+0.50+0.59+0.19+0.69+0.34 = 4.44.
    // Item Total with Tax/Fee Amount: 11.69+4.25+9.08+3.19+13.81−5.84+8.50+10.09+3.19+11.69+5.84 = 75.49.
    netSales: 71.05,
    orders: 6,
    customers: 0,
    units: 10,
    returns: 5.5,
    nonProductSales: 0,
    tax: 4.44,
    totalCollected: 75.49,
    minDate: '2026-08-23',
    maxDate: '2026-08-24',
    // 23 Aug: 15.00 + 11.55 + 7.50 + 8.00 = 42.05; orders O1–O4.
    day: { date: '2026-08-23', netSales: 42.05, orders: 4 },
    reimportAllDuplicate: true,
  },
  {
    // Toast ItemSelectionDetails with the "Discnt" header and no PLU column. Net = Net Price.
    //  #101 14.00+10.00+6.00 | #102 14.40 (+ Garlic Knots voided) | #103 18.00+22.00+8.00
    //  | #104 only a voided Soda | #105 25.20+8.00  → net = 125.60.
    // Units: 4 + 1 + 4 + 0 + 3 = 12. Orders: 101 102 103 105 = 4 (#104 has no counted line).
    // rowsNotCounted: the 2 Void? = true rows. No customers.
    file: 'ItemSelectionDetails.csv',
    profile: 'toast-items',
    sourceKind: 'sales',
    delimiter: ',',
    dateOrder: 'MDY',
    rowsRead: 11,
    rowsImported: 11,
    rowsRejected: 0,
    rowsNotCounted: 2,
    // Tax of the counted rows: 1.12+0.80+0.48+1.15+1.44+1.76+0.64+2.02+0.64 = 10.05 (voided 0.52 and 0.24 not counted).
    netSales: 125.6,
    orders: 4,
    customers: 0,
    units: 12,
    returns: 0,
    nonProductSales: 0,
    tax: 10.05,
    totalCollected: null,
    minDate: '2025-12-05',
    maxDate: '2025-12-18',
    day: { date: '2025-12-18', netSales: 33.2, orders: 1 },
    reimportAllDuplicate: true,
  },
  {
    // Toast with the other documented variants: "M/D/YY h:mm AM" dates, the "Discount"
    // header (not "Discnt") and a PLU column.
    //  #7 15.00+7.00 | #8 27.00 (30.00 − 3.00) + 6.00 (+ Edamame voided) | #9 14.50+3.00 | #10 14.00
    //  → net = 86.50. Units: 2 + 4 + 2 + 2 = 10. Orders 4. Tab Name is not a customer identity.
    file: 'ItemSelectionDetails-short-dates.csv',
    profile: 'toast-items',
    sourceKind: 'sales',
    delimiter: ',',
    dateOrder: 'MDY',
    rowsRead: 8,
    rowsImported: 8,
    rowsRejected: 0,
    rowsNotCounted: 1,
    // Tax: 1.20+0.56+2.16+0.48+1.16+0.24+1.12 = 6.92 (the voided Edamame's 0.40 not counted).
    netSales: 86.5,
    orders: 4,
    customers: 0,
    units: 10,
    returns: 0,
    nonProductSales: 0,
    tax: 6.92,
    totalCollected: null,
    minDate: '2026-01-09',
    maxDate: '2026-01-13',
    day: { date: '2026-01-13', netSales: 31.5, orders: 2 },
    reimportAllDuplicate: true,
  },
  {
    // UCI Online Retail as circulated: ISO-8859-1 ('É' 0xC9, 'Ë' 0xCB, '£' 0xA3), CRLF,
    // month-first dates without leading zeros, CustomerID as "17850.0", one customer-less invoice.
    //  536365 15.30+20.34+25.50 | 536366 11.10 | 536367 54.08+12.60 | 536370 90.00 + POST 54.00
    //  | 537001 15.00+10.20 | 537002 8.32+9.90 | C537003 −7.50 | 537500 204.00+102.00 | 537501 12.48
    //  → 637.32 in all; non-product (POSTAGE 3 × 18, shipping) = 54.00 apart → net sales 583.32.
    // Units (POST excluded, the cancellation −2): 6+6+6+6+32+6+24+12+12+4+6−2+80+40+12 = 250.
    // Orders: 8 invoices (C537003 is a cancellation). Customers: 17850 13047 12583 14527 = 4.
    file: 'Online Retail.csv',
    profile: 'online-retail',
    sourceKind: 'sales',
    encoding: /latin|8859|1252/i,
    delimiter: ',',
    dateOrder: 'MDY',
    rowsRead: 16,
    rowsImported: 16,
    rowsRejected: 0,
    rowsNotCounted: 0,
    netSales: 583.32,
    orders: 8,
    customers: 4,
    units: 250,
    returns: 7.5,
    nonProductSales: 54,
    nonProduct: { shipping: 54, tips: 0, fees: 0, adjustments: 0 },
    tax: null,
    totalCollected: null,
    minDate: '2010-12-01',
    maxDate: '2010-12-13',
    // 12/13/2010: 204.00 + 102.00 + 12.48 = 318.48 (invoices 537500, 537501).
    day: { date: '2010-12-13', netSales: 318.48, orders: 2 },
    reimportAllDuplicate: true,
    extra: (db) => {
      assert.equal(productName(db, '90210A'), 'CAFÉ AU LAIT MUG', 'Latin-1 0xC9 decodes to É');
      assert.equal(productName(db, '21094'), 'SET/6 NOËL PAPER NAPKINS', 'Latin-1 0xCB decodes to Ë');
      assert.equal(productName(db, '23201'), 'RETRO £ SIGN MUG', 'Latin-1 0xA3 decodes to £');
      assert.equal(
        count(db, "SELECT count(*) AS n FROM products WHERE name LIKE '%\uFFFD%' OR name LIKE '%' || char(13) || '%'"),
        0,
        'no replacement characters or stray CRs in product names',
      );
    },
  },
  {
    // Online Retail II (UTF-8, "2009-12-01 07:45:00" dates, "Customer ID" written as integers).
    //  489434 83.40+81.00+100.80 (RECORD FRAME 7"" quoted) | 489435 30.60 | 489436 59.50+98.10
    //  | 489437 POST 18.00 + 12.60 | 489450 35.40 | C489449 −35.40 | 489451 15.90 | 489452 30.00
    //  → 529.90 in all, POST 18.00 apart → net sales 511.90. Units: 12+12+48+12+10+18+6+12−12+2+24 = 144.
    // Orders: 489434 489435 489436 489437 489450 489451 489452 = 7.
    // Customers: 13085 13078 12682 16321 17850 = 5 (489452 has none).
    file: 'online_retail_II.csv',
    profile: 'online-retail-ii',
    sourceKind: 'sales',
    encoding: /utf-?8|ascii/i,
    delimiter: ',',
    rowsRead: 12,
    rowsImported: 12,
    rowsRejected: 0,
    rowsNotCounted: 0,
    netSales: 511.9,
    orders: 7,
    customers: 5,
    units: 144,
    returns: 35.4,
    nonProductSales: 18,
    nonProduct: { shipping: 18, tips: 0, fees: 0, adjustments: 0 },
    tax: null,
    totalCollected: null,
    minDate: '2009-12-01',
    maxDate: '2009-12-02',
    day: { date: '2009-12-02', netSales: 45.9, orders: 2 },
    reimportAllDuplicate: true,
    extra: (db) => {
      assert.equal(productName(db, '22041')?.trim(), 'RECORD FRAME 7" SINGLE SIZE', 'a doubled quote inside a quoted field is one quote');
    },
  },
  {
    // The UCI layout re-saved by a European spreadsheet: ';' delimiter, decimal commas,
    // "1.234,56" with a dot for thousands, day-first dates with leading zeros, ids as integers.
    //  540001 25.50+19.80 | 540002 31.60 | 540003 165.00 | 540004 1234.56 + POST 40.00
    //  | C540005 −4.95 | 540006 10.20  → 1521.71 in all, POST 40.00 apart → net sales 1481.71.
    // Units: 2+4+8+100+1−1+12 = 126. Orders: 540001–540004, 540006 = 5.
    // Customers: 17850 13047 14527 12583 = 4. "13/12/2010" proves the column is day-first,
    // even though the profile's own files are month-first.
    file: 'online-retail-eu-semicolon.csv',
    profile: 'online-retail',
    sourceKind: 'sales',
    delimiter: ';',
    dateOrder: 'DMY',
    rowsRead: 8,
    rowsImported: 8,
    rowsRejected: 0,
    rowsNotCounted: 0,
    netSales: 1481.71,
    orders: 5,
    customers: 4,
    units: 126,
    returns: 4.95,
    nonProductSales: 40,
    nonProduct: { shipping: 40, tips: 0, fees: 0, adjustments: 0 },
    tax: null,
    totalCollected: null,
    minDate: '2010-12-01',
    maxDate: '2010-12-14',
    // 13/12/2010: 1234.56 − 4.95 = 1229.61 (the POST 40.00 apart); only invoice 540004 is an order.
    day: { date: '2010-12-13', netSales: 1229.61, orders: 1 },
    reimportAllDuplicate: true,
  },
  {
    // Online Retail II saved by Excel as "Unicode Text": UTF-16LE with BOM, tab-delimited, CRLF.
    //  491001 14.85+13.20 | 491002 13.52+9.90 | 491003 17.70+35.40 | C491004 −3.30 | 491005 8.50
    //  → net = 109.77. Units: 3+24+8+6+6+12−6+2 = 55. Orders 4. Customers 15311 14911 12662 = 3.
    file: 'online_retail_II-unicode-text.txt',
    profile: 'online-retail-ii',
    sourceKind: 'sales',
    encoding: /utf-?16/i,
    delimiter: '\t',
    rowsRead: 8,
    rowsImported: 8,
    rowsRejected: 0,
    rowsNotCounted: 0,
    netSales: 109.77,
    orders: 4,
    customers: 3,
    units: 55,
    returns: 3.3,
    nonProductSales: 0,
    tax: null,
    totalCollected: null,
    minDate: '2009-12-08',
    maxDate: '2009-12-10',
    // 2009-12-09: 17.70 + 35.40 − 3.30 = 49.80; invoice 491003.
    day: { date: '2009-12-09', netSales: 49.8, orders: 1 },
    reimportAllDuplicate: true,
    extra: (db) => {
      assert.equal(productName(db, '85014B'), 'CAFÉ CRÈME ☕ MUG', 'UTF-16 text decodes exactly');
    },
  },
  {
    // A report converted from a spreadsheet: 3 title lines and a blank line above the
    // header, a blank line and a "Total" line below. Generic columns; Total = qty × unit − discount.
    //  18.00+15.00 | 22.50 | 27.00 | 12.00+27.00 | 25.00 | −9.00 (receipt 1006, a return)
    //  → net = 137.50, equal to the file's own Total line (which must not be added).
    // Units: 2+1+1+3+1+2+1−1 = 10. Orders 1001–1005 = 5 (1006 holds only a return). No customers.
    file: 'zettle-report-with-title-and-total.csv',
    profile: 'generic',
    sourceKind: 'sales',
    delimiter: ',',
    rowsRead: 8,
    rowsImported: 8,
    rowsRejected: 0,
    rowsNotCounted: 0,
    footerRowsMayBeRejected: 1,
    // Tax: the "VAT (25.0%)" column, 3.60+3.00+4.50+5.40+2.40+5.40+5.00−1.80 = 27.50 (the Total line's figure too).
    netSales: 137.5,
    orders: 5,
    customers: 0,
    units: 10,
    returns: 9,
    nonProductSales: 0,
    tax: 27.5,
    totalCollected: null,
    minDate: '2026-03-02',
    maxDate: '2026-03-04',
    day: { date: '2026-03-03', netSales: 66, orders: 2 },
    reimportAllDuplicate: true,
  },
  {
    // Tab-delimited till export with unusual headers (Sold On, Ticket, Article, Units,
    // Unit Price, Line Total) and German-style dates "14.02.2026 10:05".
    //  T-5001 29.90+7.00 | T-5002 36.00 | T-5003 34.50 | T-5004 59.80+19.00 | T-5005 −29.90 (return)
    //  | T-5006 25.00 → net = 181.30. Units: 1+2+3+1+2+1−1+4 = 13.
    // Orders: T-5001 T-5002 T-5003 T-5004 T-5006 = 5. No customer column.
    file: 'florist-till-export.tsv',
    profile: 'generic',
    sourceKind: 'sales',
    delimiter: '\t',
    dateOrder: 'DMY',
    rowsRead: 8,
    rowsImported: 8,
    rowsRejected: 0,
    rowsNotCounted: 0,
    netSales: 181.3,
    orders: 5,
    customers: 0,
    units: 13,
    returns: 29.9,
    nonProductSales: 0,
    tax: null,
    totalCollected: null,
    minDate: '2026-02-14',
    maxDate: '2026-02-16',
    // 16.02.2026: −29.90 + 25.00 = −4.90; only T-5006 is an order.
    day: { date: '2026-02-16', netSales: -4.9, orders: 1 },
    reimportAllDuplicate: true,
  },
  {
    // Pipe-delimited (a description contains a comma), "2026/04/03 09:12" dates.
    //  40017 17.00+3.20 | 40018 39.00 | 40019 8.50+24.90 | 40020 9.60 | 40021 12.00 → net = 114.20.
    // Units: 2+1+1+1+1+3+1 = 10. Orders 5. Customers: C-1001 C-1002 C-1003 = 3 (40018 has none).
    file: 'coffee-shop-sales.txt',
    profile: 'generic',
    sourceKind: 'sales',
    delimiter: '|',
    rowsRead: 7,
    rowsImported: 7,
    rowsRejected: 0,
    rowsNotCounted: 0,
    netSales: 114.2,
    orders: 5,
    customers: 3,
    units: 10,
    returns: 0,
    nonProductSales: 0,
    tax: null,
    totalCollected: null,
    minDate: '2026-04-03',
    maxDate: '2026-04-05',
    day: { date: '2026-04-04', netSales: 43, orders: 2 },
    reimportAllDuplicate: true,
    extra: (db) => {
      const names = (db.prepare('SELECT name FROM products').all() as Array<{ name: string }>).map((p) => p.name);
      assert.ok(names.includes('Moka pot, 6 cup'), `the comma stays inside the pipe-delimited field: ${JSON.stringify(names)}`);
    },
  },
  {
    // A product list: 8 products with cost, price, supplier ("Barista Supply Co, Inc." is quoted)
    // and lead time (two left empty). No sales: every KPI stays zero.
    file: 'products.csv',
    profile: 'products',
    sourceKind: 'products',
    delimiter: ',',
    rowsRead: 8,
    rowsImported: 8,
    rowsRejected: 0,
    rowsNotCounted: 0,
    netSales: 0,
    orders: 0,
    customers: 0,
    units: 0,
    returns: 0,
    nonProductSales: 0,
    tax: null,
    totalCollected: null,
    minDate: null,
    maxDate: null,
    // "The newest batch wins": re-importing a product list may legitimately re-apply it.
    reimportAllDuplicate: false,
    extra: (db, r) => {
      assert.equal(count(db, 'SELECT count(*) AS n FROM product_info WHERE batch_id = ?', Number(r.batchId)), 8, '8 product_info rows for the batch');
      assert.equal(productName(db, 'EM-900'), 'Espresso Machine');
      const em = db
        .prepare(
          `SELECT pi.cost, pi.price, pi.supplier, pi.lead_time_days AS lead FROM product_info pi
        JOIN products p ON p.id = pi.product_id WHERE p.sku = 'EM-900'`,
        )
        .get() as { cost: number; price: number; supplier: string; lead: number } | undefined;
      assert.ok(em, 'product_info for EM-900');
      assertMoney(em.cost, 780, 'EM-900 cost');
      assertMoney(em.price, 1234.56, 'EM-900 price');
      assert.equal(em.supplier, 'Barista Supply Co, Inc.');
      assert.equal(em.lead, 30);
      const lat = db
        .prepare(
          `SELECT pi.lead_time_days AS lead, pi.supplier FROM product_info pi
        JOIN products p ON p.id = pi.product_id WHERE p.sku = 'LAT-R'`,
        )
        .get() as { lead: number | null; supplier: string | null } | undefined;
      assert.ok(lat, 'product_info for LAT-R');
      assert.equal(lat.lead, null, 'an empty lead time is unknown, not 0');
    },
  },
  {
    // Stock counts: 6 "On Hand" rows on 2026-07-01 and 2026-07-15.
    file: 'stock-counts.csv',
    profile: 'stock',
    sourceKind: 'stock',
    delimiter: ',',
    rowsRead: 6,
    rowsImported: 6,
    rowsRejected: 0,
    rowsNotCounted: 0,
    netSales: 0,
    orders: 0,
    customers: 0,
    units: 0,
    returns: 0,
    nonProductSales: 0,
    tax: null,
    totalCollected: null,
    minDate: '2026-07-01',
    maxDate: '2026-07-15',
    reimportAllDuplicate: true,
    extra: (db) => {
      assert.equal(count(db, "SELECT count(*) AS n FROM stock_movements WHERE kind = 'count'"), 6);
      assert.equal(count(db, "SELECT count(*) AS n FROM stock_movements WHERE kind = 'receipt'"), 0);
      const q = db
        .prepare(
          `SELECT sm.quantity AS q FROM stock_movements sm JOIN products p ON p.id = sm.product_id
        WHERE p.sku = 'MUG-01' AND sm.date = '2026-07-15'`,
        )
        .get() as { q: number } | undefined;
      assert.equal(q?.q, 11, 'MUG-01 on hand at 2026-07-15');
    },
  },
  {
    // Stock received: 5 "Received" rows; 12 + 60 + 20 + 2 + 24 = 118 units received.
    file: 'stock-received.csv',
    profile: 'stock',
    sourceKind: 'stock',
    delimiter: ',',
    rowsRead: 5,
    rowsImported: 5,
    rowsRejected: 0,
    rowsNotCounted: 0,
    netSales: 0,
    orders: 0,
    customers: 0,
    units: 0,
    returns: 0,
    nonProductSales: 0,
    tax: null,
    totalCollected: null,
    minDate: '2026-07-03',
    maxDate: '2026-07-16',
    reimportAllDuplicate: true,
    extra: (db) => {
      assert.equal(count(db, "SELECT count(*) AS n FROM stock_movements WHERE kind = 'receipt'"), 5);
      const total = (db.prepare("SELECT total(quantity) AS n FROM stock_movements WHERE kind = 'receipt'").get() as { n: number }).n;
      assert.equal(total, 118);
    },
  },
];

const KPI_FIELDS = ['netSales', 'grossSales', 'discounts', 'returns', 'nonProductSales', 'orders', 'customers', 'units'] as const;
function assertKpisEqual(a: Kpis, b: Kpis, what: string): void {
  for (const f of KPI_FIELDS) assertMoney(a[f], b[f], `${what}: ${f}`);
}

async function checkKpis(imp: Importer, db: Db, e: LayoutExpectation, when: string): Promise<Kpis> {
  const k = await allTimeKpis(imp, db);
  assertMoney(k.netSales, e.netSales, `${when}: netSales`);
  assert.equal(k.orders, e.orders, `${when}: orders`);
  assert.equal(k.customers, e.customers, `${when}: customers`);
  if (e.units !== null) assertQty(k.units, e.units, `${when}: units`);
  if (e.returns !== null) assertMoney(k.returns, e.returns, `${when}: returns`);
  if (e.nonProductSales !== null) assertMoney(k.nonProductSales, e.nonProductSales, `${when}: nonProductSales`);
  const np = e.nonProduct ?? { shipping: 0, tips: 0, fees: 0, adjustments: 0 };
  for (const c of ['shipping', 'tips', 'fees', 'adjustments'] as const) assertMoney(k.nonProduct[c], np[c], `${when}: non-product ${c}`);
  if (e.tax === null) assert.equal(k.tax, null, `${when}: tax unknown (no tax column)`);
  else assertMoney(k.tax ?? NaN, e.tax, `${when}: tax`);
  if (e.totalCollected === null) assert.equal(k.totalCollected, null, `${when}: total collected unknown`);
  else assertMoney(k.totalCollected ?? NaN, e.totalCollected, `${when}: total collected`);
  return k;
}

describe('import layouts: one hand-checked file per known layout', { skip: missing ?? false }, () => {
  for (const e of EXPECTATIONS) {
    describe(e.file, () => {
      let imp: Importer;
      let db: Db;
      let first: ImportBatchResult | undefined;
      let firstError: unknown;
      let afterFirst: Kpis | undefined;
      const file = layout(e.file);
      const got = (): ImportBatchResult => {
        if (!first) throw firstError instanceof Error ? firstError : new Error(`the first import failed: ${String(firstError)}`);
        return first;
      };

      before(async () => {
        imp = await loadImporter();
        db = imp.openDb(tempDbPath());
        try {
          first = await imp.importFile(db, file);
          afterFirst = await allTimeKpis(imp, db);
        } catch (err) {
          firstError = err;
        }
      });
      after(() => db?.close());

      it(`is recognised as ${e.profile}`, () => {
        const r = got();
        assert.equal(r.profile, e.profile, 'profile');
        assert.equal(r.sourceKind, e.sourceKind, 'sourceKind');
        if (e.encoding) assert.match(r.encoding, e.encoding, 'encoding');
        if (e.delimiter) assert.equal(r.delimiter, e.delimiter, 'delimiter');
        if (e.dateOrder) assert.equal(r.dateOrder, e.dateOrder, 'dateOrder');
      });

      it(`reads ${e.rowsRead} rows, imports ${e.rowsImported}, ${e.rowsNotCounted} not counted`, () => {
        const r = got();
        const footer = e.footerRowsMayBeRejected ?? 0;
        const readOk = r.rowsRead === e.rowsRead || (footer > 0 && r.rowsRead === e.rowsRead + footer);
        assert.ok(readOk, `rowsRead: expected ${e.rowsRead}${footer ? ` (or ${e.rowsRead + footer} with the footer rejected)` : ''}, got ${r.rowsRead}`);
        assert.equal(r.rowsImported, e.rowsImported, 'rowsImported');
        assert.equal(r.rowsDuplicate, 0, 'rowsDuplicate on a fresh database');
        assert.equal(r.rowsRejected, e.rowsRejected + (r.rowsRead - e.rowsRead), `rowsRejected (rejections: ${JSON.stringify(r.rejected)})`);
        assert.equal(r.rowsNotCounted, e.rowsNotCounted, 'rowsNotCounted');
        assert.equal(r.rowsRead, r.rowsImported + r.rowsDuplicate + r.rowsRejected, 'rowsRead = imported + duplicate + rejected');
        assert.equal(r.rejected.length, r.rowsRejected, 'one entry in rejected[] per rejected row');
      });

      it(`covers ${e.minDate ?? 'no dates'} … ${e.maxDate ?? ''}`, () => {
        const r = got();
        assert.equal(r.minDate, e.minDate, 'minDate');
        assert.equal(r.maxDate, e.maxDate, 'maxDate');
      });

      it(`gives net ${e.netSales.toFixed(2)}, ${e.orders} orders, ${e.customers} customers, ${e.units ?? '?'} units`, async () => {
        got();
        await checkKpis(imp, db, e, 'after import');
      });

      if (e.day) {
        const day = e.day;
        it(`puts ${day.netSales.toFixed(2)} and ${day.orders} orders on ${day.date}`, async () => {
          got();
          const k = await imp.kpis(db, { from: day.date, to: day.date });
          assertMoney(k.netSales, day.netSales, `${day.date}: netSales`);
          assert.equal(k.orders, day.orders, `${day.date}: orders`);
        });
      }

      if (e.extra) {
        const extra = e.extra;
        it('stores the details right', () => extra(db, got()));
      }

      it('re-importing the same file adds nothing', async () => {
        const r1 = got();
        const r2 = await imp.importFile(db, file);
        if (e.reimportAllDuplicate) {
          assert.equal(r2.rowsImported, 0, 're-import: rowsImported');
          assert.equal(r2.rowsDuplicate, r1.rowsImported, 're-import: rowsDuplicate = first rowsImported');
          assert.equal(r2.rowsRejected, r1.rowsRejected, 're-import: rowsRejected unchanged');
        }
        const k = await allTimeKpis(imp, db);
        assertKpisEqual(k, afterFirst!, 'KPIs after re-import');
        await checkKpis(imp, db, e, 'after re-import');
        if (!e.reimportAllDuplicate) await imp.undoBatch(db, r2.batchId);
      });

      it('undo takes it all back, and the file can then be imported again', async () => {
        const r1 = got();
        await imp.undoBatch(db, r1.batchId);
        assertKpisZero(await allTimeKpis(imp, db), 'after undo');
        assert.equal(count(db, 'SELECT count(*) AS n FROM sales_lines'), 0, 'no sales lines left after undo');
        assert.equal(count(db, 'SELECT count(*) AS n FROM stock_movements'), 0, 'no stock movements left after undo');
        assert.equal(count(db, 'SELECT count(*) AS n FROM product_info'), 0, 'no product info left after undo');
        const r3 = await imp.importFile(db, file);
        assert.equal(r3.rowsImported, r1.rowsImported, 'after undo, the same rows import again (no stale duplicate keys)');
        assert.equal(r3.rowsDuplicate, 0, 'after undo: rowsDuplicate');
        await checkKpis(imp, db, e, 'after undo + import again');
      });
    });
  }
});

describe('import layouts: across files', { skip: missing ?? false }, () => {
  it('customer 17850.0 (Online Retail) and 17850 (Online Retail II) are one customer', async () => {
    // Online Retail: 4 customers (17850 13047 12583 14527); Online Retail II: 5 (13085 13078
    // 12682 16321 17850). Together 4 + 5 − 1 shared = 8. Invoices don't overlap: 8 + 7 = 15
    // orders; net sales 583.32 + 511.90 = 1095.22 (the two POSTAGE lines apart).
    const imp = await loadImporter();
    const db = imp.openDb(tempDbPath());
    try {
      await imp.importFile(db, layout('Online Retail.csv'));
      await imp.importFile(db, layout('online_retail_II.csv'));
      const k = await allTimeKpis(imp, db);
      assert.equal(k.customers, 8, 'customers across both files');
      assert.equal(k.orders, 15, 'orders across both files');
      assertMoney(k.netSales, 1095.22, 'net across both files');
    } finally {
      db.close();
    }
  });

  it('two exports that overlap never double-count', async () => {
    // Part 1 = rows 1–10 of a 16-row history, part 2 = rows 7–16 (rows 7–10 are in both).
    // Part 1: net 12.75+9.90+17.70+19.80+13.52+16.50+16.50+13.20+10.20+20.80 = 150.87,
    //   units 1+2+6+4+8+10+10+24+12+10 = 87, orders 500001–500006 = 6, customers 15000–15003 = 4.
    // Whole: + 17.70 − 9.90 (C500008) + 12.75 + 19.80 + 17.70 = 208.92 (POST 18.00 apart),
    //   units 87 + 6 − 2 + 3 + 12 + 6 = 112, orders + 500007 500009 500010 = 9, customers + 15004 15005 = 6.
    const imp = await loadImporter();
    const db = imp.openDb(tempDbPath());
    try {
      const a = await imp.importFile(db, path.join(OVERLAP, 'online_retail_II-2010-03-01-to-03-02.csv'));
      assert.equal(a.rowsImported, 10, 'part 1 rowsImported');
      let k = await allTimeKpis(imp, db);
      assertMoney(k.netSales, 150.87, 'part 1 net');
      assertQty(k.units, 87, 'part 1 units');
      assert.equal(k.orders, 6, 'part 1 orders');
      assert.equal(k.customers, 4, 'part 1 customers');

      const b = await imp.importFile(db, path.join(OVERLAP, 'online_retail_II-2010-03-02-to-03-04.csv'));
      assert.equal(b.rowsRead, 10, 'part 2 rowsRead');
      assert.equal(b.rowsDuplicate, 4, 'part 2: the 4 shared rows are duplicates (their file line numbers differ)');
      assert.equal(b.rowsImported, 6, 'part 2 rowsImported');
      k = await allTimeKpis(imp, db);
      assertMoney(k.netSales, 208.92, 'whole net');
      assertQty(k.units, 112, 'whole units');
      assert.equal(k.orders, 9, 'whole orders');
      assert.equal(k.customers, 6, 'whole customers');
      assertMoney(k.nonProductSales, 18, 'whole non-product (POSTAGE)');
      assertMoney(k.returns, 9.9, 'whole returns (C500008)');

      // Undoing part 2 removes only what part 2 added: part 1's figures come back.
      await imp.undoBatch(db, b.batchId);
      k = await allTimeKpis(imp, db);
      assertMoney(k.netSales, 150.87, 'after undoing part 2: net');
      assert.equal(k.orders, 6, 'after undoing part 2: orders');
    } finally {
      db.close();
    }
  });
});

describe('fixture bytes', () => {
  it('the committed binary fixtures match what make-binary-fixtures.mjs writes', () => {
    const out = tempDir('tillsight-fixtures-');
    const r = spawnSync(process.execPath, [path.join(FIXTURES, 'make-binary-fixtures.mjs'), out], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const files = fs.readdirSync(out, { recursive: true, withFileTypes: true }).filter((d) => d.isFile());
    assert.ok(files.length >= 7, 'the generator writes its fixtures');
    for (const d of files) {
      const generated = path.join(d.parentPath ?? d.path, d.name);
      const rel = path.relative(out, generated);
      const committed = path.join(FIXTURES, rel);
      assert.ok(fs.existsSync(committed), `${rel} is committed`);
      assert.ok(fs.readFileSync(committed).equals(fs.readFileSync(generated)), `${rel}: committed bytes differ from the generator's`);
    }
  });

  it('the text fixtures keep their quirks', () => {
    const uci = fs.readFileSync(layout('Online Retail.csv'));
    assert.ok(uci.includes(Buffer.from('\r\n')), 'Online Retail uses CRLF');
    assert.ok(uci.includes(0xa3) && uci.includes(0xc9), 'Online Retail is Latin-1 (raw 0xA3, 0xC9 bytes)');
    const loy = fs.readFileSync(layout('receipts-by-item-2025-12-30-2026-01-02.csv'));
    assert.deepEqual([...loy.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'Loyverse starts with a UTF-8 BOM');
    const u16 = fs.readFileSync(layout('online_retail_II-unicode-text.txt'));
    assert.deepEqual([...u16.subarray(0, 2)], [0xff, 0xfe], 'UTF-16LE BOM');
    const shop = fs.readFileSync(layout('orders_export_1.csv'), 'utf8');
    assert.ok(shop.includes('"Please gift wrap, no price tags.\nLeave at the back door, thanks"'), 'Shopify notes keep a comma and a newline');
    assert.ok(fs.readFileSync(layout('florist-till-export.tsv'), 'utf8').split('\n')[0].includes('\t'), 'tab-delimited');
  });
});
