/**
 * Reading the values of a cell: money and quantities in every format the POS
 * exports use, and dates whose day/month order is decided by the whole column.
 */

export type DateOrder = 'MDY' | 'DMY' | 'YMD';

// ---------------------------------------------------------------- numbers

const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;

/**
 * Parses money or a quantity. Returns null for an empty cell (which is not 0)
 * and NaN for text that is not a number.
 * Accepts `$1,234.56`, `-$7.00`, `($33.62)`, `1.234,56` (decimal comma),
 * `1 234,56`, `12.50-`, `£3`, `EUR 4,20`, trailing spaces.
 */
export function parseNumber(raw: string | undefined, decimalComma: boolean): number | null {
  if (raw === undefined) return null;
  const plain = plainNumber(raw, decimalComma);
  if (plain === plain) return plain; // not NaN
  if (PLAIN_NUMBER.test(raw)) return decimalComma && raw.includes('.') && /\.\d{3}$/.test(raw) ? Number(raw.replace('.', '')) : Number(raw);
  let s = raw.trim();
  if (s === '') return null;
  let negative = false;
  if (s.startsWith('(') && s.endsWith(')')) {
    negative = true;
    s = s.slice(1, -1).trim();
  }
  if (s.startsWith('-') || s.startsWith('\u2212')) {
    negative = !negative;
    s = s.slice(1);
  } else if (s.endsWith('-')) {
    negative = !negative;
    s = s.slice(0, -1);
  } else if (s.startsWith('+')) s = s.slice(1);
  // Currency symbols and codes, before or after: $ £ € ¥ kr, USD, EUR …
  s = s.replace(/^[^\d\-.,]+/, '').replace(/[^\d.,]+$/, '');
  if (s.startsWith('-')) {
    negative = !negative;
    s = s.slice(1);
  }
  if (s === '' || !/^[\d.,' \u00a0\u202f]+$/.test(s)) return NaN;
  s = s.replace(/[' \u00a0\u202f]/g, '');
  if (decimalComma) s = s.replace(/\./g, '').replace(',', '.');
  else s = s.replace(/,/g, '');
  if (!/^\d*\.?\d+$|^\d+\.$/.test(s)) return NaN;
  const v = Number(s);
  return negative ? -v : v;
}

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * The common case of parseNumber, `-?digits(.digits)?` with at most 15 digits,
 * read without a regular expression; NaN for anything else (the caller goes the
 * general way). Digits as an integer divided by an exact power of ten is one
 * correctly rounded operation, so the result is exactly Number(raw).
 */
function plainNumber(raw: string, decimalComma: boolean): number {
  return plainNumberIn(raw, 0, raw.length, decimalComma);
}

/** plainNumber of text[start, end): a cell read in place, with no string made for it. */
export function plainNumberIn(text: string, start: number, end: number, decimalComma: boolean): number {
  let i = start;
  let negative = false;
  if (end > i && text.charCodeAt(i) === 45) {
    negative = true;
    i++;
  }
  let m = 0;
  let digits = 0;
  let decimals = -1; // -1: no point seen
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
      if (decimals >= 0) decimals++;
    } else if (c === 46 && decimals < 0 && digits > 0) decimals = 0;
    else return NaN;
  }
  if (digits === 0 || decimals === 0 || digits > 15) return NaN;
  // With a decimal comma, `1.234` is a thousands separator: 1234.
  const v = decimals < 0 || (decimalComma && decimals === 3) ? m : m / POW10[decimals];
  return negative ? -v : v;
}

/**
 * Decides whether a file writes decimals with a comma, from sample cells of its
 * numeric columns: `1,50` / `1.234,56` vote comma, `1.50` / `1,234.56` vote dot.
 */
export function inferDecimalComma(samples: string[]): boolean {
  let comma = 0;
  let dot = 0;
  for (const raw of samples) {
    const s = raw.trim();
    if (!s) continue;
    if (/,\d{1,2}\)?\s*(?:[^\d\s]+)?$/.test(s) || /\.\d{3},\d/.test(s)) comma++;
    else if (/\.\d{1,2}\)?\s*(?:[^\d\s]+)?$/.test(s) || /,\d{3}\.\d/.test(s) || /\.\d{4,}$/.test(s)) dot++;
  }
  return comma > dot;
}

// ------------------------------------------------------------------ dates

