/**
 * One plain sentence per anomaly, in the owner's terms:
 *   "Tue 14 Jun: £4,210, about 3× a normal Tuesday in June; 61% of it from 2 orders"
 * Pure string building; English, like the rest of the app's sentences.
 */

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const SYMBOLS: Record<string, string> = { GBP: '£', USD: '$', EUR: '€', JPY: '¥', INR: '₹', AUD: 'A$', CAD: 'C$', NZD: 'NZ$', HKD: 'HK$', SGD: 'S$' };

function parts(iso: string) {
  const d = new Date(`${iso}T00:00:00Z`);
  return { weekday: (d.getUTCDay() + 6) % 7, day: d.getUTCDate(), month: d.getUTCMonth() };
}

/** "Tue 14 Jun". */
export function shortDate(iso: string): string {
  const p = parts(iso);
  return `${WEEKDAYS[p.weekday].slice(0, 3)} ${p.day} ${MONTHS[p.month].slice(0, 3)}`;
}

function grouped(x: number, decimals: number): string {
  const [whole, frac] = Math.abs(x).toFixed(decimals).split('.');
  return `${x < 0 ? '−' : ''}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${frac ? `.${frac}` : ''}`;
}

/** "£4,210" (whole units from 100 up), "£12.50" below, "4,210" when the currency is unknown. */
export function money(x: number, currency: string | null, exact = false): string {
  const s = grouped(x, exact || Math.abs(x) < 100 ? 2 : 0);
  if (!currency) return s;
  const sym = SYMBOLS[currency];
  const neg = s.startsWith('−');
  const body = neg ? s.slice(1) : s;
  return `${neg ? '−' : ''}${sym ?? `${currency} `}${body}`;
}

/** A count: "3", "1,250", "2.5". */
export function count(x: number): string {
  return Number.isInteger(x) ? grouped(x, 0) : grouped(x, Math.abs(x) < 10 ? 1 : 0);
}

/** How far actual is from expected, in words: "about 3×", "about 40% more than", "about a quarter of". */
export function ratioWords(actual: number, expected: number): string {
  if (!(expected > 0)) return 'far from';
  const r = actual / expected;
  if (r >= 1.95) return `about ${r >= 10 ? Math.round(r) : Math.round(r * 2) / 2}×`;
  if (r >= 1) return `${Math.round((r - 1) * 100)}% more than`;
  if (r <= 0) return 'nothing like';
  if (Math.abs(r - 0.5) < 0.05) return 'about half of';
  if (Math.abs(r - 0.25) < 0.04) return 'about a quarter of';
  return `${Math.round(r * 100)}% of`;
}

/** The shop's day. `topOrders` = the day's largest orders, largest first. */
export function explainDay(a: { date: string; expected: number; actual: number; currency: string | null; topOrders: number[] }): string {
  const p = parts(a.date);
  let s = `${shortDate(a.date)}: ${money(a.actual, a.currency)}, ${ratioWords(a.actual, a.expected)} a normal ${WEEKDAYS[p.weekday]} in ${MONTHS[p.month]}`;
  if (a.actual > a.expected && a.actual > 0) {
    // Say so when a few orders make most of the day: a wholesale order, not a busy shop.
    let sum = 0;
    for (let k = 0; k < a.topOrders.length; k++) {
      sum += a.topOrders[k];
      if (sum / a.actual >= 0.5) {
        s += `; ${Math.round((100 * sum) / a.actual)}% of it from ${k === 0 ? 'one order' : `${k + 1} orders`}`;
        break;
      }
    }
  } else if (a.actual < a.expected) {
    s += ` (${money(a.expected, a.currency)} expected)`;
  }
  return s;
}

export function productLabel(p: { sku: string | null; name: string }): string {
  return p.sku && p.sku !== p.name ? `${p.name} (${p.sku})` : p.name;
}

/** A product's day: "Thu 13 Jun: 112 × Latte (CAF-005), about 40× its usual 3 a day; 2 orders". */
export function explainProductDay(a: {
  date: string;
  product: { sku: string | null; name: string };
  expected: number;
  actual: number;
  orders: number;
}): string {
  return `${shortDate(a.date)}: ${count(a.actual)} × ${productLabel(a.product)}, ${ratioWords(a.actual, a.expected)} its usual ${count(Math.round(a.expected * 10) / 10)} on a day it sells; ${a.orders === 1 ? 'one order' : `${count(a.orders)} orders`}`;
}

/** The day's refunds: "Fri 18 Jul: refunds of $412, 31% of the day's sales (usually 2%)". */
export function explainRefundDay(a: { date: string; returns: number; share: number; usualShare: number; currency: string | null }): string {
  return `${shortDate(a.date)}: refunds of ${money(a.returns, a.currency)}, ${Math.round(a.share * 100)}% of the day's sales (usually ${pct(a.usualShare)})`;
}

/** A product's refunds: "Fri 18 Jul: 24 refunds of Ceramic Mug (GFT-001), $372, about 20× what it usually sells in a day". */
export function explainProductRefunds(a: {
  date: string;
  product: { sku: string | null; name: string };
  returns: number;
  lines: number;
  usualDay: number;
  currency: string | null;
}): string {
  const what = a.lines > 1 ? `${count(a.lines)} refunds of ${productLabel(a.product)}` : `a refund of ${productLabel(a.product)}`;
  return `${shortDate(a.date)}: ${what}, ${money(a.returns, a.currency)}, ${ratioWords(a.returns, a.usualDay)} what it usually sells in a day`;
}

/** A single line: "Thu 13 Jun: Latte (CAF-005) rung up as quantity 100 (usually 1), receipt 1042". */
export function explainLine(a: {
  date: string;
  product: { sku: string | null; name: string };
  aboutPrice: boolean;
  expected: number;
  actual: number;
  quantity: number;
  unitPrice: number;
  receipt: string | null;
  currency: string | null;
}): string {
  const where = a.receipt ? `, receipt ${a.receipt}` : '';
  if (a.aboutPrice) {
    return `${shortDate(a.date)}: ${productLabel(a.product)} at ${money(a.actual, a.currency, true)} each (usually ${money(a.expected, a.currency, true)}), ${count(a.quantity)} sold${where}`;
  }
  return `${shortDate(a.date)}: ${productLabel(a.product)} rung up as quantity ${count(a.actual)} (usually ${count(Math.round(a.expected * 10) / 10)}) at ${money(a.unitPrice, a.currency, true)} each${where}`;
}

function pct(x: number): string {
  const p = x * 100;
  return `${p < 1 && p > 0 ? p.toFixed(1) : Math.round(p)}%`;
}
