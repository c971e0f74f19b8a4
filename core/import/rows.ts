/**
 * From a parsed row to the clean facts: one signed model for sales, refunds,
 * cancellations and voids, whatever the vendor's way of saying it.
 */
import type { CanonicalField } from '../../common/api.js';
import type { Profile, Semantics } from './profiles.js';
import { CHARGE, type Charge } from '../store/kinds.js';
import type { CsvRecord } from './csv.js';
import { parseNumber, parseTime, type DateColumn, type DateOrder } from './values.js';

export type LineKind = 'sale' | 'refund' | 'cancel' | 'adjustment' | 'void';

export interface SalesLine {
  date: string;
  day: number;
  seconds: number | null;
  /** The date cell as written: part of the de-duplication key, so re-reading the day/month order never changes keys. */
  rawDate: string;
  receipt: string | null;
  sku: string | null;
  product: string;
  category: string | null;
  quantity: number;
  unitPrice: number | null;
  gross: number;
  discount: number;
  net: number;
  tax: number | null;
  cost: number | null;
  customerKey: string | null;
  customerName: string | null;
  customerEmail: string | null;
  country: string | null;
  store: string;
  kind: LineKind;
  counted: boolean;
  /** CHARGE.goods, or the class of a non-product line (shipping, tip, fee, adjustment). */
  charge: Charge;
  /** What the customer paid for the line, where the export says it (Total Collected, an order's Total). */
  collected: number | null;
  /**
   * The line's net, tax and collected amounts as the file writes them, before
   * Tillsight turns a refund written as a positive amount negative; all 0 for a
   * line made from an order's own columns (Shopify's shipping, a refunded
   * order's refund lines). The reconciliation explains the difference.
   */
  writtenNet: number;
  writtenTax: number;
  writtenCollected: number;
  /** Tells apart several lines made from one row (a Shopify shipping line, a refund). */
  part: string;
}

export interface ProductRow {
  sku: string | null;
  name: string;
  category: string | null;
  cost: number | null;
  price: number | null;
  supplier: string | null;
  leadTime: number | null;
}

export interface StockRow {
  date: string;
  rawDate: string;
  sku: string | null;
  name: string;
  store: string;
  kind: 'count' | 'receipt';
  quantity: number;
}

export type ReadResult =
  | { type: 'sales'; lines: SalesLine[] }
  | { type: 'product'; row: ProductRow }
  | { type: 'stock'; rows: StockRow[] }
  | { type: 'reject'; reason: string }
  | { type: 'skip' };

/**
 * Words matched whole, ignoring case and the blanks around them. Most cells are
 * ruled out by their length or first character, before any string is made:
 * this runs on every line.
 */
class WordList {
  /** The words, anchored, blanks allowed around them: a regular expression tests without making a string. */
  private readonly pattern: RegExp;
  /** 1 for the first character (lower case) of a word, and for blanks, which may hide one. */
  private readonly firsts = new Uint8Array(128);
  private readonly longest: number;

  constructor(words: string[]) {
    this.pattern = new RegExp(`^\\s*(?:${words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})\\s*$`, 'i');
    for (const w of words) this.firsts[w.charCodeAt(0)] = 1;
    this.firsts[9] = this.firsts[32] = 1;
    this.longest = Math.max(...words.map((w) => w.length)) + 6;
  }

  has(text: string): boolean {
    const c = text.charCodeAt(0);
    if (text.length > this.longest || (c < 128 && this.firsts[c | 32] !== 1)) return false;
    return this.pattern.test(text);
  }
}

/**
 * Lines that are not goods: shipping, tips, fees and adjustments. Each list
 * belongs to the layouts that use it: Online Retail's one-letter stock codes
 * (S for samples, M for manual) would turn a café's cup sizes into fees, so they
 * are matched on the Online Retail layouts only. The class of a non-product line
 * (CHARGE in core/store/kinds.ts) is what the figures show apart from net sales.
 */
