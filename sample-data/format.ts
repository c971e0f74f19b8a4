/** How values are spelled in the exports. Money is kept in integer cents throughout. */

/** 1234567 → `1,234,567` (written out rather than locale-dependent toLocaleString). */
function groupThousands(n: number): string {
  const digits = String(n);
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ',';
    out += digits[i];
  }
  return out;
}

/** Square: `$8.00`, `-$7.00`, `$1,234.56`. */
export function squareMoney(cents: number): string {
  const neg = cents < 0;
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100);
  const frac = abs % 100;
  const wholeText = groupThousands(whole);
  return `${neg ? '-' : ''}$${wholeText}.${frac < 10 ? '0' : ''}${frac}`;
}

/** Shopify: plain `42.11`, `-3.50`. */
export function plainMoney(cents: number): string {
  const neg = cents < 0;
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100);
  const frac = abs % 100;
  return `${neg ? '-' : ''}${whole}.${frac < 10 ? '0' : ''}${frac}`;
}

/** Square quantities carry one decimal: `1.0`, `-2.0`. */
export function squareQty(q: number): string {
  return Number.isInteger(q) ? `${q}.0` : String(q);
}

/** RFC 4180 quoting: only when the value needs it, as spreadsheet exports do. */
export function csvField(value: string): string {
  if (value === '') return value;
  if (/[",\r\n]/.test(value) || value.startsWith(' ') || value.endsWith(' ')) return `"${value.replace(/"/g, '""')}"`;
  return value;
}

export function csvRow(values: readonly string[]): string {
  let s = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) s += ',';
    s += csvField(values[i]);
  }
  return s + '\n';
}

/** Round half away from zero, in cents. */
export function roundCents(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}
