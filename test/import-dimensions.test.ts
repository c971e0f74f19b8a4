/**
 * The reader's dictionary encoding (core/import/dimensions.ts): local numbers
 * are handed out once per value, new values go to the writer once, and the
 * memory it keeps stays bounded on an export with many stores and millions of
 * receipts (a 5-million-line, 47-store export once ran the reading thread out
 * of memory when each store kept its own window of receipts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LocalDimensions } from '../core/import/dimensions.js';
import { CHARGE } from '../core/store/kinds.js';

const GOODS = CHARGE.goods;

test('dimensions: one local number per value, each new value sent once, in order', () => {
  const dims = new LocalDimensions();
  const a = dims.product('SKU1', 'Tea', '', GOODS);
  const b = dims.product('', 'Scone', 'Bakery', GOODS);
  const post = dims.product('SKU1', 'Postage', '', CHARGE.shipping); // a fee under a real code is its own entry
  assert.equal(dims.product('SKU1', 'Tea (large)', '', GOODS), a, 'matched by SKU');
  assert.equal(dims.product('', 'SCONE', '', GOODS), b, 'matched by name, whatever the case');
  assert.deepEqual([a, b, post], [0, 1, 2]);
  const s1 = dims.store('High Street');
  const o1 = dims.order(s1, 'R1');
  assert.equal(dims.order(s1, 'R1'), o1);
  assert.notEqual(dims.order(dims.store('Market'), 'R1'), o1, 'the same receipt number in another store is another order');
  const sent = dims.take();
  assert.deepEqual(sent.products, [
    { sku: 'SKU1', name: 'Tea', category: '', charge: GOODS },
    { sku: '', name: 'Scone', category: 'Bakery', charge: GOODS },
    { sku: 'SKU1', name: 'Postage', category: '', charge: CHARGE.shipping },
  ]);
  assert.deepEqual(sent.stores, ['High Street', 'Market']);
  assert.deepEqual(sent.orders, [0, 'R1', 1, 'R1']);
  dims.product('SKU2', 'Coffee', '', GOODS);
  const next = dims.take();
  assert.deepEqual(next.base.products, 3);
  assert.deepEqual(next.products, [{ sku: 'SKU2', name: 'Coffee', category: '', charge: GOODS }]);
});

test('dimensions: the receipts remembered stay bounded across many stores', () => {
  const dims = new LocalDimensions();
  let max = 0;
  for (let i = 0; i < 1_000_000; i++) {
    dims.order(dims.store(`Store ${i % 47}`), `T${i}`);
    max = Math.max(max, dims.ordersRemembered);
    if (i % 4096 === 0) dims.take();
  }
  assert.ok(max <= 50_000, `at most 50,000 receipts remembered (saw ${max})`);
});