/** Words of several classes in one WordList (one test per cell, as with a single list); the class is looked up on a hit only. */
class ClassedWords {
  private readonly words: WordList | null;
  private readonly classes = new Map<string, Charge>();

  constructor(lists: Array<[Charge, string[]]>) {
    for (const [charge, words] of lists) for (const w of words) this.classes.set(w, charge);
    this.words = this.classes.size ? new WordList([...this.classes.keys()]) : null;
  }

  /** The class of `text`, or CHARGE.goods when it is none of the words. */
  classOf(text: string): Charge {
    if (this.words === null || !this.words.has(text)) return CHARGE.goods;
    return this.classes.get(text.trim().toLowerCase()) ?? CHARGE.goods;
  }
}

interface NonProductLists {
  codes: ClassedWords;
  names: ClassedWords;
}

/** Names any POS may give a line that is not goods. */
const COMMON_NAMES: Array<[Charge, string[]]> = [
  [CHARGE.shipping, ['postage', 'shipping', 'shipping fee', 'delivery', 'delivery charge', 'delivery fee', 'carriage']],
  [CHARGE.tip, ['tip', 'tips', 'gratuity']],
  [CHARGE.fee, ['service charge', 'fee', 'fees', 'surcharge']],
  [CHARGE.adjustment, ['adjustment', 'order discount', 'refund (order level)']],
];

const COMMON: NonProductLists = { codes: new ClassedWords([]), names: new ClassedWords(COMMON_NAMES) };

/** UCI Online Retail: stock codes and descriptions of its postage, fee and adjustment lines. */
const ONLINE_RETAIL: NonProductLists = {
  codes: new ClassedWords([
    [CHARGE.shipping, ['post', 'dot', 'c2']],
    [CHARGE.fee, ['bank charges', 'amazonfee', 'cruk']],
    [CHARGE.adjustment, ['m', 'b', 'd', 's']],
  ]),
  names: new ClassedWords([
    ...COMMON_NAMES,
    [CHARGE.shipping, ['dotcom postage']],
    [CHARGE.fee, ['bank charges', 'amazon fee', 'cruk commission']],
    [CHARGE.adjustment, ['manual', 'adjust bad debt', 'samples', 'discount']],
  ]),
};

/** The non-product lists of a layout. */
export function nonProductLists(semantics: Semantics): NonProductLists {
  return semantics === 'online-retail' ? ONLINE_RETAIL : COMMON;
}

/** CHARGE.goods for goods, else the class of a non-product line (by its code, then its name). */
export function chargeOf(lists: NonProductLists, sku: string | null, name: string): Charge {
  const byCode = sku ? lists.codes.classOf(sku) : CHARGE.goods;
  return byCode !== CHARGE.goods ? byCode : lists.names.classOf(name);
}

const TRUE = /^(true|yes|y|1|x|t|wahr|ja|si|sí|oui|voided|void|refunded)$/i;
const REFUND_WORDS = /refund|return|r[üu]ckerstattung|erstattung|storno|devoluci|rembourse|credit/i;
const VOID_WORDS = /^(cancel+ed|voided|void|deleted|storniert|annul)/i;
const REFUNDED = /^refunded$/i;
/** See RowReader.repeatScore. */
const REPEAT_FLOOR = -32;
const REPEAT_CEILING = 32;
const TOTAL_ROW = /^(grand\s*)?(total|totals|sum|summe|subtotal|gesamt|totale)\b:?/i;

/** '17850.0' and '17850' are one customer; e-mails ignore case. */
export function customerKey(id: string | undefined, email: string | undefined, name: string | undefined): string | null {
  // Consecutive lines mostly belong to one receipt, so one customer: reuse the last answer.
  if (id === lastCustomer.id && email === lastCustomer.email && name === lastCustomer.name) return lastCustomer.key;
  const key = computeCustomerKey(id, email, name);
  lastCustomer = { id, email, name, key };
  return key;
}
let lastCustomer: { id: string | undefined; email: string | undefined; name: string | undefined; key: string | null } = {
  id: '\0',
  email: undefined,
  name: undefined,
  key: null,
};

