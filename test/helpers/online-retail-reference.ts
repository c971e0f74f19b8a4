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
 * real-data.test.ts also checks that the importer draws the same line on every code of the year;
 * the end-to-end tests' expected figures (e2e/helpers.ts) use the same classifier.
 */
const README_CODES = ['POST', 'DOT', 'M', 'B'];
const CHARGE_DESCRIPTION = /^(dotcom )?postage$|^carriage$|^manual$|^discount$|^samples$|^bank charges$|^amazon fee$|^cruk commission$|^adjust bad debt$/i;
const LINE_CHARGE = /^(adjustment|samples)$/i;

export type GoodsTest = (code: string, description: string) => boolean;

/** Every line's code and description: the classifier for them. */
export function goodsClassifier(lines: Iterable<{ code: string; description: string }>): GoodsTest {
  const described = new Map<string, boolean>(); // code -> every non-empty description so far is a charge
  for (const { code, description: raw } of lines) {
    const description = raw.trim();
    if (!description) continue;
    described.set(code, (described.get(code) ?? true) && CHARGE_DESCRIPTION.test(description));
  }
  const charges = new Set([...README_CODES, ...[...described].filter(([, all]) => all).map(([code]) => code)]);
  return (code, description) => !charges.has(code) && !LINE_CHARGE.test(description.trim());
}

/** Code and description of each line of the real file read as fields (StockCode second, Description third). */
export function codesOf(rows: ReadonlyArray<readonly string[]>): Array<{ code: string; description: string }> {
  return rows.map((f) => ({ code: f[1], description: f[2] }));
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
