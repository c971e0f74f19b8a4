/** The simulated facts, before they are spelled as any vendor's export. */
import type { Product } from './catalog.js';
import type { Customer } from './customers.js';

export interface SaleLine {
  product: Product;
  qty: number;
  unitCents: number;
  /** Per-unit modifier surcharge (oat milk, extra shot). */
  modifierCents: number;
  modifiers: string;
  grossCents: number;
  /** Zero or negative. */
  discountCents: number;
  netCents: number;
  taxCents: number;
  /** A till typo: the quantity keyed was 100 instead of 1. */
  typo: boolean;
}

export interface Basket {
  store: number;
  day: number;
  /** Seconds after local midnight. */
  secs: number;
  txn: string;
  payment: string;
  device: string;
  employee: string;
  dining: string;
  customer: Customer | null;
  card: { brand: string; suffix: string } | null;
  lines: SaleLine[];
}

/** A line refunded on a later (or the same) day, returned to the shelf. */
export interface Refund {
  basket: Basket;
  line: SaleLine;
  day: number;
  /** Part of an injected refund burst. */
  burst: boolean;
}

export type FinancialStatus = 'paid' | 'refunded' | 'partially_refunded' | 'voided';

export interface OnlineLine {
  product: Product | null; // null = the Tip line
  name: string;
  qty: number;
  priceCents: number;
  /** Positive, as Shopify writes it. */
  discountCents: number;
}

export interface OnlineOrder {
  day: number;
  secs: number;
  customer: Customer;
  lines: OnlineLine[];
  status: FinancialStatus;
  discountCode: string;
  discountCents: number;
  subtotalCents: number;
  shippingCents: number;
  shippingMethod: string;
  taxCents: number;
  totalCents: number;
  refundedCents: number;
  /** Goods left the shop (paid and partially refunded orders). */
  shipped: boolean;
}
