/**
 * The PDF report's API: what an owner chooses in the Export PDF dialog (or on
 * the command line), and what comes back. The PDF is written by the core into
 * its own reports folder and fetched by id; a client never names a path.
 */
import { z } from 'zod';
import { MAX_LOGO_BYTES, REPORT_SECTIONS } from './report-sections.js';

export { MAX_LOGO_BYTES, REPORT_SECTIONS, REPORT_SECTION_TITLES, type ReportSection } from './report-sections.js';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

export const ReportRequest = z.object({
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  sections: z.array(z.enum(REPORT_SECTIONS)).min(1).optional(),
  paper: z.enum(['a4', 'letter']).optional(),
  /** BCP 47 locale for numbers and dates, e.g. en-GB, de-DE, ru-RU. */
  locale: z.string().max(40).optional(),
  /** ISO 4217 code; default: the one the data suggests. */
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'expected a currency code such as GBP')
    .optional(),
  shopName: z.string().max(120).optional(),
  logoBase64: z
    .string()
    .max(Math.ceil((MAX_LOGO_BYTES * 4) / 3) + 4)
    .optional(),
});
export type ReportRequest = z.infer<typeof ReportRequest>;

export const reportInputs = {
  reportExport: ReportRequest.extend({ taskId: z.string().max(64).optional() }),
} as const satisfies Record<string, z.ZodType>;

export interface ReportExport {
  /** Fetch the file with GET /api/download/<downloadId> (serve) or the host's save dialog (Electron). */
  downloadId: string;
  fileName: string;
  bytes: number;
  pages: number;
}

export interface ReportOutputs {
  reportExport: ReportExport;
}
