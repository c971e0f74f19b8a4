/**
 * Number, money and date formatting in the owner's locale and chosen currency:
 * the screen's current Format (common/format.ts, shared with the PDF report),
 * re-made when the currency or locale changes, and its functions by name.
 */
import { createFormat, relativeChange, type Format } from '../../common/format.js';

let locale: string = typeof navigator !== 'undefined' ? navigator.language || 'en-GB' : 'en-GB';
let current: Format = createFormat(locale, 'GBP');

export { relativeChange };

export function setFormatCurrency(code: string): void {
  if (code !== current.currency) current = createFormat(locale, code);
}

export function getFormatCurrency(): string {
  return current.currency;
}

export function setFormatLocale(l: string): void {
  locale = l;
  current = createFormat(l, current.currency);
}

export function getFormatLocale(): string {
  return current.locale;
}

/** The current Format itself, for the shared chart builders (common/charts). */
export function currentFormat(): Format {
  return current;
}

export const money: Format['money'] = (v, opts) => current.money(v, opts);
export const moneyCompact: Format['moneyCompact'] = (v) => current.moneyCompact(v);
export const num: Format['num'] = (v, digits) => current.num(v, digits);
export const numCompact: Format['numCompact'] = (v) => current.numCompact(v);
export const pct: Format['pct'] = (v, digits) => current.pct(v, digits);
export const signedPct: Format['signedPct'] = (v, digits) => current.signedPct(v, digits);
export const date: Format['date'] = (d) => current.date(d);
export const dayShort: Format['dayShort'] = (d) => current.dayShort(d);
export const dayLong: Format['dayLong'] = (d) => current.dayLong(d);
export const dayMonth: Format['dayMonth'] = (d) => current.dayMonth(d);
export const monthShort: Format['monthShort'] = (d) => current.monthShort(d);
export const monthLong: Format['monthLong'] = (d) => current.monthLong(d);
export const weekdayNames: Format['weekdayNames'] = (style) => current.weekdayNames(style);
export const dateRange: Format['dateRange'] = (from, to) => current.dateRange(from, to);
