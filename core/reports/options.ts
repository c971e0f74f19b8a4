/**
 * A report's options as the core uses them: the request (CLI flags or the API's
 * input) with the period, sections, paper, locale and currency settled.
 */
import { REPORT_SECTIONS, MAX_LOGO_BYTES, type ReportRequest, type ReportSection } from '../../common/api-reports.js';
import { addMonths, dataRange } from '../analytics/periods.js';
import { dashboardMeta } from '../analytics/meta.js';
import type { Db } from '../store/db.js';

export type Paper = 'a4' | 'letter';

export interface ReportOptions {
  from?: string;
  to?: string;
  sections?: readonly ReportSection[];
  paper?: Paper;
  locale?: string;
  currency?: string;
  shopName?: string;
  /** PNG or JPEG bytes. */
  logo?: Uint8Array;
}

export interface ResolvedOptions {
  from: string;
  to: string;
  sections: ReportSection[];
  paper: Paper;
  locale: string;
  currency: string;
  shopName: string | null;
  logo: Uint8Array | null;
}

export class ReportRefused extends Error {}

/**
 * Without dates, the report covers the last twelve months of data: from the
 * first day of the month eleven months before the latest sale, to that sale.
 */
export function resolveOptions(db: Db, o: ReportOptions): ResolvedOptions {
  const range = dataRange(db);
  if (!range) throw new ReportRefused('there are no sales to report on yet: import a sales export first');
  const to = o.to ?? range.last;
  const from = o.from ?? maxIso(range.first, addMonths(`${to.slice(0, 7)}-01`, -11));
  if (from > to) throw new ReportRefused(`the period starts (${from}) after it ends (${to})`);
  if (o.logo) checkLogo(o.logo);
  const wanted = new Set(o.sections ?? REPORT_SECTIONS);
  return {
    from,
    to,
    sections: REPORT_SECTIONS.filter((s) => wanted.has(s)),
    paper: o.paper ?? 'a4',
    locale: o.locale ?? 'en-GB',
    currency: o.currency ?? dashboardMeta(db).currency ?? 'GBP',
    shopName: o.shopName?.trim() || null,
    logo: o.logo ?? null,
  };
}

function maxIso(a: string, b: string): string {
  return a > b ? a : b;
}

/** pdfkit draws PNG and JPEG images only. */
export function checkLogo(bytes: Uint8Array): void {
  if (bytes.length > MAX_LOGO_BYTES) throw new ReportRefused('the logo is larger than 2 MB');
  const png = bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8;
  if (!png && !jpeg) throw new ReportRefused('the logo must be a PNG or JPEG image');
}

/** The request's logo, decoded from base64 (the API's form). */
export function optionsFromRequest(r: ReportRequest): ReportOptions {
  const { logoBase64, ...rest } = r;
  const logo = logoBase64 ? Buffer.from(logoBase64.replace(/^data:image\/\w+;base64,/, ''), 'base64') : undefined;
  return { ...dropUndefined(rest), ...(logo ? { logo: new Uint8Array(logo) } : {}) };
}

function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
