/**
 * A streaming delimited-text parser. Text arrives in chunks; complete records are
 * handed out with the physical line they start on (1-based, counting the line
 * ends inside quoted fields), so a rejected row can be found in the file.
 *
 * Lenient where real exports are sloppy (a quote inside an unquoted field is
 * kept as a character), strict where sloppiness would swallow data: a field may
 * not grow beyond MAX_FIELD characters. Such a record (a quoted field that
 * closes only megabytes later, a blob with no line break) and a record holding
 * a NUL byte are not read: they go to `onBadRecord` with their line and the true
 * reason, and the records after them are read as usual. A quoted field still
 * open at the end of the file is reported as never closed.
 */

import { parseNumber, plainNumberIn } from './values.js';

export const MAX_FIELD = 1 << 20; // 1 MiB of text in one field is no sales export

/** A record that could not be read as one, with the reason for the owner. */
export interface BadRecord {
  line: number;
  reason: string;
  /** The record's first characters, for the rejects list. */
  raw: string;
}

/** A record under construction grows at most this far before it is skipped as oversized. */
const MAX_RECORD = MAX_FIELD * 4;

/** Thrown inside parse() at an oversized record; push()/end() catch it and skip the record. */
class Oversize extends Error {
  constructor(
    readonly pos: number,
    readonly line: number,
  ) {
    super(`oversized record on line ${line}`);
  }
}

/** Where the scanner is in a record it skips (one too large to read), across chunks. */
interface Skipping {
  line: number;
  inQuote: boolean;
  fieldStart: boolean;
  /** A quote ended the previous chunk inside a quoted field: "" or a closing quote, told by the next chunk. */
  pendingQuote: boolean;
  /** A CR ended the previous chunk at the record's end: a following LF belongs to it. */
  swallowLF: boolean;
  chars: number;
  quotedChars: number;
  lines: number;
  quoted: boolean;
  raw: string;
}

const mb = (chars: number) => `${Math.max(1, Math.round(chars / (1 << 20)))} MB`;

export class CsvFieldTooLarge extends Error {
  constructor(
    readonly line: number,
    readonly quoted: boolean,
  ) {
    super(
      quoted
        ? `a quoted field that starts on line ${line} is never closed (it runs past 1 MB); check for a stray " character`
        : `line ${line} holds a field larger than 1 MB; this is not a sales export`,
    );
  }
}

/**
 * One record, valid only while the sink runs (the scanner reuses it): its fields
 * are ranges of the text being parsed, and become strings only when asked.
 * An import asks for a few of a row's fields as text and reads the rest in place
 * (numbers, or a cell equal to the row above's), so most cells never become a
 * string. A record with a quoted field is made of strings from the start.
 */
export class CsvRecord {
  /** Physical line the record starts on (1-based). */
  line = 0;
  /** Number of fields. */
  count = 0;
  private text = '';
  /** start, end of each field in `text` */
  private bounds = new Int32Array(128);
  /** The fields as strings, for a record that needed unquoting; null when they are ranges. */
  private values: string[] | null = null;

  /** Field `i`, or undefined past the last field. */
  get(i: number): string | undefined {
    if (i >= this.count) return undefined;
    if (this.values !== null) return this.values[i];
    return this.text.slice(this.bounds[2 * i], this.bounds[2 * i + 1]);
  }

  /** Whether field `i` reads exactly `s`, without making a string of it. */
  equals(i: number, s: string): boolean {
    if (i >= this.count) return false;
    if (this.values !== null) return this.values[i] === s;
    const start = this.bounds[2 * i];
    const n = s.length;
    if (this.bounds[2 * i + 1] - start !== n) return false;
    // Cells are short: a loop beats a call to startsWith.
    const text = this.text;
    for (let k = 0; k < n; k++) if (text.charCodeAt(start + k) !== s.charCodeAt(k)) return false;
    return true;
  }

  /** Field `i` read as a number (parseNumber's rules), without a string in the common case. */
  number(i: number, decimalComma: boolean): number | null {
    if (i >= this.count) return null;
    if (this.values === null) {
      const v = plainNumberIn(this.text, this.bounds[2 * i], this.bounds[2 * i + 1], decimalComma);
      if (v === v) return v; // not NaN
    }
    return parseNumber(this.get(i), decimalComma);
  }

