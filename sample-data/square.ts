/**
 * Square "item sales" export, 2026 layout (35 columns): one row per line, a
 * refund as a row with Event Type `Refund` and negative quantity and amounts.
 * Rows are assembled from pre-escaped pieces because a large shop writes
 * millions of them.
 */
import type { Product } from './catalog.js';
import { hms, isoFromDay } from './dates.js';
import { csvField, squareMoney, squareQty } from './format.js';
import type { Basket, SaleLine } from './model.js';

export const SQUARE_HEADER = [
  'Date',
  'Time',
  'Time Zone',
  'Category',
  'Item',
  'Qty',
  'Price Point Name',
  'SKU',
  'Modifiers Applied',
  'Gross Sales',
  'Discounts',
  'Net Sales',
  'Tax',
  'Transaction ID',
  'Payment ID',
  'Device Name',
  'Notes',
  'Details',
  'Event Type',
  'Location',
  'Dining Option',
  'Customer ID',
  'Customer Name',
  'Customer Reference ID',
  'Unit',
  'Count',
  'GTIN',
  'Itemization Type',
  'Commission',
  'Employee',
  'Fulfillment Note',
  'Channel',
  'Token',
  'Card Brand',
  'PAN Suffix',
] as const;

export const SQUARE_TIME_ZONE = 'Eastern Time (US & Canada)';

/** Per-product cells, escaped once. */
export interface SquareProductCells {
  categoryItem: string; // "Category,Item"
  sku: string;
  gtin: string;
  token: string;
  dineIn: boolean;
}

export function squareProductCells(p: Product, token: string): SquareProductCells {
  return {
    categoryItem: `${csvField(p.category ?? 'None')},${csvField(p.name)}`,
    sku: csvField(p.sku),
    gtin: p.gtin,
    token,
    dineIn: p.group === 'cafe' || p.group === 'bakery',
  };
}

function money(cents: number): string {
  const s = squareMoney(cents);
  return cents >= 100000 || cents <= -100000 ? `"${s}"` : s;
}

export class SquareFormatter {
  private dates = new Map<number, string>();
  private locations: string[];

  constructor(
    private cells: SquareProductCells[],
    locations: string[],
  ) {
    this.locations = locations.map(csvField);
  }

  private date(day: number): string {
    let s = this.dates.get(day);
    if (s === undefined) {
      s = isoFromDay(day);
      this.dates.set(day, s);
    }
    return s;
  }

  /** A sale row (sign 1) or its refund (sign -1) on `day` at `secs`. */
  row(b: Basket, l: SaleLine, sign: 1 | -1, day: number, secs: number): string {
    const c = this.cells[l.product.index];
    const cust = b.customer;
    const customerCells = cust ? `${cust.id},${csvField(cust.name)}` : ',';
    const cardCells = b.card ? `${b.card.brand},${b.card.suffix}` : ',';
    const notes = sign < 0 ? 'Returned by customer' : '';
    return (
      `${this.date(day)},${hms(secs)},${SQUARE_TIME_ZONE},${c.categoryItem},${squareQty(sign * l.qty)},Regular,${c.sku},${csvField(l.modifiers)},` +
      `${money(sign * l.grossCents)},${money(sign * l.discountCents)},${money(sign * l.netCents)},${money(sign * l.taxCents)},` +
      `${b.txn},${b.payment},${b.device},${notes},,${sign > 0 ? 'Payment' : 'Refund'},${this.locations[b.store]},${c.dineIn ? b.dining : ''},` +
      `${customerCells},,,,${c.gtin},Physical Item,$0.00,${b.employee},,Point of Sale,${c.token},${cardCells}\n`
    );
  }
}
