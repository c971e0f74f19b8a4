/**
 * A plain reading of the real Online Retail CSV for the integration tests: it shares no code with
 * the importer, so the figures the tests expect come from outside the code under test.
 */

/** The dataset's own non-product codes (postage, fees, manual and bad-debt adjustments, samples), as its README describes them. */
export const ONLINE_RETAIL_NON_PRODUCT = new Set(['POST', 'DOT', 'M', 'm', 'BANK CHARGES', 'AMAZONFEE', 'B', 'CRUK', 'D', 'S', 'C2']);

/** Goods, not postage, fees or adjustments: the codes above, and "adjustment"/"samples" lines under product codes. */
export function isOnlineRetailGoods(code: string, description: string): boolean {
  return !ONLINE_RETAIL_NON_PRODUCT.has(code) && !/^(adjustment|samples)$/i.test(description.trim());
}

/** One CSV line split on commas outside double quotes ("" inside quotes is a quote). */
export function splitCsvLine(line: string): string[] {
  const f: string[] = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') {
      if (q && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else q = !q;
    } else if (c === ',' && !q) {
      f.push(cur);
      cur = '';
    } else cur += c;
  }
  f.push(cur);
  return f;
}
