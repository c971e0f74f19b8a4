/**
 * Shopify orders export (orders_export_1.csv): one row per line item, 79
 * columns. The first row of an order carries the order fields; later rows
 * repeat only Name, Email, Currency, Created at and the line-item fields, and
 * leave the order totals empty, so totals are never counted twice.
 * Times are the shop's local wall-clock time with its UTC offset.
 */
import { easternOffset, hms, isoFromDay } from './dates.js';
import { csvRow, plainMoney } from './format.js';
import type { OnlineOrder } from './model.js';
import type { Rng } from './rng.js';
import { TAX_RATE } from './store-day.js';

export const SHOPIFY_HEADER = [
  'Name',
  'Email',
  'Financial Status',
  'Paid at',
  'Fulfillment Status',
  'Fulfilled at',
  'Accepts Marketing',
  'Currency',
  'Subtotal',
  'Shipping',
  'Taxes',
  'Total',
  'Discount Code',
  'Discount Amount',
  'Shipping Method',
  'Created at',
  'Lineitem quantity',
  'Lineitem name',
  'Lineitem price',
  'Lineitem compare at price',
  'Lineitem sku',
  'Lineitem requires shipping',
  'Lineitem taxable',
  'Lineitem fulfillment status',
  'Billing Name',
  'Billing Street',
  'Billing Address1',
  'Billing Address2',
  'Billing Company',
  'Billing City',
  'Billing Zip',
  'Billing Province',
  'Billing Country',
  'Billing Phone',
  'Shipping Name',
  'Shipping Street',
  'Shipping Address1',
  'Shipping Address2',
  'Shipping Company',
  'Shipping City',
  'Shipping Zip',
  'Shipping Province',
  'Shipping Country',
  'Shipping Phone',
  'Notes',
  'Note Attributes',
  'Cancelled at',
  'Payment Method',
  'Payment Reference',
  'Refunded Amount',
  'Vendor',
  'Outstanding Balance',
  'Employee',
  'Location',
  'Device ID',
  'Id',
  'Tags',
  'Risk Level',
  'Source',
  'Lineitem discount',
  'Tax 1 Name',
  'Tax 1 Value',
  'Tax 2 Name',
  'Tax 2 Value',
  'Tax 3 Name',
  'Tax 3 Value',
  'Tax 4 Name',
  'Tax 4 Value',
  'Tax 5 Name',
  'Tax 5 Value',
  'Phone',
  'Receipt Number',
  'Duties',
  'Billing Province Name',
  'Shipping Province Name',
  'Payment ID',
  'Payment Terms Name',
  'Next Payment Due At',
  'Payment References',
] as const;

type Column = (typeof SHOPIFY_HEADER)[number];
const COLUMN_INDEX = new Map<string, number>(SHOPIFY_HEADER.map((h, i) => [h, i]));

const PROVINCE_NAMES: Record<string, string> = {
  MA: 'Massachusetts',
  CT: 'Connecticut',
  NY: 'New York',
  NJ: 'New Jersey',
  PA: 'Pennsylvania',
  VT: 'Vermont',
  NH: 'New Hampshire',
  ME: 'Maine',
};

/** Local time `secs` after midnight of `day` (secs may run past midnight). */
export function shopifyTime(day: number, secs: number): string {
  const d = day + Math.floor(secs / 86400);
  const s = ((secs % 86400) + 86400) % 86400;
  return `${isoFromDay(d)} ${hms(s)} ${easternOffset(d, s)}`;
}

export class ShopifyFormatter {
  private nextNumber = 1001;
  private nextId = 5_100_000_000_000;
  orders = 0;

  /** All rows of one order (ending in \n), numbering orders in the order they are written. */
  rows(rng: Rng, o: OnlineOrder, isOpen: (day: number) => boolean): string[] {
    const name = `#${this.nextNumber++}`;
    this.nextId += 1000 + rng.int(90000);
    this.orders++;
    const c = o.customer;
    const created = shopifyTime(o.day, o.secs);
    let fulfilledAt = '';
    let cancelledAt = '';
    if (o.shipped) {
      // Packed and sent on the next open day, during opening hours.
      let day = o.day + 1;
      for (let k = 0; k < 7 && !isOpen(day); k++) day++;
      fulfilledAt = shopifyTime(day, 10 * 3600 + rng.int(6 * 3600));
    } else {
      cancelledAt = shopifyTime(o.day, o.secs + 600 + rng.int((o.status === 'voided' ? 6 : 30) * 3600));
    }
    const zip = `'${c.address.zip}`; // Shopify keeps leading zeros with an apostrophe
    const phone = rng.chance(0.3) ? `'+1555${String(rng.int(10_000_000)).padStart(7, '0')}` : '';
    const out: string[] = [];
    o.lines.forEach((l, i) => {
      const v = new Array<string>(SHOPIFY_HEADER.length).fill('');
      const set = (col: Column, value: string) => {
        v[COLUMN_INDEX.get(col)!] = value;
      };
      set('Name', name);
      set('Email', c.email);
      set('Currency', 'USD');
      set('Created at', created);
      set('Lineitem quantity', String(l.qty));
      set('Lineitem name', l.name);
      set('Lineitem price', plainMoney(l.priceCents));
      set('Lineitem sku', l.product?.sku ?? '');
      set('Lineitem requires shipping', l.product ? 'true' : 'false');
      set('Lineitem taxable', l.product ? 'true' : 'false');
      set('Lineitem fulfillment status', o.shipped && l.product ? 'fulfilled' : 'pending');
      set('Vendor', l.product?.supplier ?? '');
      set('Lineitem discount', plainMoney(l.discountCents));
      if (i === 0) {
        set('Financial Status', o.status);
        set('Paid at', o.status === 'voided' ? '' : created);
        set('Fulfillment Status', o.shipped ? 'fulfilled' : 'unfulfilled');
        set('Fulfilled at', fulfilledAt);
        set('Accepts Marketing', c.acceptsMarketing ? 'yes' : 'no');
        set('Subtotal', plainMoney(o.subtotalCents));
        set('Shipping', plainMoney(o.shippingCents));
        set('Taxes', plainMoney(o.taxCents));
        set('Total', plainMoney(o.totalCents));
        set('Discount Code', o.discountCode);
        set('Discount Amount', plainMoney(o.discountCents));
        set('Shipping Method', o.shippingMethod);
        for (const who of ['Billing', 'Shipping'] as const) {
          set(`${who} Name`, c.name);
          set(`${who} Street`, c.address.street);
          set(`${who} Address1`, c.address.street);
          set(`${who} City`, c.address.city);
          set(`${who} Zip`, zip);
          set(`${who} Province`, c.address.province);
          set(`${who} Country`, c.address.country);
          set(`${who} Phone`, phone);
          set(`${who} Province Name`, PROVINCE_NAMES[c.address.province] ?? '');
        }
        set('Cancelled at', cancelledAt);
        set('Payment Method', 'Shopify Payments');
        set('Payment Reference', `c${this.nextId + 7}.1`);
        set('Refunded Amount', plainMoney(o.refundedCents));
        set('Outstanding Balance', '0.00');
        set('Id', String(this.nextId));
        set('Risk Level', 'Low');
        set('Source', 'web');
        set('Tax 1 Name', `Sales Tax ${TAX_RATE * 100}%`);
        set('Tax 1 Value', plainMoney(o.taxCents));
        set('Phone', phone);
        set('Payment ID', `c${this.nextId + 7}.1`);
        set('Payment References', `c${this.nextId + 7}.1`);
      }
      out.push(csvRow(v));
    });
    return out;
  }
}
