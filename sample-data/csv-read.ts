/**
 * A small RFC 4180 reader for the generator's own files, so its tests (and
 * anyone inspecting a sample shop) can read them back without the importer.
 * Whole-file and in memory: meant for test-sized shops, not the scaled ones.
 */
import fs from 'node:fs';

export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
    i++;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Rows as objects keyed by header name, plus the header itself. */
export function readCsvFile(file: string): { header: string[]; rows: Array<Record<string, string>> } {
  const [header = [], ...body] = parseCsv(fs.readFileSync(file, 'utf8'));
  return {
    header,
    rows: body.map((cells) => {
      const o: Record<string, string> = {};
      header.forEach((h, k) => (o[h] = cells[k] ?? ''));
      return o;
    }),
  };
}

/** `$1,234.56` / `-$7.00` / `42.11` → cents. */
export function cents(text: string): number {
  const neg = text.startsWith('-');
  const digits = text.replace(/[-$,]/g, '');
  return (neg ? -1 : 1) * Math.round(Number(digits) * 100);
}
