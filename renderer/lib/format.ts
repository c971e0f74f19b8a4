/** Number, money and date formatting with Intl in the owner's locale and chosen currency. */
let locale: string = typeof navigator !== 'undefined' ? navigator.language || 'en-GB' : 'en-GB';
let currency = 'GBP';
const cache = new Map<string, Intl.NumberFormat>();

export function setFormatCurrency(code: string): void {
  if (code !== currency) {
    currency = code;
    cache.clear();
  }
}

export function getFormatCurrency(): string {
  return currency;
}

export function setFormatLocale(l: string): void {
  locale = l;
  cache.clear();
}

function nf(key: string, opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  let f = cache.get(key);
  if (!f) {
    try {
      f = new Intl.NumberFormat(locale, opts);
    } catch {
      f = new Intl.NumberFormat('en-GB', opts);
    }
    cache.set(key, f);
  }
  return f;
}

/** £1,234 — whole units above 1,000, pence below. */
export function money(v: number | null | undefined, opts: { cents?: boolean } = {}): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  const cents = opts.cents ?? Math.abs(v) < 1000;
  return nf(`m${cents}`, { style: 'currency', currency, minimumFractionDigits: cents ? 2 : 0, maximumFractionDigits: cents ? 2 : 0 }).format(v);
}

/** £1.2M, £340K: for axes and dense labels. */
export function moneyCompact(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return nf('mc', { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 }).format(v);
}

export function num(v: number | null | undefined, digits = 0): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return nf(`n${digits}`, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v);
}

export function numCompact(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return nf('nc', { notation: 'compact', maximumFractionDigits: 1 }).format(v);
}

export function pct(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return nf(`p${digits}`, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v);
}

/** +12.3% / −4.0%, with a real minus sign. */
export function signedPct(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return nf(`sp${digits}`, { style: 'percent', signDisplay: 'exceptZero', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v);
}

function utc(date: string): Date {
  return new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10) || '1')));
}

const df = new Map<string, Intl.DateTimeFormat>();
function dtf(key: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let f = df.get(key + locale);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', ...opts });
    df.set(key + locale, f);
  }
  return f;
}

/** 9 Dec 2011 */
export function date(d: string | null | undefined): string {
  if (!d) return '—';
  return dtf('d', { day: 'numeric', month: 'short', year: 'numeric' }).format(utc(d));
}

/** Fri 9 Dec */
export function dayShort(d: string): string {
  return dtf('ds', { weekday: 'short', day: 'numeric', month: 'short' }).format(utc(d));
}

/** Friday 9 December 2011 */
export function dayLong(d: string): string {
  return dtf('dl', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(utc(d));
}

/** 9 Dec */
export function dayMonth(d: string): string {
  return dtf('dm', { day: 'numeric', month: 'short' }).format(utc(d));
}

/** Nov 2011 */
export function monthShort(d: string): string {
  return dtf('ms', { month: 'short', year: 'numeric' }).format(utc(d.length === 7 ? `${d}-01` : d));
}

/** November 2011 */
export function monthLong(d: string): string {
  return dtf('ml', { month: 'long', year: 'numeric' }).format(utc(d.length === 7 ? `${d}-01` : d));
}

export function weekdayNames(style: 'short' | 'long' = 'short'): string[] {
  // 2024-01-01 was a Monday.
  return Array.from({ length: 7 }, (_, i) => dtf(`w${style}`, { weekday: style }).format(utc(`2024-01-0${i + 1}`)));
}

export function dateRange(from: string, to: string): string {
  if (from === to) return date(from);
  try {
    return (dtf('r', { day: 'numeric', month: 'short', year: 'numeric' }) as Intl.DateTimeFormat & { formatRange(a: Date, b: Date): string }).formatRange(utc(from), utc(to));
  } catch {
    return `${date(from)} – ${date(to)}`;
  }
}

export function relativeChange(current: number, previous: number | null | undefined): number | null {
  if (previous === null || previous === undefined || !Number.isFinite(previous) || previous === 0) return null;
  return (current - previous) / Math.abs(previous);
}
