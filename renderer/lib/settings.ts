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

export const CURRENCIES = ['GBP', 'USD', 'EUR', 'CAD', 'AUD', 'NZD', 'CHF', 'SEK', 'NOK', 'DKK', 'PLN', 'CZK', 'JPY', 'INR', 'ZAR', 'SGD', 'HKD', 'BRL', 'MXN', 'ILS', 'ISK'];
