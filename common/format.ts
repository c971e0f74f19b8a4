/**
 * Number, money and date formatting with Intl, for one locale and currency.
 * Pure (no DOM, no Node): the renderer formats the screen with it and the PDF
 * report formats paper with it, so both write "£1,234" or "1 234 €" the same way.
 * Dates are 'YYYY-MM-DD' strings read as UTC, so no time zone can move a day.
 */
export interface Format {
  readonly locale: string;
  readonly currency: string;
  /** £1,234 — whole units above 1,000, pence below. */
  money(v: number | null | undefined, opts?: { cents?: boolean }): string;
  /** £1.2M, £340K: for axes and dense labels. */
  moneyCompact(v: number | null | undefined): string;
  num(v: number | null | undefined, digits?: number): string;
  numCompact(v: number | null | undefined): string;
  pct(v: number | null | undefined, digits?: number): string;
  /** +12.3% / −4.0%, with a real minus sign. */
  signedPct(v: number | null | undefined, digits?: number): string;
  /** 9 Dec 2011 */
  date(d: string | null | undefined): string;
  /** Fri 9 Dec */
  dayShort(d: string): string;
  /** Friday 9 December 2011 */
  dayLong(d: string): string;
  /** 9 Dec */
  dayMonth(d: string): string;
  /** Nov 2011 */
  monthShort(d: string): string;
  /** November 2011 */
  monthLong(d: string): string;
  weekdayNames(style?: 'short' | 'long'): string[];
  dateRange(from: string, to: string): string;
}

const FALLBACK_LOCALE = 'en-GB';

function utc(date: string): Date {
  return new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10) || '1')));
}

const finite = (v: number | null | undefined): v is number => v !== null && v !== undefined && Number.isFinite(v);

/** A locale Intl accepts: the one asked for when it is valid, else en-GB. */
export function supportedLocale(locale: string | undefined): string {
  if (!locale) return FALLBACK_LOCALE;
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? FALLBACK_LOCALE;
  } catch {
    return FALLBACK_LOCALE;
  }
}

export function createFormat(localeWanted: string, currency: string): Format {
  const locale = supportedLocale(localeWanted);
  const numbers = new Map<string, Intl.NumberFormat>();
  const nf = (key: string, opts: Intl.NumberFormatOptions): Intl.NumberFormat => {
    let f = numbers.get(key);
    if (!f) {
      try {
        f = new Intl.NumberFormat(locale, opts);
      } catch {
        f = new Intl.NumberFormat(FALLBACK_LOCALE, opts);
      }
      numbers.set(key, f);
    }
    return f;
  };
  const dates = new Map<string, Intl.DateTimeFormat>();
  const dtf = (key: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat => {
    let f = dates.get(key);
    if (!f) {
      f = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', ...opts });
      dates.set(key, f);
    }
    return f;
  };
  const date = (d: string | null | undefined) => (d ? dtf('d', { day: 'numeric', month: 'short', year: 'numeric' }).format(utc(d)) : '—');
  const month = (d: string) => utc(d.length === 7 ? `${d}-01` : d);
  return {
    locale,
    currency,
    money(v, opts = {}) {
      if (!finite(v)) return '—';
      const cents = opts.cents ?? Math.abs(v) < 1000;
      return nf(`m${cents}`, { style: 'currency', currency, minimumFractionDigits: cents ? 2 : 0, maximumFractionDigits: cents ? 2 : 0 }).format(v);
    },
    moneyCompact(v) {
      return finite(v) ? nf('mc', { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 }).format(v) : '—';
    },
    num(v, digits = 0) {
      return finite(v) ? nf(`n${digits}`, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v) : '—';
    },
    numCompact(v) {
      return finite(v) ? nf('nc', { notation: 'compact', maximumFractionDigits: 1 }).format(v) : '—';
    },
    pct(v, digits = 1) {
      return finite(v) ? nf(`p${digits}`, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v) : '—';
    },
    signedPct(v, digits = 1) {
      return finite(v)
        ? nf(`sp${digits}`, { style: 'percent', signDisplay: 'exceptZero', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v)
        : '—';
    },
    date,
    dayShort: (d) => dtf('ds', { weekday: 'short', day: 'numeric', month: 'short' }).format(utc(d)),
    dayLong: (d) => dtf('dl', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(utc(d)),
    dayMonth: (d) => dtf('dm', { day: 'numeric', month: 'short' }).format(utc(d)),
    monthShort: (d) => dtf('ms', { month: 'short', year: 'numeric' }).format(month(d)),
    monthLong: (d) => dtf('ml', { month: 'long', year: 'numeric' }).format(month(d)),
    // 2024-01-01 was a Monday.
    weekdayNames: (style = 'short') => Array.from({ length: 7 }, (_, i) => dtf(`w${style}`, { weekday: style }).format(utc(`2024-01-0${i + 1}`))),
    dateRange(from, to) {
      if (from === to) return date(from);
      try {
        return (dtf('r', { day: 'numeric', month: 'short', year: 'numeric' }) as Intl.DateTimeFormat & { formatRange(a: Date, b: Date): string }).formatRange(
          utc(from),
          utc(to),
        );
      } catch {
        return `${date(from)} – ${date(to)}`;
      }
    },
  };
}

export function relativeChange(current: number, previous: number | null | undefined): number | null {
  if (previous === null || previous === undefined || !Number.isFinite(previous) || previous === 0) return null;
  return (current - previous) / Math.abs(previous);
}
