/**
 * The one description of a sales line as it travels from the reading thread
 * (produce.ts) to the writer (writer.ts) and into `sales_lines`. Every field is
 * named once, here, with its type and its column; the offsets in the packed
 * Float64Array, the packing, the unpacking and the INSERT's columns are all
 * derived from this list. Adding a field is one entry below plus its use: the
 * reader sets it on the PackedLine it packs, and the column exists (a migration).
 *
 * Packing and binding run once per line on both threads, so they are compiled
 * from the list into straight-line functions (one statement per field, no loop,
 * no lookup by name): the same code a person would write by hand, but it cannot
 * disagree with the list.
 */

/** What a field's number means, and how it becomes a column value. */
export type FieldType =
  /** a number, stored as is */
  | 'number'
  /** a number or null (packed as NaN) */
  | 'number?'
  /** the reader's local number of a dimension, stored as its database id */
  | 'dimension'
  /** the same, or -1 for none (stored as NULL) */
  | 'dimension?'
  /** travels in the packet but is not stored */
  | 'packet';

/** Dimensions the writer resolves to database ids (see dimensions.ts). */
export type Dimension = 'stores' | 'orders' | 'products' | 'customers';

export interface LineField {
  readonly name: string;
  readonly type: FieldType;
  /** The sales_lines column ('packet' fields have none). */
  readonly column?: string;
  readonly dimension?: Dimension;
  /**
   * Often the same over a hundred consecutive lines (the date of a dated export,
   * the store of a one-shop file, a zero discount): BulkInsert binds it once per
   * statement when it is.
   */
  readonly shared?: boolean;
}

export const LINE_FIELDS = [
  /** 53-bit content key (hash.ts): the duplicate check */
  { name: 'key', type: 'number', column: 'line_key' },
  { name: 'fileLine', type: 'number', column: 'file_line' },
  /** YYYYMMDD */
  { name: 'day', type: 'number', column: 'date', shared: true },
  /** seconds after local midnight; null when the file has no times */
  { name: 'seconds', type: 'number?', column: 'time', shared: true },
  { name: 'order', type: 'dimension', column: 'order_id', dimension: 'orders' },
  { name: 'product', type: 'dimension', column: 'product_id', dimension: 'products' },
  { name: 'customer', type: 'dimension?', column: 'customer_id', dimension: 'customers', shared: true },
  { name: 'store', type: 'dimension', column: 'store_id', dimension: 'stores', shared: true },
  /** KIND code (core/store/kinds.ts); void for lines kept but not counted */
  { name: 'kind', type: 'number', column: 'kind', shared: true },
  { name: 'quantity', type: 'number', column: 'quantity' },
  { name: 'gross', type: 'number', column: 'gross' },
  { name: 'discount', type: 'number', column: 'discount', shared: true },
  { name: 'net', type: 'number', column: 'net' },
  { name: 'cost', type: 'number?', column: 'cost', shared: true },
  /** tax on the line, as the file gives it; null when the file has no tax column */
  { name: 'tax', type: 'number?', column: 'tax', shared: true },
  /** what the customer paid for the line (tax, tips, fees in), where the export says it; null otherwise */
  { name: 'collected', type: 'number?', column: 'collected', shared: true },
  /** 1 on the first line made from a file row (a row may make several lines) */
  { name: 'rowStart', type: 'packet' },
] as const satisfies readonly LineField[];

/** A line as the reader hands it to pack(): one property per field, null for an absent optional. */
export type PackedLineOf<F extends readonly LineField[]> = {
  [K in F[number] as K['name']]: K['type'] extends 'number?' ? number | null : number;
};

/** Database ids of the reader's local dimension numbers, by local number. */
export type DimensionIds = Record<Dimension, number[]>;

/** Values go to the statement one at a time, in column order (BulkInsert.value). */
export interface ValueSink {
  value(v: unknown): void;
}

export interface LineCodec<F extends readonly LineField[]> {
  readonly fields: F;
  /** Numbers per packed line. */
  readonly width: number;
  /** Offset of each field in a packed line. */
  readonly at: { readonly [K in F[number] as K['name']]: number };
  /** The sales_lines columns, in the order bind() gives their values. */
  readonly columns: readonly string[];
  /** The columns BulkInsert may bind once per statement. */
  readonly shared: readonly string[];
  /** Writes line `r` at offset `o` of `nums`. */
  pack(nums: Float64Array, o: number, r: PackedLineOf<F>): void;
  /** Gives the column values of the line at offset `o`, dimension numbers turned into database ids. */
  bind(sink: ValueSink, nums: Float64Array, o: number, ids: DimensionIds): void;
  /** The line at offset `o` as an object (tests, diagnostics: not the hot path). */
  unpack(nums: Float64Array, o: number): PackedLineOf<F>;
  /**
   * The binding of every stored field but `omit`, from the same packed lines: a
   * file that cannot fill a column (no tax column, no total collected) leaves it
   * to its default, NULL, and the INSERT binds and stores two columns fewer.
   */
  binder(omit: readonly string[]): LineBinder;
}

