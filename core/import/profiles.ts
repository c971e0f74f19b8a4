/**
 * Known export layouts, recognised by a few signature columns and read by
 * column NAME (with aliases), never by position: vendors add, drop and rename
 * columns between versions. Facts: shared/design/pos-exports.md.
 */
import type { CanonicalField } from '../../common/api.js';
import type { DateOrder } from './values.js';

export type SourceKind = 'sales' | 'products' | 'stock';

/** How a layout's rows become sales lines (see rows.ts). */
export type Semantics = 'line-items' | 'online-retail' | 'shopify' | 'unitemised' | 'clover' | 'products' | 'stock';

export interface Profile {
  id: string;
  name: string;
  kind: SourceKind;
  semantics: Semantics;
  /** Normalised header names that must all be present. */
  signature: string[];
  /** Normalised header names that must be absent (tells look-alike layouts apart). */
  absent?: string[];
  /** Canonical field -> normalised header aliases, most specific first. */
  fields: Partial<Record<CanonicalField, string[]>>;
  /** Day/month order used while the column itself has not decided it. */
  dateOrder: DateOrder;
}

/** Header text -> comparable key: lower case, letters and digits only. */
export function normalizeHeader(h: string): string {
  return h
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Aliases for any sales file; known layouts extend or override them. */
export const GENERIC_ALIASES: Partial<Record<CanonicalField, string[]>> = {
  date: [
    'date',
    'datetime',
    'dateandtime',
    'timestamp',
    'saledate',
    'solddate',
    'soldon',
    'orderdate',
    'transactiondate',
    'invoicedate',
    'receiptdate',
    'createdat',
    'paidat',
    'lineitemdate',
    'salesdate',
    'datum',
    'fecha',
    'data',
    'day',
  ],
  time: ['time', 'saletime', 'ordertime', 'transactiontime', 'uhrzeit', 'hora', 'heure'],
  timezone: ['timezone', 'tz'],
  receipt: [
    'receiptnumber',
    'receiptno',
    'receipt',
    'receiptid',
    'invoiceno',
    'invoicenumber',
    'invoice',
    'orderid',
    'ordernumber',
    'orderno',
    'order',
    'transactionid',
    'transaction',
    'transactionno',
    'ticketnumber',
    'ticketno',
    'ticket',
    'checkid',
    'checknumber',
    'saleid',
    'salenumber',
    'belegnummer',
    'beleg',
    'bon',
    'bonnummer',
    'docnumber',
  ],
  sku: [
    'sku',
    'stockcode',
    'itemcode',
    'productcode',
    'articlenumber',
    'articleno',
    'itemsku',
    'productsku',
    'variantsku',
    'barcode',
    'upc',
    'ean',
    'gtin',
    'plu',
    'itemid',
    'productid',
    'code',
    'artikelnummer',
    'codigo',
  ],
  product: [
    'productname',
    'itemname',
    'product',
    'item',
    'description',
    'itemdescription',
    'productdescription',
    'article',
    'articlename',
    'menuitem',
    'lineitemname',
    'goods',
    'artikel',
    'beschreibung',
    'producto',
    'produit',
  ],
  variant: ['variant', 'variantname', 'pricepointname', 'option', 'size'],
  category: [
    'category',
    'productcategory',
    'itemcategory',
    'department',
    'salescategory',
    'menugroup',
    'group',
    'producttype',
    'kategorie',
    'categoria',
    'categorie',
  ],
  quantity: [
    'quantity',
    'qty',
    'units',
    'unitssold',
    'qtysold',
    'quantitysold',
    'count',
    'pcs',
    'pieces',
    'menge',
    'anzahl',
    'cantidad',
    'quantite',
    'lineitemquantity',
  ],
  unitPrice: [
    'unitprice',
    'priceeach',
    'itemprice',
    'sellingprice',
    'saleprice',
    'price',
    'rate',
    'unitcost',
    'einzelpreis',
    'preis',
    'precio',
    'prix',
    'lineitemprice',
    'preisbrutto',
  ],
  gross: ['grosssales', 'grossamount', 'grossprice', 'gross', 'grossrevenue', 'brutto'],
  discount: ['discount', 'discounts', 'discountamount', 'totaldiscount', 'lineitemdiscount', 'discnt', 'rabatt', 'descuento', 'remise'],
  net: [
    'netsales',
    'netamount',
    'netprice',
    'net',
    'linetotal',
    'linevalue',
    'lineamount',
    'itemtotal',
    'total',
    'totalamount',
    'amount',
    'sales',
    'salesamount',
    'saleamount',
    'revenue',
    'value',
    'betrag',
    'umsatz',
    'importe',
    'montant',
    'totalrevenue',
  ],
  tax: ['tax', 'taxes', 'taxamount', 'salestax', 'vat', 'vatamount', 'mwst', 'gst', 'iva', 'tva'],
  cost: ['costofgoods', 'cogs', 'cost', 'costprice', 'itemcost'],
  customerId: ['customerid', 'customerno', 'customernumber', 'customercode', 'clientid', 'customer', 'kundennummer', 'kunde', 'cliente'],
  customerName: ['customername', 'clientname', 'client', 'billingname'],
  customerEmail: ['email', 'customeremail', 'emailaddress', 'customercontacts'],
  country: ['country', 'land', 'pais', 'pays'],
  store: ['store', 'location', 'shop', 'outlet', 'branch', 'site', 'storename', 'filiale', 'tienda'],
  eventType: ['eventtype', 'receipttype', 'transactiontype', 'saletype', 'linetype', 'type', 'typ', 'tipo'],
  status: ['status', 'financialstatus', 'orderstatus', 'paymentstatus', 'orderpaymentstate', 'state'],
  refundFlag: ['refunded', 'isrefund', 'refund', 'returned', 'isreturn', 'return', 'exchanged'],
  voidFlag: ['void', 'voided', 'isvoid', 'isvoided'],
  currency: ['currency', 'currencycode', 'wahrung', 'moneda'],
  collected: ['totalcollected', 'amountcollected', 'collected'],
};

export const PRODUCT_ALIASES: Partial<Record<CanonicalField, string[]>> = {
  sku: GENERIC_ALIASES.sku!,
  product: ['name', 'productname', 'itemname', 'product', 'item', 'title', 'description'],
  category: GENERIC_ALIASES.category!,
  cost: ['cost', 'unitcost', 'costprice', 'defaultcost', 'purchaseprice', 'costperitem', 'supplycost'],
  price: ['price', 'retailprice', 'sellingprice', 'saleprice', 'unitprice', 'defaultprice', 'variantprice'],
  supplier: ['supplier', 'vendor', 'manufacturer', 'suppliername', 'brand', 'lieferant'],
  leadTime: ['leadtimedays', 'leadtime', 'leaddays', 'deliverydays', 'leadtimeindays'],
};

export const STOCK_ALIASES: Partial<Record<CanonicalField, string[]>> = {
  date: ['date', 'countdate', 'stockdate', 'asof', 'asofdate', 'receiveddate', 'datereceived', 'deliverydate', 'datum'],
  sku: GENERIC_ALIASES.sku!,
  product: ['item', 'itemname', 'name', 'productname', 'product', 'description'],
  store: GENERIC_ALIASES.store!,
  onHand: ['onhand', 'quantityonhand', 'qtyonhand', 'instock', 'stockonhand', 'stocklevel', 'stock', 'currentquantity', 'inventory', 'available', 'bestand'],
  received: ['received', 'quantityreceived', 'qtyreceived', 'receivedqty', 'unitsreceived', 'delivered', 'eingang'],
};

export const PROFILES: Profile[] = [
  {
    id: 'online-retail',
    name: 'Online Retail (UCI)',
    kind: 'sales',
    semantics: 'online-retail',
    signature: ['invoiceno', 'stockcode', 'quantity', 'invoicedate', 'unitprice'],
    fields: {
      receipt: ['invoiceno'],
      sku: ['stockcode'],
      product: ['description'],
      quantity: ['quantity'],
      date: ['invoicedate'],
      unitPrice: ['unitprice'],
      customerId: ['customerid'],
      country: ['country'],
    },
    dateOrder: 'MDY',
  },
  {
    id: 'online-retail-ii',
    name: 'Online Retail II (UCI)',
    kind: 'sales',
    semantics: 'online-retail',
    signature: ['invoice', 'stockcode', 'quantity', 'invoicedate', 'price'],
    fields: {
      receipt: ['invoice'],
      sku: ['stockcode'],
      product: ['description'],
      quantity: ['quantity'],
      date: ['invoicedate'],
      unitPrice: ['price'],
      customerId: ['customerid'],
      country: ['country'],
    },
    dateOrder: 'MDY',
  },
  {
    id: 'square-items',
    name: 'Square item sales',
    kind: 'sales',
    semantics: 'line-items',
    signature: ['date', 'item', 'qty', 'grosssales', 'netsales'],
    fields: {
      date: ['date'],
      time: ['time'],
      timezone: ['timezone'],
      category: ['category'],
      product: ['item'],
      variant: ['pricepointname'],
      sku: ['sku'],
      quantity: ['qty'],
      gross: ['grosssales'],
      discount: ['discounts'],
      net: ['netsales'],
      tax: ['tax'],
      receipt: ['transactionid', 'paymentid'],
      eventType: ['eventtype'],
      store: ['location'],
      customerId: ['customerid'],
      customerName: ['customername'],
    },
    dateOrder: 'MDY',
  },
  {
    id: 'square-transactions',
    name: 'Square transactions',
    kind: 'sales',
    semantics: 'unitemised',
    signature: ['date', 'grosssales', 'netsales', 'totalcollected', 'transactionid'],
    absent: ['item', 'qty'],
    fields: {
      date: ['date'],
      time: ['time'],
      timezone: ['timezone'],
      gross: ['grosssales'],
      discount: ['discounts'],
      net: ['netsales'],
      tax: ['tax'],
      receipt: ['transactionid', 'paymentid'],
      eventType: ['eventtype'],
      store: ['location'],
      customerId: ['customerid'],
      customerName: ['customername'],
      collected: ['totalcollected'],
      tip: ['tip'],
      serviceCharge: ['servicecharges'],
    },
    dateOrder: 'MDY',
  },
  {
    id: 'shopify-orders',
    name: 'Shopify orders',
    kind: 'sales',
    semantics: 'shopify',
    signature: ['name', 'createdat', 'lineitemquantity', 'lineitemname', 'lineitemprice'],
    fields: {
      receipt: ['name'],
      customerEmail: ['email'],
      status: ['financialstatus'],
      date: ['createdat', 'paidat'],
      quantity: ['lineitemquantity'],
      product: ['lineitemname'],
      unitPrice: ['lineitemprice'],
      sku: ['lineitemsku'],
      discount: ['lineitemdiscount'],
      currency: ['currency'],
      customerName: ['billingname'],
      store: ['location'],
      voidFlag: ['cancelledat'],
      tax: ['taxes'],
      supplier: ['vendor'],
      collected: ['total'],
    },
    dateOrder: 'YMD',
  },
  {
    id: 'loyverse-items',
    name: 'Loyverse sales by item',
    kind: 'sales',
    semantics: 'line-items',
    signature: ['date', 'receiptnumber', 'receipttype', 'item', 'quantity', 'netsales'],
    fields: {
      date: ['date'],
      receipt: ['receiptnumber'],
      eventType: ['receipttype'],
      category: ['category'],
      sku: ['sku'],
      product: ['item'],
      variant: ['variant'],
      quantity: ['quantity'],
      gross: ['grosssales'],
      discount: ['discounts'],
      net: ['netsales'],
      cost: ['costofgoods'],
      tax: ['taxes'],
      store: ['store'],
      customerName: ['customername'],
      customerEmail: ['customercontacts'],
      status: ['status'],
    },
    dateOrder: 'MDY',
  },
  {
    id: 'loyverse-receipts',
    name: 'Loyverse receipts',
    kind: 'sales',
    semantics: 'unitemised',
    signature: ['date', 'receiptnumber', 'receipttype', 'netsales'],
    absent: ['item', 'quantity'],
    fields: {
      date: ['date'],
      receipt: ['receiptnumber'],
      eventType: ['receipttype'],
      gross: ['grosssales'],
      discount: ['discounts'],
      net: ['netsales'],
      cost: ['costofgoods'],
      tax: ['taxes'],
      store: ['store'],
      customerName: ['customername'],
      customerEmail: ['customercontacts'],
      status: ['status'],
    },
    dateOrder: 'MDY',
  },
  {
    id: 'clover-line-items',
    name: 'Clover line items',
    kind: 'sales',
    semantics: 'clover',
    signature: ['lineitemdate', 'orderid', 'itemname', 'itemrevenue'],
    fields: {
      date: ['lineitemdate'],
      receipt: ['orderid'],
      sku: ['itemsku', 'itemproductcode', 'itemid'],
      product: ['itemname'],
      quantity: ['perunitquantity'],
      unitPrice: ['itemrevenue'],
      gross: ['totalrevenue'],
      discount: ['totaldiscount', 'discounts'],
      net: ['itemtotal'],
      tax: ['taxamount'],
      refundFlag: ['refunded'],
      voidFlag: ['exchanged'],
      status: ['orderpaymentstate'],
      currency: ['currency'],
      collected: ['itemtotalwithtaxfeeamount'],
    },
    dateOrder: 'MDY',
  },
  {
    id: 'toast-items',
    name: 'Toast item selection details',
    kind: 'sales',
    semantics: 'line-items',
    signature: ['orderid', 'orderdate', 'menuitem', 'qty', 'netprice'],
    fields: {
      store: ['location'],
      receipt: ['orderid', 'order'],
      date: ['orderdate', 'sentdate'],
      sku: ['sku', 'plu', 'itemid'],
      product: ['menuitem'],
      category: ['salescategory', 'menugroup'],
      gross: ['grossprice'],
      discount: ['discount', 'discnt'],
      net: ['netprice'],
      quantity: ['qty'],
      tax: ['tax'],
      voidFlag: ['void'],
    },
    dateOrder: 'MDY',
  },
];

export const GENERIC_PROFILE: Profile = {
  id: 'generic',
  name: 'Sales file (columns guessed)',
  kind: 'sales',
  semantics: 'line-items',
  signature: [],
  fields: GENERIC_ALIASES,
  dateOrder: 'MDY',
};
export const PRODUCTS_PROFILE: Profile = {
  id: 'products',
  name: 'Product list',
  kind: 'products',
  semantics: 'products',
  signature: [],
  fields: PRODUCT_ALIASES,
  dateOrder: 'MDY',
};
export const STOCK_PROFILE: Profile = {
  id: 'stock',
  name: 'Stock on hand / receipts',
  kind: 'stock',
  semantics: 'stock',
  signature: [],
  fields: STOCK_ALIASES,
  dateOrder: 'MDY',
};

export function profileById(id: string): Profile | undefined {
  return [...PROFILES, GENERIC_PROFILE, PRODUCTS_PROFILE, STOCK_PROFILE].find((p) => p.id === id);
}

/** Finds the column for each field: the first alias present wins; a column serves one field only. */
export function mapColumns(headers: string[], aliases: Partial<Record<CanonicalField, string[]>>): Partial<Record<CanonicalField, number>> {
  const norm = headers.map(normalizeHeader);
  const used = new Set<number>();
  const result: Partial<Record<CanonicalField, number>> = {};
  // Exact matches first for every field, so a generic alias can't steal a specific column.
  for (const pass of ['exact', 'prefix'] as const) {
    for (const [field, list] of Object.entries(aliases) as Array<[CanonicalField, string[]]>) {
      if (result[field] !== undefined) continue;
      for (const alias of list) {
        const idx = norm.findIndex(
          (h, i) => !used.has(i) && (pass === 'exact' ? h === alias : alias.length >= 3 && h.startsWith(alias) && h.length <= alias.length + 8),
        );
        if (idx !== -1) {
          result[field] = idx;
          used.add(idx);
          break;
        }
      }
    }
  }
  return result;
}

/** The known layout whose signature the headers carry, preferring the most specific. */
export function detectProfile(headers: string[]): Profile | undefined {
  const norm = new Set(headers.map(normalizeHeader));
  let best: Profile | undefined;
  for (const p of PROFILES) {
    if (!p.signature.every((s) => norm.has(s))) continue;
    if (p.absent?.some((s) => norm.has(s))) continue;
    if (!best || p.signature.length > best.signature.length) best = p;
  }
  return best;
}
