/**
 * The fonts embedded in every report: DejaVu Sans (from the dejavu-fonts-ttf
 * package), which covers Latin with accents, Greek and Cyrillic, so a product
 * called "Чайник" or "Crème brûlée" prints as itself. PDF's standard fonts
 * cover Latin-1 only, and svg-to-pdfkit silently drops what they cannot draw.
 */
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const DIR = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');

export const FONT = {
  regular: { name: 'DejaVuSans', file: path.join(DIR, 'DejaVuSans.ttf') },
  bold: { name: 'DejaVuSans-Bold', file: path.join(DIR, 'DejaVuSans-Bold.ttf') },
} as const;

/** The font family name charts ask for (ECharts writes it into the SVG; the fontCallback maps it back). */
export const CHART_FONT_FAMILY = 'DejaVu Sans';

/** svg-to-pdfkit's font callback: bold text to the bold face, everything else to the regular one. */
export function chartFont(_family: string, bold: boolean): string {
  return bold ? FONT.bold.name : FONT.regular.name;
}
