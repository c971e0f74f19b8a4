/**
 * Page layout for the PDF: paper sizes, the type scale, and a Sheet that flows
 * headings, paragraphs, tables and charts down the page, starting a new page
 * when the next block would not fit. Pages are buffered (bufferPages) so the
 * footers ("page 3 of 9") and the contents list are written once all pages exist.
 */
import PDFDocument from 'pdfkit';
import type { ChartOption } from '../../common/charts/index.js';
import { drawSvg, renderChartSvg } from './charts.js';
import { FONT } from './fonts.js';
import type { Paper } from './options.js';

export const PAPER: Record<Paper, { size: string; width: number; height: number; label: string }> = {
  a4: { size: 'A4', width: 595.28, height: 841.89, label: 'A4' },
  letter: { size: 'LETTER', width: 612, height: 792, label: 'US Letter' },
};

export const INK = {
  text: '#111827',
  muted: '#4b5563',
  faint: '#9ca3af',
  rule: '#d1d5db',
  zebra: '#f3f6f8',
  accent: '#0f766e',
  positive: '#15803d',
  negative: '#b91c1c',
};
const MARGIN = { top: 56, bottom: 60, side: 50 };
const CHART_SCALE = 0.76;

export interface Column {
  header: string;
  /** Share of the table's width. */
  width: number;
  align?: 'left' | 'right';
}

export interface Cell {
  text: string;
  color?: string;
  bold?: boolean;
}

export class Sheet {
  readonly doc: PDFKit.PDFDocument;
  readonly left = MARGIN.side;
  readonly width: number;
  readonly bottom: number;
  readonly pageHeight: number;
  readonly pageWidth: number;

  constructor(paper: Paper, info: { Title: string; Author?: string; Subject?: string }) {
    const p = PAPER[paper];
    this.doc = new PDFDocument({
      size: p.size,
      bufferPages: true,
      autoFirstPage: true,
      margins: { top: MARGIN.top, bottom: MARGIN.bottom, left: MARGIN.side, right: MARGIN.side },
      info: { ...info, Creator: 'Tillsight', Producer: 'Tillsight (pdfkit)' },
      lang: 'en',
      displayTitle: true,
      pdfVersion: '1.7',
    });
    for (const f of Object.values(FONT)) this.doc.registerFont(f.name, f.file);
    this.doc.font(FONT.regular.name);
    this.pageWidth = p.width;
    this.pageHeight = p.height;
    this.width = p.width - 2 * MARGIN.side;
    this.bottom = p.height - MARGIN.bottom;
  }

  get y(): number {
    return this.doc.y;
  }

  set y(v: number) {
    this.doc.y = v;
  }

  /** Starts a new page unless `height` points still fit on this one. */
  ensure(height: number): void {
    if (this.doc.y + height > this.bottom) this.newPage();
  }

  newPage(): void {
    this.doc.addPage();
    this.doc.x = this.left;
    this.doc.y = MARGIN.top;
  }

  pageIndex(): number {
    const r = this.doc.bufferedPageRange();
    return r.start + r.count - 1;
  }

  gap(h: number): void {
    this.doc.y += h;
  }

  /** A section heading, kept with at least `keep` points of what follows. */
  heading(text: string, opts: { keep?: number; destination?: string } = {}): void {
    this.ensure(34 + (opts.keep ?? 120));
    if (opts.destination) this.doc.addNamedDestination(opts.destination);
    this.doc.font(FONT.bold.name).fontSize(17).fillColor(INK.text).text(text, this.left, this.doc.y, { width: this.width });
    const y = this.doc.y + 3;
    this.doc
      .moveTo(this.left, y)
      .lineTo(this.left + this.width, y)
      .lineWidth(1.2)
      .strokeColor(INK.accent)
      .stroke();
    this.doc.y = y + 10;
  }

  subheading(text: string, keep = 64): void {
    this.ensure(22 + keep);
    this.doc.font(FONT.bold.name).fontSize(11.5).fillColor(INK.text).text(text, this.left, this.doc.y, { width: this.width });
    this.doc.y += 4;
  }

  paragraph(text: string, opts: { color?: string; size?: number; bold?: boolean; after?: number } = {}): void {
    const size = opts.size ?? 9.5;
    this.doc.font(opts.bold ? FONT.bold.name : FONT.regular.name).fontSize(size);
    this.ensure(this.doc.heightOfString(text, { width: this.width, lineGap: 2 }) + 4);
    this.doc.fillColor(opts.color ?? INK.text).text(text, this.left, this.doc.y, { width: this.width, lineGap: 2 });
    this.doc.y += opts.after ?? 6;
  }

  bullets(items: string[], color: string = INK.text): void {
    for (const item of items) {
      this.doc.font(FONT.regular.name).fontSize(9.5);
      const h = this.doc.heightOfString(item, { width: this.width - 14, lineGap: 2 });
      this.ensure(h + 4);
      const y = this.doc.y;
      this.doc.fillColor(INK.accent).text('•', this.left + 2, y, { width: 10, lineBreak: false });
      this.doc.fillColor(color).text(item, this.left + 14, y, { width: this.width - 14, lineGap: 2 });
      this.doc.y += 3;
    }
  }