function computeCustomerKey(id: string | undefined, email: string | undefined, name: string | undefined): string | null {
  const i = id?.trim();
  if (i) return 'id:' + (/^\d+\.0+$/.test(i) ? i.replace(/\.0+$/, '') : i);
  const e = email?.trim().toLowerCase();
  if (e && e.includes('@')) return 'email:' + e;
  const n = name?.trim().toLowerCase();
  if (n) return 'name:' + n;
  return null;
}

const neg = (v: number) => -Math.abs(v);
const round = (v: number) => Math.round(v * 1e6) / 1e6;

interface ShopifyOrder {
  name: string;
  status: string;
  voided: boolean;
  rawDate: string;
  date: string;
  day: number;
  seconds: number | null;
  customerKey: string | null;
  email: string | null;
  customerName: string | null;
}

type Columns = Record<CanonicalField, number>;

interface ReadDate {
  date: string;
  day: number;
  seconds: number | null;
  raw: string;
}

/**
 * Every canonical field mapped to its column or -1, as one object literal.
 * Not properties added in a loop: V8 turns an object that gets more than a
 * dozen properties by computed key into a dictionary, and then every
 * `this.c.quantity` on the hot path is a hash lookup (seen as LoadIC in perf).
 */
function columnIndexes(col: Record<string, number>): Columns {
  const at = (f: CanonicalField) => col[f] ?? -1;
  return {
    datetime: at('datetime'),
    date: at('date'),
    time: at('time'),
    timezone: at('timezone'),
    receipt: at('receipt'),
    sku: at('sku'),
    product: at('product'),
    variant: at('variant'),
    category: at('category'),
    quantity: at('quantity'),
    unitPrice: at('unitPrice'),
    gross: at('gross'),
    discount: at('discount'),
    net: at('net'),
    tax: at('tax'),
    cost: at('cost'),
    customerId: at('customerId'),
    customerName: at('customerName'),
    customerEmail: at('customerEmail'),
    country: at('country'),
    store: at('store'),
    eventType: at('eventType'),
    status: at('status'),
    refundFlag: at('refundFlag'),
    voidFlag: at('voidFlag'),
    currency: at('currency'),
    supplier: at('supplier'),
    leadTime: at('leadTime'),
    onHand: at('onHand'),
    received: at('received'),
    price: at('price'),
    collected: at('collected'),
    tip: at('tip'),
    serviceCharge: at('serviceCharge'),
  };
}

export class RowReader {
  private shopifyOrder: ShopifyOrder | null = null;
  private readonly sale: SalesLine = {
    date: '',
    day: 0,
    seconds: null,
    rawDate: '',
    receipt: null,
    sku: null,
    product: '',
    category: null,
    quantity: 0,
    unitPrice: null,
    gross: 0,
    discount: 0,
    net: 0,
    tax: null,
    cost: null,
    customerKey: null,
    customerName: null,
    customerEmail: null,
    country: null,
    store: '',
    kind: 'sale',
    counted: true,
    charge: CHARGE.goods,
    collected: null,
    writtenNet: 0,
    writtenTax: 0,
    writtenCollected: 0,
    part: '',
  };
  private readonly saleResult: ReadResult = { type: 'sales', lines: [this.sale] };
  private readonly c: Columns;
  private readonly nonProduct: NonProductLists;

  constructor(
    private readonly profile: Profile,
    col: Record<string, number>,
    private readonly decimalComma: boolean,
    private readonly dates: DateColumn | null,
    private readonly defaultStore: string,
  ) {
    this.c = columnIndexes(col);
    this.nonProduct = nonProductLists(profile.semantics);
  }

  // Cells by column index (-1: the file has no such column). Indexes live in a
  // fixed-shape object so every lookup on the hot path is a plain property load.
  //
  // Each column remembers its last cell: consecutive rows mostly repeat the
  // receipt, date, customer and store, and a repeated cell is compared in place
  // and answered with the string made last time (also the same object, so the
  // caches downstream match it by identity).
  private readonly lastRaw: Array<string | undefined> = [];
  private readonly lastText: Array<string | null> = [];
  /**
   * Per column: repeats minus changes, while it is worth comparing. A column
   * that changes on almost every row (a product, a quantity) stops being
   * compared once its score falls below REPEAT_FLOOR.
   */
  private readonly repeatScore = new Int32Array(256);

