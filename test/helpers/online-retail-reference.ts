/**
 * A plain reading of the real Online Retail CSV for the integration tests: it shares no code with
 * the importer, so the figures the tests expect come from outside the code under test.
 */

/**
 * Which lines are goods, worked out from the data itself rather than from a list of codes
 * (the importer keeps its own list, core/import/rows.ts; this must not be a copy of it):
 *  - the codes ../shared/data/README.md names for postage, manual and bad-debt adjustments;
 *  - any other code whose every non-empty description says it is a charge or an adjustment
 *    ("CARRIAGE", "Discount", "SAMPLES", "Bank Charges", "AMAZON FEE", "CRUK Commission", "Manual");
 *  - and any line whose own description is "adjustment" or "samples", under whatever code.
 * real-data.test.ts also checks that the importer draws the same line on every code of the year.
 */
const README_CODES = ['POST', 'DOT', 'M', 'B'];
const CHARGE_DESCRIPTION = /^(dotcom )?postage$|^carriage$|^manual$|^discount$|^samples$|^bank charges$|^amazon fee$|^cruk commission$|^adjust bad debt$/i;
const LINE_CHARGE = /^(adjustment|samples)$/i;

export type GoodsTest = (code: string, description: string) => boolean;

/** Fields of every line (StockCode second, Description third), header left out: the classifier for them. */
export function goodsClassifier(rows: ReadonlyArray<readonly string[]>): GoodsTest {
  const described = new Map<string, boolean>(); // code -> every non-empty description so far is a charge
  for (const f of rows) {
    const description = f[2].trim();
    if (!description) continue;
    described.set(f[1], (described.get(f[1]) ?? true) && CHARGE_DESCRIPTION.test(description));
  }
  const charges = new Set([...README_CODES, ...[...described].filter(([, all]) => all).map(([code]) => code)]);
  return (code, description) => !charges.has(code) && !LINE_CHARGE.test(description.trim());
}

/** The real file's lines as fields, without the header (Latin-1, CRLF, as the data README says). */
export function readOnlineRetailRows(text: string): string[][] {
  return text
    .split('\r\n')
    .slice(1)
    .filter((l) => l.length)
    .map(splitCsvLine);
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