  /**
   * A table: bold header with a rule, one line per row (long text ends in …),
   * light zebra stripes; the header is repeated when the table runs onto a new page.
   */
  table(columns: Column[], rows: Array<Array<string | Cell>>, opts: { size?: number; rowHeight?: number; totalRow?: boolean } = {}): void {
    const size = opts.size ?? 8.6;
    const rowH = opts.rowHeight ?? size + 7.4;
    const total = columns.reduce((s, c) => s + c.width, 0);
    const widths = columns.map((c) => (c.width / total) * this.width);
    const xs = widths.map((_, i) => this.left + widths.slice(0, i).reduce((s, w) => s + w, 0));
    const pad = 4;
    const drawHeader = () => {
      const y = this.doc.y;
      this.doc
        .font(FONT.bold.name)
        .fontSize(size - 0.4)
        .fillColor(INK.muted);
      columns.forEach((c, i) =>
        this.doc.text(c.header, xs[i] + pad, y + 2, { width: widths[i] - 2 * pad, align: c.align ?? 'left', height: rowH, ellipsis: true, lineBreak: false }),
      );
      const ry = y + rowH;
      this.doc
        .moveTo(this.left, ry)
        .lineTo(this.left + this.width, ry)
        .lineWidth(0.8)
        .strokeColor(INK.faint)
        .stroke();
      this.doc.y = ry + 1;
    };
    this.ensure(rowH * Math.min(rows.length + 1, 4));
    drawHeader();
    rows.forEach((row, r) => {
      if (this.doc.y + rowH > this.bottom) {
        this.newPage();
        drawHeader();
      }
      const y = this.doc.y;
      const isTotal = opts.totalRow && r === rows.length - 1;
      if (isTotal)
        this.doc
          .moveTo(this.left, y)
          .lineTo(this.left + this.width, y)
          .lineWidth(0.8)
          .strokeColor(INK.faint)
          .stroke();
      else if (r % 2 === 1) this.doc.rect(this.left, y, this.width, rowH).fill(INK.zebra);
      row.forEach((cell, i) => {
        const c: Cell = typeof cell === 'string' ? { text: cell } : cell;
        this.doc
          .font(c.bold || isTotal ? FONT.bold.name : FONT.regular.name)
          .fontSize(size)
          .fillColor(c.color ?? INK.text)
          .text(fit(this.doc, c.text, widths[i] - 2 * pad), xs[i] + pad, y + 3.2, {
            width: widths[i] - 2 * pad,
            align: columns[i].align ?? 'left',
            lineBreak: false,
          });
      });
      this.doc.y = y + rowH;
    });
    this.doc.x = this.left;
    this.doc.y += 8;
  }

  /**
   * A chart from a shared builder, as vector paths, the content's width wide.
   * Drawn at CHART_SCALE of the size ECharts lays it out for, so its 12 px labels
   * print at about 9 pt, like the tables, with the layout the screen would give.
   */
  chart(option: ChartOption, height: number, width = this.width, x = this.left): void {
    this.ensure(height + 6);
    const y = this.doc.y;
    const svgWidth = Math.round(width / CHART_SCALE);
    drawSvg(this.doc, renderChartSvg(option, svgWidth, Math.round(height / CHART_SCALE)), svgWidth, x, y, width);
    this.doc.x = this.left;
    this.doc.y = y + height + 8;
  }

  /** Text in the margin below the page's bottom line (pdfkit would start a new page for it otherwise). */
  inBottomMargin(draw: () => void): void {
    const margins = this.doc.page.margins;
    const saved = margins.bottom;
    margins.bottom = 0;
    try {
      draw();
    } finally {
      margins.bottom = saved;
    }
  }
}

/** The text cut with an ellipsis so it fits on one line of `width` points in the current font. */
export function fit(doc: PDFKit.PDFDocument, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (doc.widthOfString(text.slice(0, mid) + '…') <= width) lo = mid;
    else hi = mid - 1;
  }
  return text.slice(0, lo).trimEnd() + '…';
}

/** A quiet box with a sentence in it: what a section says when it has nothing to show. */
export function note(sheet: Sheet, text: string): void {
  const doc = sheet.doc;
  doc.font(FONT.regular.name).fontSize(9.5);
  const h = doc.heightOfString(text, { width: sheet.width - 24, lineGap: 2 }) + 16;
  sheet.ensure(h + 6);
  const y = sheet.y;
  doc.roundedRect(sheet.left, y, sheet.width, h, 4).fill(INK.zebra);
  doc.rect(sheet.left, y, 3, h).fill(INK.accent);
  doc.fillColor(INK.muted).text(text, sheet.left + 14, y + 8, { width: sheet.width - 24, lineGap: 2 });
  sheet.y = y + h + 10;
}

/** Charts side by side, each an equal share of the width. */
export function chartRow(sheet: Sheet, options: ChartOption[], height: number): void {
  const gap = 16;
  const w = (sheet.width - gap * (options.length - 1)) / options.length;
  sheet.ensure(height + 6);
  const y = sheet.y;
  options.forEach((o, i) => {
    sheet.y = y;
    sheet.chart(o, height, w, sheet.left + i * (w + gap));
  });
  sheet.y = y + height + 8;
}