export interface LineBinder {
  readonly columns: readonly string[];
  readonly shared: readonly string[];
  /** A plain function (no `this`): the writer holds it in a local for its hot loop. */
  readonly bind: (sink: ValueSink, nums: Float64Array, o: number, ids: DimensionIds) => void;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Derives everything a line needs from its field list. */
export function lineCodec<const F extends readonly LineField[]>(fields: F): LineCodec<F> {
  const at: Record<string, number> = {};
  fields.forEach((f, i) => {
    // Names and columns become code below: only plain identifiers, each once.
    if (!IDENT.test(f.name) || (f.column !== undefined && !IDENT.test(f.column))) throw new Error(`line field "${f.name}": not an identifier`);
    if (at[f.name] !== undefined) throw new Error(`line field "${f.name}" is listed twice`);
    if ((f.type === 'dimension' || f.type === 'dimension?') !== (f.dimension !== undefined))
      throw new Error(`line field "${f.name}": a dimension field names its dimension, and only it`);
    if ((f.type === 'packet') !== (f.column === undefined)) throw new Error(`line field "${f.name}": every stored field has a column, a packet field none`);
    at[f.name] = i;
  });
  const stored = fields.filter((f) => f.column !== undefined);
  const bindBodyOf = (bound: readonly LineField[]) =>
    bound
      .map((f) => {
        const x = `nums[o + ${at[f.name]}]`;
        switch (f.type) {
          case 'number':
            return `sink.value(${x});`;
          case 'number?':
            return `{ const x = ${x}; sink.value(x !== x ? null : x); }`; // NaN is the one value not equal to itself
          case 'dimension':
            return `sink.value(ids.${f.dimension}[${x}]);`;
          case 'dimension?':
            return `{ const x = ${x}; sink.value(x < 0 ? null : ids.${f.dimension}[x]); }`;
          default:
            throw new Error(`line field "${f.name}": a ${f.type} field is not stored`);
        }
      })
      .join('\n');
  const binderOf = (bound: readonly LineField[]): LineBinder => ({
    columns: bound.map((f) => f.column!),
    shared: bound.filter((f) => f.shared).map((f) => f.column!),
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- built from the field list, never from data (see below)
    bind: new Function('sink', 'nums', 'o', 'ids', bindBodyOf(bound)) as LineBinder['bind'],
  });

  const packBody = fields
    .map((f, i) => (f.type === 'number?' ? `{ const x = r.${f.name}; nums[o + ${i}] = x === null ? NaN : x; }` : `nums[o + ${i}] = r.${f.name};`))
    .join('\n');
  const unpackBody = `return {${fields
    .map((f, i) => (f.type === 'number?' ? `${f.name}: (nums[o + ${i}] !== nums[o + ${i}] ? null : nums[o + ${i}])` : `${f.name}: nums[o + ${i}]`))
    .join(', ')}};`;

  return {
    fields,
    width: fields.length,
    at: Object.freeze(at) as LineCodec<F>['at'],
    columns: stored.map((f) => f.column!),
    shared: stored.filter((f) => f.shared).map((f) => f.column!),
    /* eslint-disable @typescript-eslint/no-implied-eval -- the code is built from the field list (names checked
       as identifiers above), never from data: straight-line packing and binding on the import's hot path. */
    pack: new Function('nums', 'o', 'r', packBody) as LineCodec<F>['pack'],
    bind: new Function('sink', 'nums', 'o', 'ids', bindBodyOf(stored)) as LineCodec<F>['bind'],
    unpack: new Function('nums', 'o', unpackBody) as LineCodec<F>['unpack'],
    /* eslint-enable @typescript-eslint/no-implied-eval */
    binder: (omit) => {
      for (const name of omit) if (!stored.some((f) => f.name === name)) throw new Error(`line field "${name}": no such stored field`);
      return binderOf(stored.filter((f) => !omit.includes(f.name)));
    },
  };
}

/** The sales line of this version of Tillsight. */
export const LINE = lineCodec(LINE_FIELDS);
export type PackedLine = PackedLineOf<typeof LINE_FIELDS>;