  /** Whether field `i` is empty or only blanks. */
  isBlank(i: number): boolean {
    if (i >= this.count) return true;
    if (this.values === null) {
      const start = this.bounds[2 * i];
      const end = this.bounds[2 * i + 1];
      if (start === end) return true;
      const c = this.text.charCodeAt(start); // an ASCII letter or digit first is not blank
      if (c > 32 && c < 127) return false;
    }
    return this.get(i)!.trim() === '';
  }

  toArray(): string[] {
    if (this.values !== null) return this.values.slice();
    const out: string[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.get(i)!);
    return out;
  }

  /** Makes this the record of text[start, end), a line with no quote: fields end at each delimiter. */
  setRanges(text: string, line: number, start: number, end: number, delimiter: string): void {
    this.text = text;
    this.values = null;
    this.line = line;
    let k = 0;
    let s = start;
    for (;;) {
      if (2 * k + 2 > this.bounds.length) this.grow();
      const d = text.indexOf(delimiter, s);
      this.bounds[2 * k] = s;
      k++;
      if (d === -1 || d >= end) {
        this.bounds[2 * k - 1] = end;
        break;
      }
      this.bounds[2 * k - 1] = d;
      s = d + 1;
    }
    this.count = k;
  }

  setValues(values: string[], line: number): void {
    this.values = values;
    this.count = values.length;
    this.line = line;
  }

  private grow(): void {
    const bigger = new Int32Array(this.bounds.length * 2);
    bigger.set(this.bounds);
    this.bounds = bigger;
  }
}

export type RecordSink = (record: CsvRecord) => void;

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * The streaming parser. Records go to `sink` as a CsvRecord (reused: read it
 * during the call, copy what must be kept); `CsvParser` below hands out string
 * arrays instead, for callers that keep records.
 */
export class CsvScanner {
  private rest = '';
  private line = 1; // physical line where `rest` starts
  private readonly delim: number;
  private readonly record = new CsvRecord();
  /** Set at end when the file ends inside a quoted field. */
  unterminatedQuoteLine: number | null = null;
  /** Records that are not read (oversized, or holding a NUL byte); without a handler they are dropped. */
  onBadRecord: ((bad: BadRecord) => void) | null = null;
  /** Whether any text so far held a NUL byte: only then are records checked for one. */
  private hasNul = false;
  private skip: Skipping | null = null;

  constructor(
    delimiter: string,
    private readonly sink: RecordSink,
  ) {
    this.delim = delimiter.charCodeAt(0);
  }

  push(chunk: string): void {
    if (!this.hasNul && chunk.indexOf('\0') !== -1) this.hasNul = true;
    const text = this.rest.length ? this.rest + chunk : chunk;
    this.rest = '';
    this.run(text, false);
  }

  end(): void {
    const text = this.rest;
    this.rest = '';
    if (text.length || this.skip) this.run(text, true);
    this.rest = '';
  }

  /** Parses `text`, skipping oversized records, and keeps an incomplete last record in `rest`. */
  private run(text: string, final: boolean): void {
    for (;;) {
      if (this.skip) {
        const end = this.skipOn(text, final);
        if (end === -1) return;
        text = text.slice(end);
      }
      try {
        const consumed = this.parse(text, final);
        this.rest = final ? '' : text.slice(consumed);
        // A record this long can only be a field that is never closed, or a blob: skip it as it goes.
        if (this.rest.length <= MAX_RECORD) return;
        text = this.rest;
        this.rest = '';
        this.beginSkip(text, this.line);
      } catch (e) {
        if (!(e instanceof Oversize)) throw e;
        text = text.slice(e.pos);
        this.beginSkip(text, e.line);
      }
    }
  }

  private beginSkip(text: string, line: number): void {
    this.skip = {
      line,
      inQuote: false,
      fieldStart: true,
      pendingQuote: false,
      swallowLF: false,
      chars: 0,
      quotedChars: 0,
      lines: 0,
      quoted: false,
      raw: text.slice(0, 200),
    };
  }