export interface ParsedDate {
  date: string; // YYYY-MM-DD
  day: number; // YYYYMMDD
  /** Seconds after midnight, or null when the cell has no time. */
  seconds: number | null;
}

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
  january: 1,
  february: 2,
  march: 3,
  april: 4,
  june: 6,
  july: 7,
  august: 8,
  september: 9,
  october: 10,
  november: 11,
  december: 12,
  // a few common non-English abbreviations (SumUp, Zettle exports follow the account's language)
  mär: 3,
  mrz: 3,
  mai: 5,
  okt: 10,
  dez: 12,
  janv: 1,
  févr: 2,
  fev: 2,
  avr: 4,
  juil: 7,
  août: 8,
  aou: 8,
  déc: 12,
  ene: 1,
  abr: 4,
  ago: 8,
  dic: 12,
};

const NUMERIC_DATE = /^\s*(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})(?:[T\s,]+(.*))?$/;
const DAY_MONTHNAME = /^\s*(\d{1,2})[\s/.-]+([A-Za-zÀ-ÿ]{3,9})\.?[\s/.,-]+(\d{2,4})(?:[T\s,]+(.*))?$/;
const MONTHNAME_DAY = /^\s*(?:[A-Za-z]{3,9},?\s+)?([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:[T\s,]+(.*))?$/;
const TIME = /^(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?:[.,]\d+)?\s*([AaPp])?\.?(?:[Mm]\.?)?(?:\s*(.*))?$/;
const TIME_ZONE_REST = /^(?:Z|UTC|GMT|[+-]\d{2}:?\d{2}|[A-Z]{2,5}|[+-]\d{1,2}|\(?[A-Za-z][\w\s&()./+-]*\)?)?$/;

interface Pieces {
  a: number;
  b: number;
  c: number;
  aLen: number;
  cLen: number;
  monthName: 'none' | 'b' | 'a';
  rest: string | undefined;
}

function split(raw: string): Pieces | null {
  let m = NUMERIC_DATE.exec(raw);
  if (m) return { a: +m[1], b: +m[2], c: +m[3], aLen: m[1].length, cLen: m[3].length, monthName: 'none', rest: m[4] };
  m = DAY_MONTHNAME.exec(raw);
  if (m) {
    const mon = MONTHS[m[2].toLowerCase()];
    if (!mon) return null;
    return { a: +m[1], b: mon, c: +m[3], aLen: m[1].length, cLen: m[3].length, monthName: 'b', rest: m[4] };
  }
  m = MONTHNAME_DAY.exec(raw);
  if (m) {
    const mon = MONTHS[m[1].toLowerCase()];
    if (!mon) return null;
    return { a: mon, b: +m[2], c: +m[3], aLen: 2, cLen: 4, monthName: 'a', rest: m[4] };
  }
  return null;
}

/** What one value says about the column's day/month order. */
export function dateEvidence(raw: string): DateOrder | 'ambiguous' | 'fixed' | 'invalid' {
  const p = split(raw);
  if (!p) return 'invalid';
  if (p.monthName !== 'none' || p.aLen === 4) return 'fixed';
  if (p.a > 12 && p.b <= 12) return 'DMY';
  if (p.b > 12 && p.a <= 12) return 'MDY';
  if (p.a > 31 || p.b > 31) return 'invalid';
  return 'ambiguous';
}

function fullYear(y: number, len: number): number {
  if (len > 2) return y;
  return y < 70 ? 2000 + y : 1900 + y;
}

function daysIn(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

const pad2 = (n: number) => (n < 10 ? '0' + n : String(n));

/**
 * Parses a date (with an optional time and an ignored time zone: dates are kept
 * as the shop's wall-clock date, as the POS wrote it). Returns null when the
 * value cannot be a date under `order`.
 */
export function parseDate(raw: string, order: DateOrder): ParsedDate | null {
  const p = split(raw);
  if (!p) return null;
  let y: number, mo: number, d: number;
  if (p.monthName === 'b') [d, mo, y] = [p.a, p.b, fullYear(p.c, p.cLen)];
  else if (p.monthName === 'a') [mo, d, y] = [p.a, p.b, p.c];
  else if (p.aLen === 4 || order === 'YMD') [y, mo, d] = [fullYear(p.a, p.aLen), p.b, p.c];
  else if (order === 'DMY') [d, mo, y] = [p.a, p.b, fullYear(p.c, p.cLen)];
  else [mo, d, y] = [p.a, p.b, fullYear(p.c, p.cLen)];
  if (y < 1970 || y > 2100 || mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo)) return null;
  let seconds: number | null = null;
  if (p.rest !== undefined && p.rest.trim() !== '') {
    const t = TIME.exec(p.rest.trim());
    if (t) {
      let h = +t[1];
      const mi = +t[2];
      const s = t[3] ? +t[3] : 0;
      const ampm = t[4]?.toLowerCase();
      if (ampm) {
        if (h < 1 || h > 12) return null;
        if (ampm === 'p' && h < 12) h += 12;
        if (ampm === 'a' && h === 12) h = 0;
      }
      if (h > 23 || mi > 59 || s > 59) return null;
      if (t[5] && !TIME_ZONE_REST.test(t[5].trim())) return null;
      seconds = h * 3600 + mi * 60 + s;
    } else if (!TIME_ZONE_REST.test(p.rest.trim())) return null;
  }
  return { date: `${y}-${pad2(mo)}-${pad2(d)}`, day: y * 10000 + mo * 100 + d, seconds };
}

/** Parses a time-only cell (`12:59:30`, `1:33 PM`) into seconds after midnight. */
export function parseTime(raw: string): number | null {
  const t = TIME.exec(raw.trim());
  if (!t) return null;
  let h = +t[1];
  const ampm = t[4]?.toLowerCase();
  if (ampm === 'p' && h < 12) h += 12;
  if (ampm === 'a' && h === 12) h = 0;
  const mi = +t[2];
  const s = t[3] ? +t[3] : 0;
  if (h > 23 || mi > 59 || s > 59) return null;
  return h * 3600 + mi * 60 + s;
}

/**
 * A date column being read. The day/month order is decided by the column: by
 * the caller's choice, or by the first value that can only be read one way.
 * Until then values are read with a provisional order; when a later value
 * proves it wrong, `onOrderOverturned` lets the importer swap the day and
 * month of the rows it already wrote (they were all ambiguous, so the swap is exact).
 */
export class DateColumn {
  order: DateOrder;
  decided: boolean;
  private cache = new Map<string, ParsedDate | null>();

  constructor(
    provisional: DateOrder,
    decided: boolean,
    private readonly onOrderOverturned: (newOrder: DateOrder) => void,
  ) {
    this.order = provisional;
    this.decided = decided;
  }

  /** The last cell read: consecutive rows of a receipt carry the same date. */
  private lastRaw: string | null = null;
  private lastParsed: ParsedDate | null = null;

  /** Returns the date, or an error reason. */
  read(raw: string): ParsedDate | string {
    if (raw === this.lastRaw) return this.lastParsed!;
    const parsed = this.readUncached(raw);
    if (typeof parsed !== 'string') {
      this.lastRaw = raw;
      this.lastParsed = parsed;
    }
    return parsed;
  }

  private readUncached(raw: string): ParsedDate | string {
    const cached = this.cache.get(raw);
    if (cached !== undefined) return cached ?? this.reason(raw);
    if (!this.decided) {
      const ev = dateEvidence(raw);
      if (ev === 'MDY' || ev === 'DMY') {
        this.decided = true;
        if (ev !== this.order) {
          this.order = ev;
          this.cache.clear();
          this.lastRaw = null;
          this.onOrderOverturned(ev);
        }
      }
    }
    const parsed = parseDate(raw, this.order);
    if (this.cache.size > 100_000) this.cache.clear(); // bounded memory
    this.cache.set(raw, parsed);
    return parsed ?? this.reason(raw);
  }

  private reason(raw: string): string {
    const shown = raw.length > 40 ? raw.slice(0, 40) + '…' : raw;
    if (raw.trim() === '') return 'the date is empty';
    const ev = dateEvidence(raw);
    if (this.decided && (ev === 'MDY' || ev === 'DMY') && ev !== this.order) {
      return `date "${shown}" does not fit the ${this.order === 'DMY' ? 'day/month' : 'month/day'} order of the rest of the column`;
    }
    return `"${shown}" is not a date`;
  }
}

/** Decides a column's order from a sample of its values: evidence, else the given default. */
export function inferDateOrder(values: string[], fallback: DateOrder): { order: DateOrder; decided: boolean; readable: number } {
  let mdy = 0;
  let dmy = 0;
  let readable = 0;
  for (const v of values) {
    const ev = dateEvidence(v);
    if (ev === 'invalid') continue;
    readable++;
    if (ev === 'MDY') mdy++;
    else if (ev === 'DMY') dmy++;
  }
  if (dmy > mdy) return { order: 'DMY', decided: true, readable };
  if (mdy > dmy) return { order: 'MDY', decided: true, readable };
  return { order: fallback, decided: false, readable };
}
