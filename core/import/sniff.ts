/**
 * Looking at the head of a file: which delimiter, which row is the header
 * (title rows may sit above it), and which layout it is.
 */
import { CsvParser } from './csv.js';
import { ImportRefused } from './errors.js';
import {
  detectProfile,
  normalizeHeader,
  GENERIC_ALIASES,
  PRODUCT_ALIASES,
  STOCK_ALIASES,
  type Profile,
  GENERIC_PROFILE,
  PRODUCTS_PROFILE,
  STOCK_PROFILE,
  mapColumns,
} from './profiles.js';
import { dateEvidence } from './values.js';

const DELIMITERS = [',', ';', '\t', '|'] as const;

export interface Sniffed {
  delimiter: string;
  /** Physical line of the header row. */
  headerLine: number;
  headers: string[];
  /** Records after the header in the head sample (with their lines). */
  sample: Array<{ fields: string[]; line: number }>;
}

function parseHead(text: string, delimiter: string, maxRecords: number): Array<{ fields: string[]; line: number }> {
  const out: Array<{ fields: string[]; line: number }> = [];
  const p = new CsvParser(delimiter, (fields, line) => {
    if (out.length < maxRecords) out.push({ fields, line });
  });
  try {
    p.push(text);
  } catch {
    /* a huge field in the head: judged below by the caller */
  }
  return out;
}

const nonEmpty = (f: string[]) => f.filter((c) => c.trim() !== '').length;
const looksNumeric = (s: string) => /^[\s$£€(+-]*[\d.,]+\)?\s*$/.test(s);