  private cell(rec: CsvRecord, i: number): string | undefined {
    if (i < 0) return undefined;
    if (i >= 256 || this.repeatScore[i] > REPEAT_FLOOR) {
      const last = this.lastRaw[i];
      if (last !== undefined) {
        if (rec.equals(i, last)) {
          if (this.repeatScore[i] < REPEAT_CEILING) this.repeatScore[i]++;
          return last;
        }
        this.repeatScore[i]--;
      }
    }
    const raw = rec.get(i);
    if (raw === undefined) return undefined;
    this.lastRaw[i] = raw;
    this.lastText[i] = raw === '' ? null : raw.trim() || null;
    return raw;
  }

  /** The cell trimmed, null when empty or absent. */
  private text(rec: CsvRecord, i: number): string | null {
    return this.cell(rec, i) === undefined ? null : this.lastText[i]!;
  }

  private num(rec: CsvRecord, i: number): number | null | 'bad' {
    if (i < 0) return null;
    const v = rec.number(i, this.decimalComma);
    return v !== null && Number.isNaN(v) ? 'bad' : v;
  }

  /**
   * Reads one record. For a sales file the result, and the line in it, are
   * reused by the next call: the caller copies what it keeps.
   */
  read(rec: CsvRecord): ReadResult {
    let first = -1;
    for (let i = 0; i < rec.count; i++) {
      if (!rec.isBlank(i)) {
        first = i;
        break;
      }
    }
    if (first < 0) return { type: 'skip' };
    switch (this.profile.semantics) {
      case 'products':
        return this.readProduct(rec);
      case 'stock':
        return this.readStock(rec);
      case 'shopify':
        return this.readShopify(rec);
      default:
        return this.readSale(rec, first);
    }
  }

  /** The last date read, answered again for the same cell (and no time column), unless the day/month order changed since. */
  private lastDate: { cell: string; order: DateOrder; value: ReadDate } | null = null;

  private readDate(rec: CsvRecord): ReadDate | string {
    const raw = this.cell(rec, this.c.date);
    if (raw === undefined || this.lastText[this.c.date] === null) return 'the date is empty';
    const last = this.lastDate;
    if (last !== null && last.cell === raw && last.order === this.dates!.order && this.c.time < 0) return last.value;
    const d = this.dates!.read(raw);
    if (typeof d === 'string') return d;
    let seconds = d.seconds;
    const t = this.text(rec, this.c.time);
    if (t) {
      const pt = parseTime(t);
      if (pt !== null) seconds = pt;
    }
    const value = { date: d.date, day: d.day, seconds, raw: t ? raw + ' ' + t : raw };
    this.lastDate = { cell: raw, order: this.dates!.order, value };
    return value;
  }

