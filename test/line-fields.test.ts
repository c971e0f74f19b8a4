/**
 * The one description of a sales line (core/import/line-fields.ts): the packed
 * layout and the INSERT's columns come from the field list, agree with the
 * sales_lines table, and adding a field is one entry in the list plus its use.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LINE, LINE_FIELDS, lineCodec, type DimensionIds } from '../core/import/line-fields.js';
import { BulkInsert } from '../core/store/bulk-insert.js';
import { openDb } from '../core/store/db.js';
import { tempDbPath } from './helpers/import-fixtures.js';

const ids: DimensionIds = { stores: [11], orders: [21, 22], products: [31, 32], customers: [41] };

test('every stored field is a sales_lines column, and every column but the id is a field', () => {
  const db = openDb(tempDbPath());
  try {
    const columns = (db.prepare('PRAGMA table_info(sales_lines)').all() as Array<{ name: string }>).map((c) => c.name).filter((c) => c !== 'id');
    assert.deepEqual([...LINE.columns].sort(), columns.sort());
    assert.equal(LINE.width, LINE_FIELDS.length, 'one number per field in a packed line');
    LINE_FIELDS.forEach((f, i) => assert.equal(LINE.at[f.name], i, `${f.name} at its place in the list`));
  } finally {
    db.close();
  }
});

test('a line packed and unpacked is the same line; absent values stay absent', () => {
  const line = {
    key: 2 ** 52 + 7,
    fileLine: 12,
    day: 20260718,
    seconds: null,
    order: 1,
    product: 0,
    customer: -1,
    store: 0,
    kind: 1,
    quantity: -1,
    gross: -18,
    discount: 1.8,
    net: -16.2,
    cost: null,
    tax: -1.3,
    collected: null,
    rowStart: 1,
  };
  const nums = new Float64Array(LINE.width * 2);
  LINE.pack(nums, LINE.width, line);
  assert.deepEqual(LINE.unpack(nums, LINE.width), line);
  // Bound for the INSERT: local numbers become database ids, absent values NULL, in the columns' order.
  const values: unknown[] = [];
  LINE.bind({ value: (v) => values.push(v) }, nums, LINE.width, ids);
  const row = Object.fromEntries(LINE.columns.map((c, i) => [c, values[i]]));
  assert.deepEqual(row, {
    line_key: 2 ** 52 + 7,
    file_line: 12,
    date: 20260718,
    time: null,
    order_id: 22,
    product_id: 31,
    customer_id: null,
    store_id: 11,
    kind: 1,
    quantity: -1,
    gross: -18,
    discount: 1.8,
    net: -16.2,
    cost: null,
    tax: -1.3,
    collected: null,
  });
});

test('adding a field is one entry in the list: offsets, packing, binding and the INSERT follow', () => {
  // The one edit: a "tip" field, before the packet-only rowStart. (Its column comes from a migration: here, by hand.)
  const fields = [...LINE_FIELDS.slice(0, -1), { name: 'tip', type: 'number?', column: 'tip', shared: true }, LINE_FIELDS.at(-1)!] as const;
  const withTip = lineCodec(fields);
  assert.equal(withTip.width, LINE.width + 1);
  assert.equal(withTip.at.tip, LINE.width - 1);
  assert.equal(withTip.at.rowStart, LINE.width, 'the fields after it move along');
  assert.deepEqual(withTip.columns, [...LINE.columns, 'tip']);
  assert.deepEqual(withTip.shared, [...LINE.shared, 'tip']);

  const db = openDb(tempDbPath());
  try {
    db.exec('ALTER TABLE sales_lines ADD COLUMN tip REAL');
    const base = {
      fileLine: 2,
      day: 20260901,
      seconds: 3600,
      order: 0,
      product: 1,
      customer: 0,
      store: 0,
      kind: 0,
      quantity: 1,
      gross: 3,
      discount: 0,
      net: 3,
      cost: null,
      tax: 0.25,
      collected: null,
      rowStart: 1,
    };
    const nums = new Float64Array(withTip.width * 2);
    withTip.pack(nums, 0, { ...base, key: 1, tip: 0.5 });
    withTip.pack(nums, withTip.width, { ...base, key: 2, tip: null });
    const out = new BulkInsert(db, 'sales_lines', withTip.columns, { shared: withTip.shared });
    for (let i = 0; i < 2; i++) withTip.bind(out, nums, i * withTip.width, ids);
    out.flush();
    const rows = db.prepare('SELECT line_key, order_id, product_id, customer_id, net, tax, tip FROM sales_lines ORDER BY line_key').all();
    assert.deepEqual(rows, [
      { line_key: 1, order_id: 21, product_id: 32, customer_id: 41, net: 3, tax: 0.25, tip: 0.5 },
      { line_key: 2, order_id: 21, product_id: 32, customer_id: 41, net: 3, tax: 0.25, tip: null },
    ]);
  } finally {
    db.close();
  }
});

test('a list that does not hold together is refused when the codec is made', () => {
  assert.throws(
    () =>
      lineCodec([
        { name: 'net', type: 'number', column: 'net' },
        { name: 'net', type: 'number', column: 'net2' },
      ]),
    /listed twice/,
  );
  assert.throws(() => lineCodec([{ name: 'store', type: 'dimension', column: 'store_id' }]), /names its dimension/);
  assert.throws(() => lineCodec([{ name: 'flag', type: 'packet', column: 'flag' }]), /packet field none/);
  assert.throws(() => lineCodec([{ name: 'x; evil()', type: 'number', column: 'x' }]), /not an identifier/);
});

test('a file that cannot fill the tax and total collected leaves them out of the INSERT: NULL, and the other columns as before', () => {
  const binder = LINE.binder(['tax', 'collected']);
  assert.deepEqual(
    binder.columns,
    LINE.columns.filter((c) => c !== 'tax' && c !== 'collected'),
  );
  assert.throws(() => LINE.binder(['rowStart']), /no such stored field/);
  const db = openDb(tempDbPath());
  try {
    const nums = new Float64Array(LINE.width);
    LINE.pack(nums, 0, {
      key: 5,
      fileLine: 2,
      day: 20101201,
      seconds: 30360,
      order: 0,
      product: 0,
      customer: 0,
      store: 0,
      kind: 0,
      quantity: 6,
      gross: 15.3,
      discount: 0,
      net: 15.3,
      cost: null,
      tax: null,
      collected: null,
      rowStart: 1,
    });
    const out = new BulkInsert(db, 'sales_lines', binder.columns, { shared: binder.shared });
    binder.bind(out, nums, 0, ids);
    out.flush();
    assert.deepEqual(db.prepare('SELECT line_key, date, time, order_id, net, tax, collected FROM sales_lines').all(), [
      { line_key: 5, date: 20101201, time: 30360, order_id: 21, net: 15.3, tax: null, collected: null },
    ]);
  } finally {
    db.close();
  }
});
