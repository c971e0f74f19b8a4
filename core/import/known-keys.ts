/**
 * The duplicate check of an import: the content keys of the lines already on
 * each day. A day's keys are read from the database (index on date) the first
 * time the import meets that day, and the import's own lines are added as they
 * are written, so a line is new exactly when its key is not yet on its day —
 * what a unique index on (date, line_key) would say, without the cost of keeping
 * one: the plain date index takes the lines of a dated export in order, a unique
 * key index takes them at random places (see migrations.ts, version 2).
 *
 * Memory is bounded: past MAX_KEYS the least recently used days are dropped,
 * and read back (with this import's lines, which are in the database by then)
 * if they come round again. Exports are sorted by date, so that is rare.
 */
const MAX_KEYS = 2_000_000; // 16 bytes a key at most: 32 MB

/**
 * A set of 53-bit keys in a Float64Array with open addressing: no boxed number
 * and no entry object per key (a Set<number> of keys this size allocates one
 * heap number per key, which the garbage collector then has to walk).
 */
export class KeySet {
  private slots: Float64Array;
  private mask: number;
  size = 0;

  constructor(expected = 16) {
    let capacity = 32;
    while (capacity < expected * 2) capacity *= 2;
    this.slots = new Float64Array(capacity).fill(-1); // keys are >= 0
    this.mask = capacity - 1;
  }

  has(key: number): boolean {
    const slots = this.slots;
    for (let i = (key >>> 0) & this.mask; ; i = (i + 1) & this.mask) {
      const s = slots[i];
      if (s === key) return true;
      if (s === -1) return false;
    }
  }

  /** Adds a key not yet in the set. */
  add(key: number): void {
    if ((this.size + 1) * 2 > this.slots.length) this.grow();
    const slots = this.slots;
    let i = (key >>> 0) & this.mask;
    while (slots[i] !== -1) i = (i + 1) & this.mask;
    slots[i] = key;
    this.size++;
  }

  private grow(): void {
    const old = this.slots;
    const slots = (this.slots = new Float64Array(old.length * 2).fill(-1));
    const mask = (this.mask = slots.length - 1);
    for (let j = 0; j < old.length; j++) {
      const k = old[j];
      if (k === -1) continue;
      let i = (k >>> 0) & mask;
      while (slots[i] !== -1) i = (i + 1) & mask;
      slots[i] = k;
    }
  }
}

export class KnownKeys {
  private days = new Map<number, KeySet>();
  private size = 0;
  private lastDay = NaN;
  private last: KeySet | null = null;
  /** Days dropped from memory since the last clear: reading one again must see this import's own lines. */
  private readonly evicted = new Set<number>();

  /** `load` returns the stored keys of a day; `reload` is true for a day this import already had in memory. */
  constructor(
    private readonly load: (day: number, reload: boolean) => number[],
    private readonly maxKeys = MAX_KEYS,
  ) {}

  /** The keys on `day`; pass the set back to add(). */
  of(day: number): KeySet {
    if (day === this.lastDay) return this.last!;
    let keys = this.days.get(day);
    if (keys) {
      // Most recently used last: Map iteration order is the eviction order.
      this.days.delete(day);
      this.days.set(day, keys);
    } else {
      const stored = this.load(day, this.evicted.has(day));
      // Sized for the day before's lines as well: days of one shop are alike, and growing rehashes.
      keys = new KeySet(stored.length + (this.last?.size ?? 0));
      for (const k of stored) if (!keys.has(k)) keys.add(k);
      this.days.set(day, keys);
      this.size += keys.size;
      this.evict(day);
    }
    this.lastDay = day;
    this.last = keys;
    return keys;
  }

  /** Records a key that `keys.has` just said is new. */
  add(keys: KeySet, key: number): void {
    keys.add(key);
    if (++this.size > this.maxKeys) this.evict(this.lastDay);
  }

  /** Forget everything (the lines' dates were rewritten). */
  clear(): void {
    this.days.clear();
    this.evicted.clear();
    this.size = 0;
    this.lastDay = NaN;
    this.last = null;
  }

  private evict(keep: number): void {
    for (const [day, keys] of this.days) {
      if (this.size <= this.maxKeys) break;
      if (day === keep) continue;
      this.days.delete(day);
      this.evicted.add(day);
      this.size -= keys.size;
    }
  }
}
