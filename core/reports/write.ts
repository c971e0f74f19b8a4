/**
 * writeReport: the one path every host takes to a PDF (the CLI's `tillsight
 * report`, the API's reportExport job in a worker thread, the tests): figures
 * from core/analytics, charts from the shared builders rendered as vector SVG,
 * fonts embedded, page numbers and a linked contents list once all pages exist.
 */
import fs from 'node:fs';
import path from 'node:path';
import { REPORT_SECTION_TITLES } from '../../common/api-reports.js';
import { PRINT } from '../../common/charts/index.js';
import { createFormat } from '../../common/format.js';
import type { Db } from '../store/db.js';
import { drawContents, drawCover } from './cover.js';
import { reportData } from './data.js';
import { FONT } from './fonts.js';
import { INK, Sheet, fit } from './layout.js';
import { resolveOptions, type ReportOptions, type ResolvedOptions } from './options.js';
import { SECTION_DRAWERS } from './sections.js';

export type ReportProgress = (phase: string, done: number, total: number | null, message?: string) => void;

export interface WrittenReport {
  path: string;
  pages: number;
  bytes: number;
  options: ResolvedOptions;
}

export async function writeReport(db: Db, options: ReportOptions, outPath: string, onProgress: ReportProgress = () => {}): Promise<WrittenReport> {
  const o = resolveOptions(db, options);
  const steps = o.sections.length + 3;
  onProgress('report', 0, steps, 'Reading the figures');
  const d = reportData(db, o);
  const f = createFormat(o.locale, o.currency);
  const chart = { palette: PRINT, format: f };
  const title = `${o.shopName ? `${o.shopName} — ` : ''}Sales report, ${f.dateRange(o.from, o.to)}`;
  const sheet = new Sheet(o.paper, { Title: title, Subject: `Sales from ${o.from} to ${o.to}`, ...(o.shopName ? { Author: o.shopName } : {}) });
  const doc = sheet.doc;
  onProgress('report', 1, steps, 'Cover and key figures');
  const today = new Date().toISOString().slice(0, 10);
  const { contentsY } = drawCover(sheet, d, f, today);
  doc.outline.addItem('Cover and key figures');

  const entries: Array<{ title: string; page: number; destination: string }> = [];
  sheet.newPage();
  o.sections.forEach((s, i) => {
    onProgress('report', 2 + i, steps, REPORT_SECTION_TITLES[s]);
    const destination = `section-${s}`;
    sheet.heading(REPORT_SECTION_TITLES[s], { destination });
    entries.push({ title: REPORT_SECTION_TITLES[s], page: sheet.pageIndex() + 1, destination });
    doc.outline.addItem(REPORT_SECTION_TITLES[s]);
    SECTION_DRAWERS[s]({ sheet, d, f, chart });
    sheet.gap(10);
  });

  onProgress('report', steps - 1, steps, 'Page numbers and contents');
  doc.switchToPage(0);
  drawContents(sheet, contentsY, entries);
  const range = doc.bufferedPageRange();
  const footerLeft = `${o.shopName ? `${o.shopName} · ` : ''}Sales report · ${f.dateRange(o.from, o.to)}`;
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    sheet.inBottomMargin(() => {
      const y = sheet.pageHeight - 40;
      doc
        .moveTo(sheet.left, y - 6)
        .lineTo(sheet.left + sheet.width, y - 6)
        .lineWidth(0.5)
        .strokeColor(INK.rule)
        .stroke();
      doc.font(FONT.regular.name).fontSize(7.8).fillColor(INK.muted);
      const right = `Page ${i + 1} of ${range.count}`;
      const rw = doc.widthOfString(right);
      doc.text(fit(doc, footerLeft, sheet.width - rw - 20), sheet.left, y, { lineBreak: false });
      doc.text(right, sheet.left + sheet.width - rw, y, { lineBreak: false });
    });
  }
  const pages = range.count;

  // Written beside the target and renamed into place, so no reader ever sees half a file.
  fs.mkdirSync(path.dirname(path.resolve(outPath)), { recursive: true });
  const tmp = `${outPath}.${process.pid}.tmp`;
  await new Promise<void>((resolve, reject) => {
    const out = fs.createWriteStream(tmp);
    out.on('finish', resolve);
    out.on('error', reject);
    doc.on('error', reject);
    doc.pipe(out);
    doc.end();
  }).catch((e: unknown) => {
    fs.rmSync(tmp, { force: true });
    throw e;
  });
  fs.renameSync(tmp, outPath);
  onProgress('report', steps, steps, 'Done');
  return { path: outPath, pages, bytes: fs.statSync(outPath).size, options: o };
}