/** Picks delimiter and header row from the decoded head of a file. */
export function sniff(head: string, isWholeFile: boolean): Sniffed {
  if (head.trim() === '') throw new ImportRefused('the file is empty');
  const trimmed = head.trimStart();
  if ((trimmed.startsWith('{') || trimmed.startsWith('[')) && /^[[{]\s*["{[\]]/.test(trimmed)) {
    throw new ImportRefused('this is a JSON file, not a CSV export: export your sales as CSV from your POS');
  }
  if (/^<(\?xml|!doctype|html)/i.test(trimmed)) throw new ImportRefused('this is an XML or HTML file, not a CSV export');
  // Drop a possibly cut last line of the sample.
  const text = isWholeFile ? head : head.slice(0, Math.max(head.lastIndexOf('\n'), 0) + 1) || head;

  let best: { delimiter: string; score: number; records: Array<{ fields: string[]; line: number }>; width: number } | undefined;
  for (const d of DELIMITERS) {
    const records = parseHead(text, d, 200).filter((r) => nonEmpty(r.fields) > 0);
    if (!records.length) continue;
    // The table's width: the most common field count among rows with 2+ fields.
    const counts = new Map<number, number>();
    for (const r of records) if (r.fields.length > 1) counts.set(r.fields.length, (counts.get(r.fields.length) ?? 0) + 1);
    let width = 1;
    let freq = 0;
    for (const [w, c] of counts) if (c > freq || (c === freq && w > width)) [width, freq] = [w, c];
    const score = width > 1 ? freq * Math.log2(width) : 0;
    if (!best || score > best.score) best = { delimiter: d, score, records, width };
  }
  if (!best || best.width < 2) {
    const lines = text.split(/\r?\n/).filter((l) => l.trim()).length;
    if (text.length > 100_000 && lines <= 1)
      throw new ImportRefused(`the file has no line breaks in its first ${Math.round(text.length / 1024).toLocaleString('en')} KB: it is not a table`);
    throw new ImportRefused('the file has a single column: a sales export needs separate columns (date, item, amount…) split by commas, semicolons or tabs');
  }

  // Header: the first row, among the first 30, that is as wide as the table (allowing a missing
  // trailing column), mostly filled, and mostly text; a known layout's header wins outright.
  const candidates = best.records.slice(0, 30);
  let headerIdx = -1;
  for (let i = 0; i < candidates.length; i++) {
    if (detectProfile(candidates[i].fields)) {
      headerIdx = i;
      break;
    }
  }
  if (headerIdx === -1) {
    for (let i = 0; i < candidates.length; i++) {
      const f = candidates[i].fields;
      if (f.length < best.width - 1 || f.length > best.width + 1) continue;
      const filled = nonEmpty(f);
      if (filled < Math.max(2, Math.ceil(best.width * 0.5))) continue;
      const texty = f.filter((c) => c.trim() !== '' && !looksNumeric(c) && dateEvidence(c) === 'invalid').length;
      if (texty >= filled * 0.7) {
        headerIdx = i;
        break;
      }
    }
  }
  if (headerIdx === -1) throw new ImportRefused('could not find a header row (column names) in the first lines of the file');
  const header = candidates[headerIdx];
  return {
    delimiter: best.delimiter,
    headerLine: header.line,
    headers: header.fields.map((h) => h.trim()),
    sample: best.records.slice(headerIdx + 1),
  };
}

export interface LayoutChoice {
  profile: Profile;
  /** Canonical field -> column index. */
  columns: Record<string, number>;
}

/**
 * Chooses the layout: a forced profile, a known signature, a products or stock
 * file, or a generic sales file whose columns are guessed from names and values.
 */
export function chooseLayout(sniffed: Sniffed, forced: Profile | undefined, savedMapping: Record<string, string> | undefined): LayoutChoice {
  const { headers } = sniffed;
  const byName = (mapping: Record<string, string>) => {
    const norm = headers.map(normalizeHeader);
    const cols: Record<string, number> = {};
    for (const [field, header] of Object.entries(mapping)) {
      const idx = norm.indexOf(normalizeHeader(header));
      if (idx === -1) throw new ImportRefused(`the mapping names a column "${header}" that this file does not have`);
      cols[field] = idx;
    }
    return cols;
  };
  const known = forced ?? detectProfile(headers);
  if (known && known.signature.length) {
    const columns = mapColumns(headers, known.fields) as Record<string, number>;
    if (savedMapping) Object.assign(columns, byName(savedMapping));
    return { profile: known, columns };
  }
  if (savedMapping) {
    const profile = forced ?? GENERIC_PROFILE;
    return { profile, columns: byName(savedMapping) };
  }
  const stock = mapColumns(headers, STOCK_ALIASES) as Record<string, number>;
  if (
    (forced?.id === 'stock' || !forced) &&
    (stock.onHand !== undefined || stock.received !== undefined) &&
    (stock.sku !== undefined || stock.product !== undefined)
  ) {
    return { profile: STOCK_PROFILE, columns: stock };
  }
  const products = mapColumns(headers, PRODUCT_ALIASES) as Record<string, number>;
  const generic = guessSalesColumns(sniffed);
  if (
    forced?.id === 'products' ||
    (!forced &&
      generic.date === undefined &&
      (products.sku !== undefined || products.product !== undefined) &&
      (products.cost !== undefined || products.supplier !== undefined || products.leadTime !== undefined || products.price !== undefined))
  ) {
    return { profile: PRODUCTS_PROFILE, columns: products };
  }
  return { profile: forced ?? GENERIC_PROFILE, columns: generic };
}

/** Generic sales columns: by header aliases, then by what the values look like. */
function guessSalesColumns(sniffed: Sniffed): Record<string, number> {
  const cols = mapColumns(sniffed.headers, GENERIC_ALIASES) as Record<string, number>;
  const taken = new Set(Object.values(cols));
  const values = (i: number) => sniffed.sample.map((r) => r.fields[i] ?? '').filter((v) => v.trim() !== '');
  if (cols.date === undefined) {
    // A column whose values read as dates.
    for (let i = 0; i < sniffed.headers.length; i++) {
      if (taken.has(i)) continue;
      const v = values(i);
      if (v.length && v.filter((x) => dateEvidence(x) !== 'invalid').length >= v.length * 0.9) {
        cols.date = i;
        taken.add(i);
        break;
      }
    }
  }
  if (cols.net === undefined && cols.unitPrice === undefined && cols.gross === undefined) {
    // The right-most money-looking column with decimals is usually the line amount.
    for (let i = sniffed.headers.length - 1; i >= 0; i--) {
      if (taken.has(i)) continue;
      const v = values(i);
      if (v.length && v.every((x) => looksNumeric(x)) && v.some((x) => /[.,]\d{2}\)?\s*$/.test(x))) {
        cols.net = i;
        taken.add(i);
        break;
      }
    }
  }
  return cols;
}
