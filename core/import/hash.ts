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

// A sibling of contentKey fed piece by piece, without building the joined
// string (the import's hot path). Keys of sales lines come from here only.
let laneA = 0;
let laneB = 0;
let length = 0;
let pieces = 0;

export function keyStart(): void {
  laneA = 0x811c9dc5;
  laneB = 0;
  length = 0;
  pieces = 0;
}

export function keyAdd(piece: string): void {
  // The lanes are copied into locals for the loop: a module-level binding is a
  // memory load and store per character, a local stays in a register.
  let a = laneA;
  let b = laneB;
  if (pieces++ > 0) {
    a = Math.imul(a ^ 0x1f, 0x01000193);
    b = Math.imul(b ^ 0x1f, 0x5bd1e995);
    b ^= b >>> 15;
  }
  for (let i = 0; i < piece.length; i++) {
    const c = piece.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  laneA = a;
  laneB = b;
  length += piece.length;
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** Feeds a number by its 64 bits (no number-to-text conversion on the hot path); null as its own marker. */
export function keyAddNumber(v: number | null): void {
  if (pieces++ > 0) mix(0x1f);
  if (v === null) {
    mix(0x2205);
    return;
  }
  f64[0] = v === 0 ? 0 : v; // -0 and 0 are one value
  mix(u32[0]);
  mix(u32[1]);
  length += 8;
}

function mix(c: number): void {
  laneA = Math.imul(laneA ^ c, 0x01000193);
  laneB = Math.imul(laneB ^ c, 0x5bd1e995);
  laneB ^= laneB >>> 15;
}

/** Finishes the key; `salt` > 0 tells apart identical rows within one receipt. */
export function keyEnd(salt: number): number {
  let a = laneA;
  let b = laneB;
  if (salt) {
    a = Math.imul(a ^ salt, 0x01000193);
    b = Math.imul(b ^ salt, 0x5bd1e995);
  }
  a = avalanche(a);
  b = avalanche(b ^ 0x9747b28c ^ (length + pieces) ^ a);
  return (b & 0x1fffff) * 0x100000000 + (a >>> 0);
}
