/**
 * The report's sections and limits, with no zod: the renderer imports these
 * values, and zod in the renderer's bundle would probe for eval (a CSP violation
 * under the app's script-src 'self').
 */
/** The report's sections after the cover (with its key figures and contents), in print order. */
export const REPORT_SECTIONS = ['trend', 'products', 'customers', 'forecast', 'stock', 'anomalies', 'quality'] as const;
export type ReportSection = (typeof REPORT_SECTIONS)[number];

export const REPORT_SECTION_TITLES: Record<ReportSection, string> = {
  trend: 'Sales trend',
  products: 'Top and bottom products',
  customers: 'Customers',
  forecast: 'Forecast',
  stock: 'Stock alerts and reorders',
  anomalies: 'Anomalies',
  quality: 'Data quality',
};

/** A logo as base64 (PNG or JPEG), at most 2 MB once decoded. */
export const MAX_LOGO_BYTES = 2 * 1024 * 1024;
