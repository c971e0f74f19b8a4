/** Owner settings kept in this browser profile (localStorage): theme and currency. */
export type ThemeChoice = 'light' | 'dark' | 'system';

const KEY_THEME = 'tillsight.theme';
const KEY_CURRENCY = 'tillsight.currency';

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    /* storage disabled: the setting lasts for this session only */
  }
}

export function getThemeChoice(): ThemeChoice {
  const v = read(KEY_THEME);
  return v === 'light' || v === 'dark' ? v : 'system';
}

export function setThemeChoice(t: ThemeChoice): void {
  write(KEY_THEME, t === 'system' ? null : t);
}

export function systemPrefersDark(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
}

export function resolveTheme(t: ThemeChoice): 'light' | 'dark' {
  return t === 'system' ? (systemPrefersDark() ? 'dark' : 'light') : t;
}

/** The currency the owner chose; null means "use the one the data suggests". */
export function getCurrencyChoice(): string | null {
  const v = read(KEY_CURRENCY);
  return v && /^[A-Z]{3}$/.test(v) ? v : null;
}

export function setCurrencyChoice(code: string | null): void {
  write(KEY_CURRENCY, code);
}

/** GBP or USD when neither the owner nor the data says. */
export function fallbackCurrency(locale = navigator.language): string {
  return /-US$|^en-US/i.test(locale) ? 'USD' : /-(CA)$/i.test(locale) ? 'CAD' : 'GBP';
}

export const CURRENCIES = [
  'GBP',
  'USD',
  'EUR',
  'CAD',
  'AUD',
  'NZD',
  'CHF',
  'SEK',
  'NOK',
  'DKK',
  'PLN',
  'CZK',
  'JPY',
  'INR',
  'ZAR',
  'SGD',
  'HKD',
  'BRL',
  'MXN',
  'ILS',
  'ISK',
];

/** What the Export PDF dialog remembers between exports (the period is chosen afresh each time). */
export interface ReportSettings {
  shopName: string;
  /** The logo as a data: URL (PNG or JPEG). */
  logo: string | null;
  sections: string[] | null;
  paper: 'a4' | 'letter' | null;
}

const KEY_REPORT = 'tillsight.report';

export function getReportSettings(): ReportSettings {
  const empty: ReportSettings = { shopName: '', logo: null, sections: null, paper: null };
  try {
    const v = JSON.parse(read(KEY_REPORT) ?? 'null') as Partial<ReportSettings> | null;
    if (!v || typeof v !== 'object') return empty;
    return {
      shopName: typeof v.shopName === 'string' ? v.shopName : '',
      logo: typeof v.logo === 'string' && v.logo.startsWith('data:image/') ? v.logo : null,
      sections: Array.isArray(v.sections) ? v.sections.filter((s): s is string => typeof s === 'string') : null,
      paper: v.paper === 'a4' || v.paper === 'letter' ? v.paper : null,
    };
  } catch {
    return empty;
  }
}

export function setReportSettings(s: ReportSettings): void {
  write(KEY_REPORT, JSON.stringify(s));
}

/** Letter where the owner's locale uses it (the US and Canada), A4 elsewhere. */
export function defaultPaper(locale = navigator.language): 'a4' | 'letter' {
  return /-(US|CA)$/i.test(locale) ? 'letter' : 'a4';
}
