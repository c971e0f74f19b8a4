/** Unit tests of the import's pure parts: CSV streaming, numbers, dates, encodings, layout detection. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CsvParser, CsvScanner, MAX_FIELD } from '../core/import/csv.js';
import { parseNumber, inferDecimalComma, parseDate, DateColumn, inferDateOrder } from '../core/import/values.js';
import { detectEncoding, ChunkDecoder } from '../core/import/decode.js';
import { detectProfile } from '../core/import/profiles.js';
import { contentKey, keyAdd, keyAddNumber, keyEnd, keyStart } from '../core/import/hash.js';
import { ImportRefused } from '../core/import/errors.js';

function parseAll(text: string, delimiter = ',', chunk = text.length): Array<[string[], number]> {
  const out: Array<[string[], number]> = [];
  const p = new CsvParser(delimiter, (f, line) => out.push([f, line]));
  for (let i = 0; i < text.length; i += chunk) p.push(text.slice(i, i + chunk));
  p.end();
  return out;
}

const TRICKY = 'a,b,c\r\n1,"x, ""y""\nz",3\r\n\r\n4,,"6"\n"7"8,9,\n';

test('CSV: quotes, embedded delimiters and newlines, CRLF, physical line numbers', () => {
  assert.deepEqual(parseAll(TRICKY), [
    [['a', 'b', 'c'], 1],
    [['1', 'x, "y"\nz', '3'], 2],
    [[''], 4],
    [['4', '', '6'], 5],
    [['78', '9', ''], 6],
  ]);
});

test('CSV: any chunk boundary gives the same records', () => {
  const whole = parseAll(TRICKY);
  for (let size = 1; size <= TRICKY.length; size++) assert.deepEqual(parseAll(TRICKY, ',', size), whole, `chunk size ${size}`);
});

test('CSV: lone CR line ends, other delimiters, unterminated quote at the end', () => {
  assert.deepEqual(
    parseAll('a;b\r1;2\r', ';').map((r) => r[0]),
    [
      ['a', 'b'],
      ['1', '2'],
    ],
  );
  assert.deepEqual(
    parseAll('a\tb\n1\t2', '\t').map((r) => r[0]),
    [
      ['a', 'b'],
      ['1', '2'],
    ],
  );
  const p = new CsvParser(',', () => {});
  p.push('a,b\n1,"open\n2,3\n');
  p.end();
  assert.equal(p.unterminatedQuoteLine, 2);
});

test('CSV records: cells compared and read as numbers in place agree with their strings', () => {
  const text = 'id,qty,price,name\n7,-3,1.25,"tea, green"\n7, 4 ,$2.50,\n';
  for (let size = 1; size <= text.length; size++) {
    const seen: Array<{ line: number; cells: string[]; sameId: boolean; qty: number | null; price: number | null; blank: boolean[] }> = [];
    const s = new CsvScanner(',', (r) => {
      const cells = r.toArray();
      seen.push({
        line: r.line,
        cells,
        sameId: r.equals(0, '7') && !r.equals(0, '70') && !r.equals(9, '7'),
        qty: r.number(1, false),
        price: r.number(2, false),
        blank: [0, 1, 2, 3, 4].map((i) => r.isBlank(i)),
      });
      // A record hands out the same strings however it was built (in place, or unquoted).
      for (let i = 0; i < r.count; i++) assert.equal(r.get(i), cells[i]);
      assert.equal(r.get(r.count), undefined);
    });
    for (let i = 0; i < text.length; i += size) s.push(text.slice(i, i + size));
    s.end();
    assert.deepEqual(
      seen.slice(1),
      [
        { line: 2, cells: ['7', '-3', '1.25', 'tea, green'], sameId: true, qty: -3, price: 1.25, blank: [false, false, false, false, true] },
        { line: 3, cells: ['7', ' 4 ', '$2.50', ''], sameId: true, qty: 4, price: 2.5, blank: [false, false, false, true, true] },
      ],
      `chunk size ${size}`,
    );
  }
});

test('CSV: a field past 1 MB is reported as a runaway quote, and the parser stays bounded', () => {
  // Since issue 14 the record is skipped and reported (the rest of a file can still be read), not thrown.
  const bad: Array<{ line: number; reason: string }> = [];
  const p = new CsvParser(',', () => {});
  p.onBadRecord = (b) => bad.push(b);
  p.push('a,b\n1,"');
  for (let i = 0; i < 6; i++) p.push('x'.repeat(MAX_FIELD));
  p.end();
  assert.equal(bad.length, 1);
  assert.equal(bad[0].line, 2);
  assert.match(bad[0].reason, /quoted field opened on this row is never closed \(it runs 6 MB to the end of the file\)/);
  assert.equal(p.unterminatedQuoteLine, 2);
});

test('numbers: plain decimals read without a regular expression equal Number() exactly', () => {
  // parseNumber's fast path divides the digits by a power of ten; it must never differ from Number() by a bit.
  let seed = 7;
  const rnd = (n: number) => (seed = (seed * 16807) % 2147483647) % n;
  const cells = ['0', '-0', '0.0', '-0.0', '007', '1.5', '2.55', '0.1', '0.3', '999999999999999', '123456789.012345', '-17850.0', '1.234'];
  for (let i = 0; i < 50_000; i++) {
    const int = String(rnd(10 ** (1 + rnd(9))));
    const frac = rnd(3) ? '.' + String(rnd(10 ** (1 + rnd(6)))).padStart(1 + rnd(6), '0') : '';
    cells.push((rnd(4) ? '' : '-') + int + frac);
  }
  for (const c of cells) {
    assert.ok(Object.is(parseNumber(c, false), Number(c)), c);
    // With a decimal comma, a point before exactly three digits separates thousands.
    const expected = /\.\d{3}$/.test(c) ? Number(c.replace('.', '')) : Number(c);
    assert.ok(Object.is(parseNumber(c, true), expected), `${c} (decimal comma)`);
  }
});

test('numbers: money formats and empty cells', () => {
  const cases: Array<[string, boolean, number | null]> = [
    ['132.06', false, 132.06],
    ['$1,234.56', false, 1234.56],
    ['-$7.00', false, -7],
    ['($33.62)', false, -33.62],
    ['  8.00 ', false, 8],
    ['1.234,56', true, 1234.56],
    ['12,5', true, 12.5],
    ['€ 4,20', true, 4.2],
    ['12.50-', false, -12.5],
    ['£3', false, 3],
    ['1.000', false, 1],
    ['', false, null],
    ['   ', false, null],
  ];
  for (const [raw, comma, want] of cases) assert.equal(parseNumber(raw, comma), want, raw);
  assert.ok(Number.isNaN(parseNumber('abc', false)));
  assert.ok(Number.isNaN(parseNumber('1.2.3x', false)));
});

test('numbers: the decimal separator is inferred from the column values', () => {
  assert.equal(inferDecimalComma(['1,50', '12,00', '3']), true);
  assert.equal(inferDecimalComma(['1.234,56']), true);
  assert.equal(inferDecimalComma(['1.50', '$1,234.56']), false);
  assert.equal(inferDecimalComma(['1', '2']), false);
});

test('dates: formats from real exports', () => {
  const d = (raw: string, order: 'MDY' | 'DMY' | 'YMD' = 'MDY') => parseDate(raw, order);
  assert.deepEqual(d('12/1/2010 8:26'), { date: '2010-12-01', day: 20101201, seconds: 8 * 3600 + 26 * 60 });
  assert.equal(d('2026-07-18')!.date, '2026-07-18');
  assert.equal(d('2025-12-07 19:08:25 +0000')!.seconds, 19 * 3600 + 8 * 60 + 25);
  assert.equal(d('31/12/2025 14:05', 'DMY')!.date, '2025-12-31');
  assert.equal(d('7/28/26 1:33 PM')!.seconds, 13 * 3600 + 33 * 60);
  assert.equal(d('7/28/26 12:05 AM')!.seconds, 5 * 60);
  assert.equal(d('23-Aug-2026 09:34 PM EDT')!.date, '2026-08-23');
  assert.equal(d('17.04.23', 'DMY')!.date, '2023-04-17');
  assert.equal(d('Aug 23, 2026')!.date, '2026-08-23');
  assert.equal(d('2/30/2026'), null);
  assert.equal(d('not a date'), null);
  assert.equal(d('13/1/2011', 'MDY'), null);
});

test('dates: the column decides day/month order, and an overturned guess is reported', () => {
  assert.deepEqual(inferDateOrder(['1/2/2011', '13/2/2011'], 'MDY'), { order: 'DMY', decided: true, readable: 2 });
  assert.deepEqual(inferDateOrder(['1/2/2011', '3/4/2011'], 'MDY'), { order: 'MDY', decided: false, readable: 2 });
  const overturned: string[] = [];
  const col = new DateColumn('MDY', false, (o) => overturned.push(o));
  assert.equal((col.read('3/4/2011') as { date: string }).date, '2011-03-04');
  assert.equal((col.read('25/4/2011') as { date: string }).date, '2011-04-25');
  assert.deepEqual(overturned, ['DMY']);
  assert.equal((col.read('3/4/2011') as { date: string }).date, '2011-04-03');
  assert.match(col.read('4/25/2011') as string, /does not fit the day\/month order/);
});

test('encodings: BOMs, UTF-16 without BOM, Latin-1, and files that are not text', () => {
  assert.equal(detectEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x61])).label, 'UTF-8 (BOM)');
  assert.equal(detectEncoding(Buffer.from([0xff, 0xfe, 0x61, 0])).encoding, 'utf-16le');
  assert.equal(detectEncoding(Buffer.from('a,b\n1,2\n', 'utf16le')).encoding, 'utf-16le');
  assert.equal(detectEncoding(Buffer.from('caf\xe9,1\n', 'latin1')).encoding, 'windows-1252');
  assert.equal(detectEncoding(Buffer.from('café,1\n')).encoding, 'utf-8');
  for (const bytes of [[], [0x50, 0x4b, 0x03, 0x04, 1], [0x25, 0x50, 0x44, 0x46], [0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]]) {
    assert.throws(() => detectEncoding(Buffer.from(bytes)), ImportRefused);
  }
  const dec = new ChunkDecoder(detectEncoding(Buffer.from('abc')));
  assert.equal(dec.write(Buffer.from('ab')) + dec.write(Buffer.from([0xa3, 0x80])), 'ab£€');
  assert.equal(dec.switchedToLatin1, true);
});

test('layouts are recognised by column names, whatever their order or extra columns', () => {
  assert.equal(detectProfile(['Country', 'InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID'])?.id, 'online-retail');
  assert.equal(detectProfile(['Invoice', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'Price', 'Customer ID', 'Country'])?.id, 'online-retail-ii');
  assert.equal(
    detectProfile(['Date', 'Time', 'Category', 'Item', 'Qty', 'SKU', 'Gross Sales', 'Discounts', 'Net Sales', 'Transaction ID', 'New Column'])?.id,
    'square-items',
  );
  assert.equal(detectProfile(['Date', 'Time', 'Gross Sales', 'Net Sales', 'Total Collected', 'Transaction ID'])?.id, 'square-transactions');
  assert.equal(detectProfile(['Name', 'Email', 'Created at', 'Lineitem quantity', 'Lineitem name', 'Lineitem price'])?.id, 'shopify-orders');
  assert.equal(detectProfile(['Date', 'Receipt number', 'Receipt type', 'Item', 'Quantity', 'Net sales'])?.id, 'loyverse-items');
  assert.equal(detectProfile(['Date', 'Receipt number', 'Receipt type', 'Gross sales', 'Net sales'])?.id, 'loyverse-receipts');
  assert.equal(detectProfile(['Line Item Date', 'Order ID', 'Item Name', 'Item Revenue'])?.id, 'clover-line-items');
  assert.equal(detectProfile(['Order Id', 'Order Date', 'Menu Item', 'Qty', 'Net Price', 'Void?'])?.id, 'toast-items');
  assert.equal(detectProfile(['When', 'What', 'How much']), undefined);
});

test('line keys are frozen: the values stored by earlier versions come out again', () => {
  // Keys live in users' databases; a changed hash would let a re-imported file count twice.
  // These values were computed by the first release of the importer.
  const key = (parts: Array<string | number | null>, salt: number) => {
    keyStart();
    for (const p of parts) {
      if (typeof p === 'string') keyAdd(p);
      else keyAddNumber(p);
    }
    return keyEnd(salt);
  };
  assert.equal(key(['12/1/2010 8:26', '536365', '85123A', '', 6, 2.55, 15.3, 'id:17850', 'sale', 'Main store', ''], 0), 4069505268181953);
  assert.equal(key(['2024-03-01', 'R-1', '', 'Flat white', 1, null, -3.5, '', 'refund', 'Café', 'refund'], 2), 4086967398796769);
  assert.equal(key(['x', 'Ünïcødé ☕', '', ' ', 0, -0, 1e-7, '', 'sale', '', ''], 0), 2318727507998968);
});

test('content keys: 53-bit, stable, and different for different rows', () => {
  const k = contentKey('12/1/2010 8:26\x1f536365\x1f85123A');
  assert.equal(k, contentKey('12/1/2010 8:26\x1f536365\x1f85123A'));
  assert.ok(Number.isSafeInteger(k) && k >= 0);
  const seen = new Set<number>();
  for (let i = 0; i < 200_000; i++) seen.add(contentKey(`row ${i}\x1f${i % 7}`));
  assert.equal(seen.size, 200_000);
});
