/**
 * Dictionary encoding of a file's dimensions (stores, orders, products,
 * customers), done by the reading thread. Each distinct value gets a small
 * local number the first time it is seen, and is sent to the writer once, with
 * the batch that first uses it; lines then carry only numbers. The writer turns
 * each local number into a database id once (find or insert) and looks ids up
 * by array index afterwards. Strings never cross between threads per line, and
 * the writing thread — the import's bottleneck — does no string work per line.
 *
 * The maps are bounded: past LIMIT entries a map starts afresh, so a value seen
 * again gets a second local number. That is harmless: the writer resolves both
 * to the same database row (find before insert).
 */

/** Dimension entries first seen in one batch, in local-number order. */
export interface NewDimensions {
  /** Local numbers of this batch's first new entry, per dimension. */
  base: { stores: number; orders: number; products: number; customers: number };
  /** name, per store */
  stores: string[];
  /** store (local number), receipt; two entries per order */
  orders: Array<number | string>;
  products: NewProduct[];
  customers: NewCustomer[];
}

/** A product (or a non-product line: postage, a tip, a fee) first seen in a batch. */
export interface NewProduct {
  sku: string;
  name: string;
  category: string;
  /** CHARGE.goods, or the class of a non-product line. */
  charge: Charge;
}

export interface NewCustomer {
  key: string;
  name: string;
  email: string;
  country: string;
}

import { CHARGE, type Charge } from '../store/kinds.js';

const LIMIT = 200_000;
/**
 * Receipts are by far the most numerous values, and a receipt's lines are
 * together in an export: a window of recent ones, across all stores (an
 * export may have dozens), is all that pays.
 */
const ORDER_LIMIT = 50_000;

/** A string with its own storage: a slice of a 1 MB chunk kept as a map key would keep the whole chunk alive. */
const detach = (s: string) => (' ' + s).slice(1);

/** Local numbers of one dimension; several dictionaries may share one counter. */
class Counter {
  next = 0;
}

class Dictionary {
  private map = new Map<string, number>();
  private lastKey: string | null = null;
  private lastId = -1;

  constructor(private readonly counter: Counter) {}

  /** The local number of `key`, or -1 when it is new (the caller then calls add). */
  find(key: string): number {
    // Consecutive lines mostly share a store, an order and a customer.
    if (key === this.lastKey) return this.lastId;
    const id = this.map.get(key);
    if (id === undefined) return -1;
    this.lastKey = key;
    this.lastId = id;
    return id;
  }

  clear(): void {
    this.map.clear();
    this.lastKey = null;
  }

  add(key: string): number {
    if (this.map.size >= LIMIT) this.map.clear();
    const id = this.counter.next++;
    this.map.set(detach(key), id);
    this.lastKey = key;
    this.lastId = id;
    return id;
  }
}

export class LocalDimensions {
  private readonly stores = new Counter();
  private readonly orders = new Counter();
  private readonly products = new Counter();
  private readonly customers = new Counter();
  private readonly storeDict = new Dictionary(this.stores);
  /** Receipts per store (local store number → dictionary): no key string to build per line. */
  private readonly orderDicts: Dictionary[] = [];
  private orderEntries = 0;
  /** Products by SKU, by name when there is no SKU, and non-product lines by both. */
  private readonly bySku = new Dictionary(this.products);
  private readonly byName = new Dictionary(this.products);
  private readonly nonProducts = new Dictionary(this.products);
  private readonly customerDict = new Dictionary(this.customers);
  private pending: NewDimensions = this.empty();

  private empty(): NewDimensions {
    return {
      base: { stores: this.stores.next, orders: this.orders.next, products: this.products.next, customers: this.customers.next },
      stores: [],
      orders: [],
      products: [],
      customers: [],
    };
  }

  store(name: string): number {
    const id = this.storeDict.find(name);
    if (id >= 0) return id;
    this.pending.stores.push(name);
    return this.storeDict.add(name);
  }

  order(store: number, receipt: string): number {
    const dict = (this.orderDicts[store] ??= new Dictionary(this.orders));
    const id = dict.find(receipt);
    if (id >= 0) return id;
    if (++this.orderEntries > ORDER_LIMIT) {
      for (const d of this.orderDicts) d?.clear();
      this.orderEntries = 1;
    }
    this.pending.orders.push(store, receipt);
    return dict.add(receipt);
  }

  /**
   * One entry per SKU, or per name when there is no SKU; a non-product line
   * (postage, a fee) is its own entry even under a real code. The writer keys
   * the database the same way (productKey).
   */
  product(sku: string, name: string, category: string, charge: Charge): number {
    const isProduct = charge === CHARGE.goods;
    const dict = !isProduct ? this.nonProducts : sku ? this.bySku : this.byName;
    const key = !isProduct ? sku + '\x1f' + name.toLowerCase() : sku ? sku : name.toLowerCase();
    const id = dict.find(key);
    if (id >= 0) return id;
    this.pending.products.push({ sku, name, category, charge });
    return dict.add(key);
  }

  customer(key: string, name: string, email: string, country: string): number {
    const id = this.customerDict.find(key);
    if (id >= 0) return id;
    this.pending.customers.push({ key, name, email, country });
    return this.customerDict.add(key);
  }

  /** Receipts remembered, across all stores (bounded by ORDER_LIMIT). */
  get ordersRemembered(): number {
    return this.orderEntries;
  }

  /** The entries first seen since the last call. */
  take(): NewDimensions {
    const taken = this.pending;
    this.pending = this.empty();
    return taken;
  }
}

/** The products table's key (see migrations.ts). */
export function productKey(sku: string, name: string, isProduct: boolean): string {
  return isProduct ? (sku ? 'sku:' + sku : 'name:' + name.toLowerCase()) : 'other:' + sku + ':' + name.toLowerCase();
}
