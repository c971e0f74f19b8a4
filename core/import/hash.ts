/**
 * A 53-bit content hash (a safe JavaScript integer, stored as SQLite INTEGER):
 * the de-duplication key of a line. Two independent 32-bit lanes (FNV-1a and a
 * multiply-xorshift lane), each finished with an avalanche step, so that similar
 * rows land far apart. At 5 million lines the chance of any collision is ~0.1 %.
 */
export function contentKey(text: string): number {
  let a = 0x811c9dc5;
  let b = 0x9747b28c ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  a = avalanche(a);
  b = avalanche(b ^ a);
  return (b & 0x1fffff) * 0x100000000 + (a >>> 0);
}

function avalanche(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}
