/** Identifiers that look like the real ones (shape only; all drawn from the seed). */
import type { Rng } from './rng.js';

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const BASE32 = 'ABCDEFGHJKMNPQRSTVWXYZ0123456789';

/** Square transaction/payment ids are opaque base62 strings of about 20–28 characters. */
export function squareId(rng: Rng, length = 26): string {
  let s = '';
  for (let i = 0; i < length; i++) s += BASE62[rng.int(62)];
  return s;
}

/** Square item tokens are upper-case base32, 26 characters. */
export function squareToken(rng: Rng): string {
  let s = '';
  for (let i = 0; i < 26; i++) s += BASE32[rng.int(32)];
  return s;
}

export function customerId(n: number): string {
  return `CUST-${String(n).padStart(6, '0')}`;
}

/** A valid ISBN-13 in the 978-1 range (check digit computed, not drawn). */
export function isbn13(rng: Rng): string {
  let digits = '9781';
  for (let i = 0; i < 8; i++) digits += String(rng.int(10));
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(digits[i]) * (i % 2 === 0 ? 1 : 3);
  return digits + String((10 - (sum % 10)) % 10);
}
