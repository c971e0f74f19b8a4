/** Loyverse's receipts export (one row per receipt, no items): refunds negative, cancelled receipts kept but not counted. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb } from '../core/store/db.js';
import { importFile } from '../core/import/pipeline.js';
import { kpis } from '../core/analytics/kpis.js';

test('Loyverse receipts: sales, a refund and a cancelled receipt', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tillsight-loyverse-'));
  const file = path.join(dir, 'receipts-2026-07-28-2026-07-29.csv');
  fs.writeFileSync(
    file,
    '\ufeff' +
      [
        'Date,Receipt number,Receipt type,Gross sales,Discounts,Net sales,Taxes,Total collected,Cost of goods,Gross profit,Payment type,Description,Dining option,POS,Store,Cashier name,Customer name,Customer contacts,Status',
        '7/28/26 1:33 PM,1-1001,Sale,12.00,1.00,11.00,0.88,11.88,4.00,7.00,Card,,Dine in,POS 1,High St,Mia,Ann Lee,ann@example.com,Closed',
        '7/28/26 2:10 PM,1-1002,Sale,8.50,0.00,8.50,0.68,9.18,3.00,5.50,Cash,,Takeaway,POS 1,High St,Mia,,,Closed',
        '7/29/26 9:00 AM,1-1003,Refund,5.00,0.00,5.00,0.40,5.40,2.00,3.00,Card,,Dine in,POS 1,High St,Mia,Ann Lee,ann@example.com,Closed',
        '7/29/26 9:30 AM,1-1004,Sale,20.00,0.00,20.00,1.60,21.60,8.00,12.00,Card,,Dine in,POS 1,High St,Mia,,,Cancelled',
      ].join('\n') +
      '\n',
  );
  const db = openDb(path.join(dir, 'l.db'));
  const r = await importFile(db, file);
  assert.equal(r.profile, 'loyverse-receipts');
  assert.deepEqual([r.rowsRead, r.rowsImported, r.rowsRejected, r.rowsNotCounted], [4, 4, 0, 1]);
  assert.deepEqual([r.minDate, r.maxDate], ['2026-07-28', '2026-07-29']);
  const k = kpis(db);
  assert.equal(k.netSales, 14.5); // 11.00 + 8.50 − 5.00; the cancelled 20.00 never was a sale
  assert.equal(k.returns, 5);
  assert.equal(k.orders, 2);
  assert.equal(k.customers, 1); // Ann, by her e-mail
  assert.equal(k.grossMargin, 14.5 - (4 + 3 - 2)); // costs of goods from the file, refund's cost back
  db.close();
});
