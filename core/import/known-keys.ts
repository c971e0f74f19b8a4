/**
 * The duplicate check of an import: the content keys of the lines already on
 * each day. A day's keys are read from the database (index on date) the first
 * time the import meets that day, and the import's own lines are added as they
 * are written, so a line is new exactly when its key is not yet on its day —
 * what a unique index on (date, line_key) would say, without the cost of keeping
 * one: the plain date index takes the lines of a dated export in order, a unique
 * key index takes them at random places (see bench/import.ts and the README).
 *
 * Memory is bounded: past MAX_KEYS the least recently used days are dropped,
 * and read back (with this import's lines, which are in the database by then)
 * if they come round again. Exports are sorted by date, so that is rare.
 */
const MAX_KEYS = 1_000_000; // ~40 MB of keys

export class KnownKeys {
  private days = new Map<number, Set<number>>();
  private size = 0;
  private lastDay = NaN;
  private last: Set<number> | null = null;

  constructor(
    private readonly load: (day: number) => number[],
    private readonly maxKeys = MAX_KEYS,
  ) {}

  /** The keys on `day`; pass the set back to add(). */
  of(day: number): Set<number> {
    if (day === this.lastDay) return this.last!;
    let keys = this.days.get(day);
    if (keys) {
      // Most recently used last: Map iteration order is the eviction order.
      this.days.delete(day);
      this.days.set(day, keys);
    } else {
      keys = new Set(this.load(day));
      this.days.set(day, keys);
      this.size += keys.size;
      this.evict(day);
    }
    this.lastDay = day;
    this.last = keys;
    return keys;
  }

  add(keys: Set<number>, key: number): void {
    keys.add(key);
    if (++this.size > this.maxKeys) this.evict(this.lastDay);
  }

  /** Forget everything (the lines' dates were rewritten). */
  clear(): void {
    this.days.clear();
    this.size = 0;
    this.lastDay = NaN;
    this.last = null;
  }

  private evict(keep: number): void {
    for (const [day, keys] of this.days) {
      if (this.size <= this.maxKeys) break;
      if (day === keep) continue;
      this.days.delete(day);
      this.size -= keys.size;
    }
  }
}
