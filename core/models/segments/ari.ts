/**
 * Adjusted Rand index (Hubert & Arabie 1985) between two labellings of the
 * same points: 1 for identical partitions (whatever the label numbers), about
 * 0 for chance agreement. Used to score segments against known archetypes.
 */
export function adjustedRandIndex(a: ArrayLike<number | string>, b: ArrayLike<number | string>): number {
  const n = a.length;
  if (n !== b.length) throw new RangeError('labellings differ in length');
  const pairs = (m: number) => (m * (m - 1)) / 2;
  const table = new Map<string, number>();
  const rows = new Map<number | string, number>();
  const cols = new Map<number | string, number>();
  for (let i = 0; i < n; i++) {
    const key = `${a[i]}\u0000${b[i]}`;
    table.set(key, (table.get(key) ?? 0) + 1);
    rows.set(a[i], (rows.get(a[i]) ?? 0) + 1);
    cols.set(b[i], (cols.get(b[i]) ?? 0) + 1);
  }
  let index = 0,
    sumA = 0,
    sumB = 0;
  for (const v of table.values()) index += pairs(v);
  for (const v of rows.values()) sumA += pairs(v);
  for (const v of cols.values()) sumB += pairs(v);
  const expected = (sumA * sumB) / pairs(n);
  const max = (sumA + sumB) / 2;
  return max === expected ? 1 : (index - expected) / (max - expected);
}