  private readSale(rec: CsvRecord, first: number): ReadResult {
    const d = this.readDate(rec);
    if (typeof d === 'string') {
      if (TOTAL_ROW.test(rec.get(first)!.trim())) return { type: 'reject', reason: 'a total row, not a sale' };
      return { type: 'reject', reason: d };
    }
    const qty = this.num(rec, this.c.quantity);
    const unit = this.num(rec, this.c.unitPrice);
    const gross = this.num(rec, this.c.gross);
    const disc = this.num(rec, this.c.discount);
    const net = this.num(rec, this.c.net);
    const tax = this.num(rec, this.c.tax);
    const collected = this.num(rec, this.c.collected);
    const cost = this.num(rec, this.c.cost);
    // One test on the hot path; the message is built only for a bad cell.
    if (qty === 'bad' || unit === 'bad' || gross === 'bad' || disc === 'bad' || net === 'bad' || tax === 'bad' || collected === 'bad') {
      const [name, column] =
        qty === 'bad'
          ? ['quantity', this.c.quantity]
          : unit === 'bad'
            ? ['price', this.c.unitPrice]
            : gross === 'bad'
              ? ['gross amount', this.c.gross]
              : disc === 'bad'
                ? ['discount', this.c.discount]
                : net === 'bad'
                  ? ['net amount', this.c.net]
                  : tax === 'bad'
                    ? ['tax', this.c.tax]
                    : ['total collected', this.c.collected];
      return { type: 'reject', reason: `the ${name} "${(this.cell(rec, column) ?? '').slice(0, 30)}" is not a number` };
    }
    const unitemised = this.profile.semantics === 'unitemised';
    let quantity = typeof qty === 'number' ? qty : unitemised || this.c.quantity < 0 ? 1 : null;
    if (quantity === null) return { type: 'reject', reason: 'the quantity is empty' };
    if (this.profile.semantics === 'clover') quantity = typeof qty === 'number' && qty > 0 ? qty : 1;
    let discount = typeof disc === 'number' ? Math.abs(disc) : 0;
    let g: number;
    let n: number;
    if (typeof net === 'number') {
      n = net;
      g = typeof gross === 'number' ? gross : typeof unit === 'number' ? quantity * unit : net + (net < 0 ? -discount : discount);
      if (typeof disc !== 'number' && typeof gross === 'number') discount = Math.abs(gross - net);
    } else if (typeof gross === 'number') {
      g = gross;
      n = gross - (gross < 0 ? -discount : discount);
    } else if (typeof unit === 'number') {
      g = quantity * unit;
      n = g - (g < 0 ? -discount : discount);
    } else {
      return { type: 'reject', reason: 'the row has no amount (no price, gross or net sales)' };
    }

    const sku = this.text(rec, this.c.sku);
    const variant = this.text(rec, this.c.variant);
    let product = this.text(rec, this.c.product) ?? sku ?? (unitemised ? '(unitemised sale)' : null);
    if (product === null) return { type: 'reject', reason: 'the row names no product' };
    if (variant && variant.toLowerCase() !== 'regular' && !product.includes(variant)) product = `${product} (${variant})`;
    const receipt = this.text(rec, this.c.receipt);

    // Kind and sign.
    const event = this.text(rec, this.c.eventType) ?? '';
    const status = this.text(rec, this.c.status) ?? '';
    const refundFlag = this.text(rec, this.c.refundFlag);
    const voidFlag = this.text(rec, this.c.voidFlag);
    const charge = unitemised ? CHARGE.goods : chargeOf(this.nonProduct, sku, product);
    const isProduct = charge === CHARGE.goods;
    let kind: LineKind = 'sale';
    let counted = true;
    // Most rows have no flag and no status: the patterns run only on text that is there.
    if ((voidFlag && TRUE.test(voidFlag)) || (status !== '' && VOID_WORDS.test(status))) {
      kind = 'void';
      counted = false;
    } else if (this.profile.semantics === 'online-retail' && receipt !== null && (receipt.charCodeAt(0) | 32) === 99) {
      // A UCI invoice number starting with C (or c) is a cancellation.
      kind = 'cancel';
    } else if ((refundFlag && TRUE.test(refundFlag)) || (event !== '' && REFUND_WORDS.test(event)) || (status !== '' && REFUNDED.test(status))) {
      kind = 'refund';
    } else if (!isProduct && n < 0) {
      kind = 'adjustment';
    } else if (quantity < 0 || n < 0) {
      kind = this.profile.semantics === 'online-retail' ? 'adjustment' : 'refund';
    }
    let costValue = typeof cost === 'number' ? cost : null;
    const writtenNet = n;
    let taxValue = typeof tax === 'number' ? tax : null;
    let collectedValue = typeof collected === 'number' ? collected : null;
    if (kind === 'refund' || kind === 'cancel') {
      quantity = neg(quantity);
      g = neg(g);
      n = neg(n);
      // The goods come back: their cost leaves the cost of goods sold; the tax and the money go back too.
      if (costValue !== null) costValue = neg(costValue);
      if (taxValue !== null) taxValue = neg(taxValue);
      if (collectedValue !== null) collectedValue = neg(collectedValue);
    }
    const cust = customerKey(this.cell(rec, this.c.customerId), this.cell(rec, this.c.customerEmail), this.cell(rec, this.c.customerName));
    // The result and its line are reused row after row (see read): no allocation per row.
    const l = this.sale;
    l.date = d.date;
    l.day = d.day;
    l.seconds = d.seconds;
    l.rawDate = d.raw;
    l.receipt = receipt;
    l.sku = sku;
    l.product = product;
    l.category = normCategory(this.text(rec, this.c.category));
    l.quantity = quantity;
    l.unitPrice = typeof unit === 'number' ? unit : quantity !== 0 ? round(g / quantity) : null;
    l.gross = round(g);
    l.discount = round(discount);
    l.net = round(n);
    l.tax = taxValue === null ? null : round(taxValue);
    l.collected = collectedValue === null ? null : round(collectedValue);
    l.writtenNet = round(writtenNet);
    l.writtenTax = typeof tax === 'number' ? tax : 0;
    l.writtenCollected = typeof collected === 'number' ? collected : 0;
    l.cost = costValue;
    l.customerKey = cust;
    l.customerName = this.text(rec, this.c.customerName);
    l.customerEmail = this.text(rec, this.c.customerEmail);
    l.country = this.text(rec, this.c.country);
    l.store = this.text(rec, this.c.store) ?? this.defaultStore;
    l.kind = kind;
    l.counted = counted;
    l.charge = charge;
    if (this.c.tip >= 0 || this.c.serviceCharge >= 0) return this.withCharges(rec, l);
    return this.saleResult;
  }