  /**
   * Goes on through a skipped record: returns where the next record starts in
   * `text`, or -1 when the record goes on past it (or the file ends inside it).
   * Quotes follow the parser's rules: a quote opens a field only at its start,
   * and "" inside a quoted field is a quote.
   */
  private skipOn(text: string, final: boolean): number {
    const s = this.skip!;
    const n = text.length;
    const d = this.delim;
    let i = 0;
    if (s.swallowLF) {
      s.swallowLF = false;
      if (n > 0 && text.charCodeAt(0) === LF) i = 1;
      return this.endSkip(i);
    }
    if (s.pendingQuote) {
      if (n === 0 && !final) return -1;
      s.pendingQuote = false;
      if (n > 0 && text.charCodeAt(0) === QUOTE)
        i = 1; // "" : still inside the field
      else s.inQuote = false;
    }
    while (i < n) {
      if (s.inQuote) {
        const q = text.indexOf('"', i);
        const stop = q === -1 ? n : q;
        s.lines += countLines(text, i, stop);
        s.chars += stop - i;
        s.quotedChars += stop - i;
        if (q === -1) {
          i = n;
          break;
        }
        if (q + 1 >= n) {
          if (final) {
            s.inQuote = false;
            i = n;
            break;
          }
          s.pendingQuote = true;
          return -1;
        }
        if (text.charCodeAt(q + 1) === QUOTE) {
          i = q + 2;
          s.chars += 2;
          s.quotedChars += 1;
        } else {
          s.inQuote = false;
          s.fieldStart = false;
          i = q + 1;
        }
        continue;
      }
      const c = text.charCodeAt(i);
      if (c === LF) return this.endSkip(i + 1);
      if (c === CR) {
        if (i + 1 < n) return this.endSkip(text.charCodeAt(i + 1) === LF ? i + 2 : i + 1);
        if (final) return this.endSkip(i + 1);
        s.swallowLF = true;
        return -1;
      }
      if (c === QUOTE && s.fieldStart) {
        s.inQuote = true;
        s.quoted = true;
      }
      s.fieldStart = c === d;
      s.chars++;
      i++;
    }
    if (!final) return -1;
    if (s.inQuote) {
      this.unterminatedQuoteLine = s.line;
      this.bad(
        s.line,
        `a quoted field opened on this row is never closed (it runs ${mb(s.chars)} to the end of the file); check for a stray " character`,
        s.raw,
      );
      this.skip = null;
      return -1;
    }
    return this.endSkip(n);
  }

  /** The skipped record ends before `next`: report it and go back to reading. */
  private endSkip(next: number): number {
    const s = this.skip!;
    this.skip = null;
    const reason =
      s.quoted && s.quotedChars > MAX_FIELD
        ? `the row holds a quoted field of about ${mb(s.quotedChars)} before its closing quote (a field may hold at most 1 MB): the row was not read`
        : `the row is about ${mb(s.chars)} long, with a field over 1 MB (not a sales row): it was not read`;
    this.bad(s.line, reason, s.raw);
    this.line = s.line + s.lines + 1;
    return next;
  }

  private bad(line: number, reason: string, raw: string): void {
    this.onBadRecord?.({ line, reason, raw: raw.replace(/\0/g, '\\0').slice(0, 200) });
  }

  /** Hands a finished record to the sink, or reports it when it holds a NUL byte. */
  private emit(record: CsvRecord): void {
    if (this.hasNul && this.holdsNul(record)) {
      this.bad(record.line, 'the row holds a NUL byte (binary data inside the text): it was not read', record.toArray().join(String.fromCharCode(this.delim)));
      return;
    }
    this.sink(record);
  }

  private holdsNul(record: CsvRecord): boolean {
    for (let i = 0; i < record.count; i++) if (record.get(i)!.indexOf('\0') !== -1) return true;
    return false;
  }

