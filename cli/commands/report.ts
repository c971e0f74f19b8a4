import fs from 'node:fs';
import { REPORT_SECTIONS, type ReportSection } from '../../common/api-reports.js';
import { dbOption, parse, type Command } from '../command.js';
import { openCliDb } from '../db.js';
import { UserError } from '../errors.js';

const ISO = /^\d{4}-\d{2}-\d{2}$/;

export const reportCommand: Command = {
  usage:
    'report [--db PATH] [--from DATE] [--to DATE] [--sections a,b] [--paper a4|letter] [--locale L] [--currency C] [--shop NAME] [--logo PNG] --out FILE.pdf',
  summary: 'a PDF report of a period: key figures, trend, products, customers, forecast, stock, anomalies, data quality',
  help: `
Options:
  --from, --to   the period, as YYYY-MM-DD (default: the last 12 months of data, from the 1st of the month)
  --sections     which sections after the cover, comma-separated, in any order (default: all):
                 ${REPORT_SECTIONS.join(', ')}
  --paper        a4 (default) or letter
  --locale       numbers and dates, e.g. en-GB (default), en-US, de-DE, fr-FR, ru-RU
  --currency     ISO code, e.g. GBP (default: the one the data suggests)
  --shop         the shop's name on the cover and in the footers
  --logo         a PNG or JPEG for the cover
  --out          where to write the PDF (required)
`,
  async run(args) {
    const { values } = parse(args, {
      ...dbOption,
      from: { type: 'string' },
      to: { type: 'string' },
      sections: { type: 'string' },
      paper: { type: 'string' },
      locale: { type: 'string' },
      currency: { type: 'string' },
      shop: { type: 'string' },
      logo: { type: 'string' },
      out: { type: 'string' },
      quiet: { type: 'boolean', default: false },
    });
    if (!values.out) throw new UserError('--out FILE.pdf is required', 2);
    for (const k of ['from', 'to'] as const) if (values[k] !== undefined && !ISO.test(values[k])) throw new UserError(`--${k} must be a date as YYYY-MM-DD`, 2);
    if (values.paper !== undefined && values.paper !== 'a4' && values.paper !== 'letter') throw new UserError('--paper must be a4 or letter', 2);
    if (values.currency !== undefined && !/^[A-Z]{3}$/.test(values.currency)) throw new UserError('--currency must be an ISO code such as GBP', 2);
    let sections: ReportSection[] | undefined;
    if (values.sections !== undefined) {
      const names = values.sections
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const bad = names.filter((n) => !(REPORT_SECTIONS as readonly string[]).includes(n));
      if (bad.length || !names.length)
        throw new UserError(`unknown section${bad.length > 1 ? 's' : ''} ${bad.join(', ') || '(none given)'}: choose from ${REPORT_SECTIONS.join(', ')}`, 2);
      sections = names as ReportSection[];
    }
    let logo: Uint8Array | undefined;
    if (values.logo !== undefined) {
      try {
        logo = new Uint8Array(fs.readFileSync(values.logo));
      } catch (e) {
        throw new UserError(`cannot read the logo ${values.logo}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    const { writeReport } = await import('../../core/reports/write.js');
    const { ReportRefused } = await import('../../core/reports/options.js');
    const { db } = openCliDb(values.db, { mustExist: true });
    try {
      const r = await writeReport(
        db,
        {
          ...(values.from ? { from: values.from } : {}),
          ...(values.to ? { to: values.to } : {}),
          ...(sections ? { sections } : {}),
          ...(values.paper ? { paper: values.paper } : {}),
          ...(values.locale ? { locale: values.locale } : {}),
          ...(values.currency ? { currency: values.currency } : {}),
          ...(values.shop ? { shopName: values.shop } : {}),
          ...(logo ? { logo } : {}),
        },
        values.out,
      );
      if (!values.quiet) process.stdout.write(`${r.path}: ${r.pages} pages, ${(r.bytes / 1024).toFixed(0)} KB, ${r.options.from} to ${r.options.to}\n`);
      return 0;
    } catch (e) {
      if (e instanceof ReportRefused) throw new UserError(e.message);
      throw e;
    } finally {
      db.close();
    }
  },
};