  /**
   * A payment row's tip and service charge (Square transactions) become lines of
   * their own, counted apart from net sales, as Square's own reports do.
   */
  private withCharges(rec: CsvRecord, sale: SalesLine): ReadResult {
    const lines = [sale];
    for (const [column, charge, product, part] of [
      [this.c.tip, CHARGE.tip, 'Tip', 'tip'],
      [this.c.serviceCharge, CHARGE.fee, 'Service charge', 'service-charge'],
    ] as const) {
      const v = this.num(rec, column);
      if (typeof v !== 'number' || v === 0) continue;
      const amount = round(sale.kind === 'refund' || sale.kind === 'cancel' ? neg(v) : v);
      lines.push({
        ...sale,
        sku: null,
        product,
        category: null,
        quantity: 0,
        unitPrice: null,
        gross: amount,
        discount: 0,
        net: amount,
        tax: null,
        cost: null,
        collected: null,
        charge,
        writtenNet: 0,
        writtenTax: 0,
        writtenCollected: 0,
        part,
      });
    }
    return lines.length === 1 ? this.saleResult : { type: 'sales', lines };
  }

  /**
   * Shopify: one row per line item; order fields (status, totals, shipping) only
   * on an order's first row. Voided or cancelled orders never were sales; a
   * refunded order is a sale and its refund; a partial refund and the shipping
   * become order-level lines.
   */
  private readShopify(rec: CsvRecord): ReadResult {
    const name = this.text(rec, this.c.receipt);
    if (!name) return { type: 'reject', reason: 'the order has no Name' };
    const statusCell = this.text(rec, this.c.status);
    let order = this.shopifyOrder;
    const lines: SalesLine[] = [];
    if (!order || order.name !== name || statusCell) {
      const d = this.readDate(rec);
      if (typeof d === 'string') return { type: 'reject', reason: d };
      const email = this.text(rec, this.c.customerEmail);
      order = {
        name,
        status: (statusCell ?? (order && order.name === name ? order.status : 'paid')).toLowerCase(),
        voided: !!this.text(rec, this.c.voidFlag) || /voided/i.test(statusCell ?? ''),
        rawDate: d.raw,
        date: d.date,
        day: d.day,
        seconds: d.seconds,
        customerKey: customerKey(undefined, email ?? undefined, this.cell(rec, this.c.customerName)),
        email,
        customerName: this.text(rec, this.c.customerName),
      };
      this.shopifyOrder = order;
    }
    // Lines made here from the order's own columns have no amount written for them in the line items.
    const base = {
      date: order.date,
      day: order.day,
      seconds: order.seconds,
      rawDate: order.rawDate,
      receipt: name,
      category: null,
      tax: null,
      cost: null,
      customerKey: order.customerKey,
      customerName: order.customerName,
      customerEmail: order.email,
      country: null,
      store: this.text(rec, this.c.store) ?? this.defaultStore,
      counted: !order.voided,
      collected: null,
      writtenNet: 0,
      writtenTax: 0,
      writtenCollected: 0,
    };
    const kindOf = (k: LineKind): LineKind => (order.voided ? 'void' : k);

    const qty = this.num(rec, this.c.quantity);
    const price = this.num(rec, this.c.unitPrice);
    const disc = this.num(rec, this.c.discount);
    if (qty === 'bad' || price === 'bad' || disc === 'bad') return { type: 'reject', reason: 'a line-item quantity, price or discount is not a number' };
    const orderTax = statusCell ? this.num(rec, this.c.tax) : null;
    const orderTotal = statusCell ? this.num(rec, this.c.collected) : null;
    if (orderTax === 'bad' || orderTotal === 'bad') return { type: 'reject', reason: "the order's taxes or total is not a number" };
    const product = this.text(rec, this.c.product);
    if (product && typeof qty === 'number' && typeof price === 'number') {
      const sku = this.text(rec, this.c.sku);
      const discount = typeof disc === 'number' ? Math.abs(disc) : 0;
      const gross = round(qty * price);
      const charge = chargeOf(this.nonProduct, sku, product);
      const net = round(gross - discount);
      const sale: SalesLine = {
        ...base,
        sku,
        product,
        quantity: qty,
        unitPrice: price,
        gross,
        discount,
        net,
        kind: kindOf('sale'),
        charge,
        writtenNet: net,
        part: '',
      };
      lines.push(sale);
      if (order.status === 'refunded' && !order.voided) {
        lines.push({ ...sale, quantity: -qty, gross: -gross, discount: -discount, net: -sale.net, kind: 'refund', writtenNet: 0, part: 'refund' });
      }
    }
    if (statusCell) {
      // The order's first row: order-level lines.
      const shipping = parseNumber(this.cellByHeader(rec, 'shipping'), this.decimalComma);
      if (shipping && shipping > 0) {
        lines.push({
          ...base,
          sku: null,
          product: 'Shipping',
          quantity: 1,
          unitPrice: shipping,
          gross: shipping,
          discount: 0,
          net: shipping,
          kind: kindOf('sale'),
          charge: CHARGE.shipping,
          part: 'shipping',
        });
        if (order.status === 'refunded' && !order.voided) {
          lines.push({
            ...base,
            sku: null,
            product: 'Shipping',
            quantity: -1,
            unitPrice: shipping,
            gross: -shipping,
            discount: 0,
            net: -shipping,
            kind: 'refund',
            charge: CHARGE.shipping,
            part: 'shipping-refund',
          });
        }
      }
      if (this.c.discount < 0) {
        const orderDiscount = parseNumber(this.cellByHeader(rec, 'discountamount'), this.decimalComma);
        if (orderDiscount && orderDiscount !== 0) {
          const v = Math.abs(orderDiscount);
          lines.push({
            ...base,
            sku: null,
            product: 'Order discount',
            quantity: 0,
            unitPrice: null,
            gross: 0,
            discount: v,
            net: -v,
            kind: kindOf('adjustment'),
            charge: CHARGE.adjustment,
            part: 'discount',
          });
        }
      }
      if (order.status === 'partially_refunded' && !order.voided) {
        const refunded = parseNumber(this.cellByHeader(rec, 'refundedamount'), this.decimalComma);
        if (refunded && refunded > 0) {
          lines.push({
            ...base,
            sku: null,
            product: 'Refund (order level)',
            quantity: 0,
            unitPrice: null,
            gross: -refunded,
            discount: 0,
            net: -refunded,
            kind: 'refund',
            charge: CHARGE.adjustment,
            collected: -refunded,
            part: 'partial-refund',
          });
        }
      }
    }
    if (!lines.length) return { type: 'reject', reason: 'the row has neither a line item nor order totals' };
    if (statusCell && (orderTax !== null || orderTotal !== null)) {
      // The order's taxes and total ride on its first line, as written; a refunded order's refund takes them back.
      const first = lines[0];
      first.tax = orderTax;
      first.collected = orderTotal;
      first.writtenTax = orderTax ?? 0;
      first.writtenCollected = orderTotal ?? 0;
      const refund = order.status === 'refunded' && !order.voided ? lines.find((l) => l.kind === 'refund') : undefined;
      if (refund) {
        refund.tax = orderTax === null ? null : -orderTax;
        refund.collected = orderTotal === null ? null : -orderTotal;
      }
    }
    return { type: 'sales', lines };
  }