  /** Parses as many complete records as `text` holds; returns how many characters were used. */
  private parse(text: string, final: boolean): number {
    const n = text.length;
    const d = this.delim;
    let pos = 0; // start of the current record
    let line = this.line;
    const delimiter = String.fromCharCode(d);
    // Fast path: a record on one line with no quote and no stray CR is split natively.
    // The next quote and CR positions are found once and reused until passed.
    let nextQuote = -2;
    let nextCR = -2;
    while (pos < n) {
      const nl = text.indexOf('\n', pos);
      if (nl !== -1) {
        if (nextQuote !== -1 && nextQuote < pos) nextQuote = text.indexOf('"', pos);
        if (nextCR !== -1 && nextCR < pos) nextCR = text.indexOf('\r', pos);
        const end = nl > pos && text.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
        if ((nextQuote === -1 || nextQuote > nl) && (nextCR === -1 || nextCR >= end) && end - pos <= MAX_FIELD) {
          const start = pos;
          const recordLine = line++;
          pos = nl + 1;
          this.line = line;
          this.record.setRanges(text, recordLine, start, end, delimiter);
          this.emit(this.record);
          continue;
        }
      }
      const fields: string[] = [];
      let i = pos;
      const recordLine = line;
      let done = false;
      while (!done) {
        // one field, starting at i
        if (i < n && text.charCodeAt(i) === QUOTE) {
          let value = '';
          let j = i + 1;
          let segStart = j;
          for (;;) {
            const q = text.indexOf('"', j);
            if (q === -1) {
              if (!final) return this.keep(pos, recordLine);
              // End of file inside quotes: keep what there is, flag it.
              this.unterminatedQuoteLine = recordLine;
              value += text.slice(segStart);
              if (value.length > MAX_FIELD) throw new Oversize(pos, recordLine);
              line += countLines(text, segStart, n);
              fields.push(value);
              this.record.setValues(fields, recordLine);
              this.emit(this.record);
              this.line = line;
              return n;
            }
            if (q + 1 < n && text.charCodeAt(q + 1) === QUOTE) {
              value += text.slice(segStart, q + 1);
              j = q + 2;
              segStart = j;
              continue;
            }
            if (q + 1 >= n && !final) return this.keep(pos, recordLine);
            value += text.slice(segStart, q);
            if (value.length > MAX_FIELD) throw new Oversize(pos, recordLine);
            line += countLines(text, i, q);
            i = q + 1;
            break;
          }
          // Characters between the closing quote and the delimiter are kept (sloppy exports).
          let k = i;
          while (k < n) {
            const c = text.charCodeAt(k);
            if (c === d || c === LF || c === CR) break;
            k++;
          }
          if (k > i) value += text.slice(i, k);
          i = k;
          fields.push(value);
        } else {
          let k = i;
          while (k < n) {
            const c = text.charCodeAt(k);
            if (c === d || c === LF || c === CR) break;
            k++;
          }
          if (k - i > MAX_FIELD) throw new Oversize(pos, recordLine);
          fields.push(text.slice(i, k));
          i = k;
        }
        // after a field: delimiter, line end, or end of text
        if (i >= n) {
          if (!final) return this.keep(pos, recordLine);
          done = true;
          pos = n;
        } else {
          const c = text.charCodeAt(i);
          if (c === d) {
            i++;
            if (i >= n && final) {
              fields.push('');
              done = true;
              pos = n;
            }
          } else if (c === LF) {
            done = true;
            pos = i + 1;
            line++;
          } else {
            // CR: a CRLF pair or a lone CR (old Mac files). Wait for the next chunk to tell which.
            if (i + 1 >= n && !final) return this.keep(pos, recordLine);
            pos = text.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
            done = true;
            line++;
          }
        }
      }
      this.line = line;
      this.record.setValues(fields, recordLine);
      this.emit(this.record);
    }
    this.line = line;
    return pos;
  }

  private keep(pos: number, recordLine: number): number {
    this.line = recordLine;
    return pos;
  }
}

/** The parser for callers that keep records: each record as an array of strings, with its line. */
export class CsvParser extends CsvScanner {
  constructor(delimiter: string, sink: (fields: string[], line: number) => void) {
    super(delimiter, (r) => sink(r.toArray(), r.line));
  }
}

function countLines(text: string, from: number, to: number): number {
  let count = 0;
  let idx = text.indexOf('\n', from);
  while (idx !== -1 && idx < to) {
    count++;
    idx = text.indexOf('\n', idx + 1);
  }
  // Lone CRs inside quotes are rare enough to count as no line end.
  return count;
}
