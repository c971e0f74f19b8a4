/**
 * A small seeded pseudo-random generator, written for the sample shop.
 *
 * Why not Math.random: the sample shop must be reproducible byte for byte from
 * its seed, on every platform and Node version. Why counter-based: a stream is
 * just (key, counter), so independent streams for independent parts of the shop
 * (catalogue, customers, each store's days, the online channel) are cheap to
 * derive from labels. Changing how many numbers one part draws then never
 * shifts the numbers another part sees, which keeps the shop stable while it
 * evolves and keeps `fork` results independent of call order.
 *
 * Each output is an avalanche mix (xor-shift / odd-multiply rounds) of the
 * counter xored with the key. Two 32-bit counter words give far more than the
 * few billion draws a very large shop needs.
 */

/** 32-bit avalanche: every input bit flips about half of the output bits. */
function avalanche(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x9f3a6c2b);
  x ^= x >>> 15;
  x = Math.imul(x, 0x6b2fb6c5);
  x ^= x >>> 16;
  return x >>> 0;
}

/** A label (or a decimal seed) as a 32-bit value; stable across runs. */
export function hashLabel(label: string, salt = 0): number {
  let h = avalanche(salt ^ 0x6a09e667);
  for (let i = 0; i < label.length; i++) {
    h = avalanche((h ^ label.charCodeAt(i)) + 0x3c6ef372);
  }
  return avalanche(h ^ label.length);
}

const TWO_POW_32 = 4294967296;

export class Rng {
  private lo = 0;
  private hi = 0;
  private key: number;
  private normalSpare: number | null = null;

  /** `seed` may be any integer or string; equal seeds give equal streams. */
  constructor(
    seed: number | string,
    private readonly baseKey = hashLabel(String(seed)),
  ) {
    this.key = baseKey;
  }

  /** An independent stream named by `label`: same parent seed + label ⇒ same stream. */
  fork(label: string | number): Rng {
    return new Rng(0, hashLabel(String(label), this.baseKey));
  }

  /** Uniform 32-bit unsigned integer. */
  nextU32(): number {
    this.lo = (this.lo + 1) >>> 0;
    if (this.lo === 0) {
      // Low word wrapped: move to a fresh key so the sequence never repeats.
      this.hi = (this.hi + 1) >>> 0;
      this.key = avalanche(this.baseKey ^ avalanche(this.hi + 0x9e3779b9));
    }
    return avalanche(avalanche(this.lo ^ this.key) + this.key);
  }

  /** Uniform in [0, 1). 32 bits of resolution is plenty for simulation. */
  next(): number {
    return this.nextU32() / TWO_POW_32;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Integer in [a, b] inclusive. */
  between(a: number, b: number): number {
    return a + this.int(b - a + 1);
  }

  /** Real in [a, b). */
  uniform(a: number, b: number): number {
    return a + (b - a) * this.next();
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)];
  }

  /** Index chosen with probability proportional to its weight. */
  weightedIndex(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let u = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      u -= weights[i];
      if (u < 0) return i;
    }
    return weights.length - 1;
  }

  /** Standard normal (Box–Muller; the second value is kept for the next call). */
  normal(): number {
    if (this.normalSpare !== null) {
      const v = this.normalSpare;
      this.normalSpare = null;
      return v;
    }
    const u1 = 1 - this.next(); // (0, 1]: log is finite
    const u2 = this.next();
    const r = Math.sqrt(-2 * Math.log(u1));
    this.normalSpare = r * Math.sin(2 * Math.PI * u2);
    return r * Math.cos(2 * Math.PI * u2);
  }

  /**
   * Poisson count with mean `lambda`. Daily demand per product per store is
   * small (mostly < 30), where inversion is exact and quick; above that the
   * normal approximation is indistinguishable for a sales simulation.
   */
  poisson(lambda: number): number {
    if (!(lambda > 0)) return 0;
    if (lambda >= 40) {
      return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()));
    }
    let p = Math.exp(-lambda);
    let cumulative = p;
    const u = this.next();
    let k = 0;
    while (u > cumulative && k < 200) {
      k++;
      p *= lambda / k;
      cumulative += p;
    }
    return k;
  }

  /** In-place Fisher–Yates shuffle. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = items[i];
      items[i] = items[j]!;
      items[j] = t;
    }
    return items;
  }
}