  private headerIndex: Map<string, number> | null = null;
  /** Columns only Shopify's order-level logic needs, looked up by normalised header name. */
  setHeaders(normHeaders: string[]): void {
    this.headerIndex = new Map(normHeaders.map((h, i) => [h, i]));
  }
  private cellByHeader(rec: CsvRecord, norm: string): string | undefined {
    const i = this.headerIndex?.get(norm);
    return i === undefined ? undefined : rec.get(i);
  }

  private readProduct(rec: CsvRecord): ReadResult {
    const sku = this.text(rec, this.c.sku);
    const name = this.text(rec, this.c.product) ?? sku;
    if (!name) return { type: 'reject', reason: 'the row names no product (no SKU or name)' };
    const vals: Record<string, number | null> = {};
    for (const f of ['cost', 'price', 'leadTime'] as const) {
      const v = this.num(rec, this.c[f]);
      if (v === 'bad') return { type: 'reject', reason: `the ${f === 'leadTime' ? 'lead time' : f} "${this.cell(rec, this.c[f])}" is not a number` };
      vals[f] = v;
    }
    return {
      type: 'product',
      row: {
        sku,
        name,
        category: normCategory(this.text(rec, this.c.category)),
        cost: vals.cost!,
        price: vals.price!,
        supplier: this.text(rec, this.c.supplier),
        leadTime: vals.leadTime!,
      },
    };
  }

