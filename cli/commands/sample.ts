import { parse, type Command } from '../command.js';
import { UserError } from '../errors.js';
import { DEFAULT_DAYS, DEFAULT_SEED } from '../../sample-data/plan.js';

const HELP = `
Writes a sample shop ("Juniper & Ink", a café-bookshop-gift shop) as real POS exports
plus truth.json, the ground truth behind them. Same seed and options, same bytes.

Options:
  --out DIR    directory to write into (created if missing; files there are overwritten)
  --seed N     seed (default ${DEFAULT_SEED}); another seed gives another shop
  --days N     length of the history in days, ending 2025-12-31 (default ${DEFAULT_DAYS})
  --lines N    about N sales lines in total: the same shop with more locations
               (Square Location column); rows are streamed to disk, so millions are fine
  --json       print the summary as JSON

Files: products.csv, square-items.csv, shopify-orders.csv, stock-counts.csv,
stock-receipts.csv, truth.json. Import them with "tillsight import".
`;

function wholeNumber(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) throw new UserError(`--${name} must be a whole number, got "${value}"`, 2);
  return Number(value);
}

export const sampleCommand: Command = {
  usage: 'sample --out DIR [--seed N] [--days N] [--lines N]',
  summary: 'write a sample shop’s POS exports and its ground truth',
  help: HELP,
  async run(args) {
    const { values } = parse(args, {
      out: { type: 'string' },
      seed: { type: 'string' },
      days: { type: 'string' },
      lines: { type: 'string' },
      json: { type: 'boolean', default: false },
    });
    if (!values.out) throw new UserError('--out DIR is required', 2);
    const seed = wholeNumber('seed', values.seed);
    const days = wholeNumber('days', values.days);
    const lines = wholeNumber('lines', values.lines);
    const started = Date.now();
    const tty = process.stderr.isTTY && !values.json;
    let lastShown = 0;
    let result;
    try {
      const { generateSampleShop } = await import('../../sample-data/generator.js'); // loaded only for this command
      result = await generateSampleShop({
        out: values.out,
        seed,
        days,
        lines,
        onProgress(done, total) {
          const now = Date.now();
          if (tty && (now - lastShown > 200 || done === total)) {
            lastShown = now;
            process.stderr.write(`\rsimulating day ${done} of ${total}…`);
          }
        },
      });
    } catch (e) {
      if (e instanceof RangeError) throw new UserError(e.message, 2);
      if (e instanceof Error && 'code' in e && typeof e.code === 'string' && /^E(ACCES|NOENT|NOTDIR|EXIST|ROFS|NOSPC)$/.test(e.code)) {
        throw new UserError(`cannot write to ${values.out}: ${e.message}`);
      }
      throw e;
    }
    if (tty) process.stderr.write('\n');
    const seconds = (Date.now() - started) / 1000;
    if (values.json) {
      process.stdout.write(JSON.stringify({ ...result, seconds }, null, 2) + '\n');
      return 0;
    }
    process.stdout.write(
      `Sample shop (seed ${result.seed}) ${result.from} … ${result.to}, ${result.locations} location${result.locations === 1 ? '' : 's'}: ` +
        `${result.lines.toLocaleString('en-US')} sales lines in ${seconds.toFixed(1)} s\n`,
    );
    for (const f of result.files) {
      process.stdout.write(
        `  ${f.name.padEnd(22)} ${f.rows ? `${f.rows.toLocaleString('en-US').padStart(11)} rows` : ''.padStart(16)}  ${(f.bytes / 1048576).toFixed(1).padStart(8)} MiB\n`,
      );
    }
    process.stdout.write(`Written to ${result.dir}\n`);
    return 0;
  },
};