  private readStock(rec: CsvRecord): ReadResult {
    const sku = this.text(rec, this.c.sku);
    const name = this.text(rec, this.c.product) ?? sku;
    if (!name) return { type: 'reject', reason: 'the row names no product (no SKU or name)' };
    let date = '';
    let rawDate = '';
    if (this.c.date >= 0) {
      const d = this.readDate(rec);
      if (typeof d === 'string') return { type: 'reject', reason: d };
      date = d.date;
      rawDate = d.raw;
    } else {
      date = new Date().toISOString().slice(0, 10);
    }
    const store = this.text(rec, this.c.store) ?? this.defaultStore;
    const rows: StockRow[] = [];
    for (const [field, kind] of [
      ['onHand', 'count'],
      ['received', 'receipt'],
    ] as const) {
      const v = this.num(rec, this.c[field]);
      if (v === 'bad')
        return {
          type: 'reject',
          reason: `the ${field === 'onHand' ? 'on-hand quantity' : 'received quantity'} "${this.cell(rec, this.c[field])}" is not a number`,
        };
      if (typeof v === 'number') rows.push({ date, rawDate, sku, name, store, kind, quantity: v });
    }
    if (!rows.length) return { type: 'reject', reason: 'the row has no stock quantity' };
    return { type: 'stock', rows };
  }
}

function normCategory(c: string | null): string | null {
  if (!c || /^(none|null|n\/a|-|uncategori[sz]ed)$/i.test(c)) return null;
  return c;
}
