/**
 * A streaming delimited-text parser. Text arrives in chunks; complete records are
 * handed out with the physical line they start on (1-based, counting the line
 * ends inside quoted fields), so a rejected row can be found in the file.
 *
 * Lenient where real exports are sloppy (a quote inside an unquoted field is
 * kept as a character), strict where sloppiness would swallow data: a quoted
 * field may not grow beyond MAX_FIELD characters, which is how an unterminated
 * quote shows itself in a large file.
 */

export const MAX_FIELD = 1 << 20; // 1 MiB of text in one field is no sales export

export class CsvFieldTooLarge extends Error {
  constructor(readonly line: number, readonly quoted: boolean) {
    super(
      quoted
        ? `a quoted field that starts on line ${line} is never closed (it runs past 1 MB); check for a stray " character`
        : `line ${line} holds a field larger than 1 MB; this is not a sales export`,
    );
  }
}

export type RecordSink = (fields: string[], line: number) => void;

const QUOTE = 34;
const LF = 10;
const CR = 13;

export class CsvParser {
  private rest = '';
  private line = 1; // physical line where `rest` starts
  private readonly delim: number;
  /** Set at end when the file ends inside a quoted field. */
  unterminatedQuoteLine: number | null = null;

  constructor(delimiter: string, private readonly sink: RecordSink) {
    this.delim = delimiter.charCodeAt(0);
  }

  push(chunk: string): void {
    const text = this.rest.length ? this.rest + chunk : chunk;
    const consumed = this.parse(text, false);
    this.rest = text.slice(consumed);
    if (this.rest.length > MAX_FIELD * 4) {
      // A record that long can only be an unterminated quote or a binary blob.
      throw new CsvFieldTooLarge(this.line, this.rest.charCodeAt(0) === QUOTE || this.rest.includes('"'));
    }
  }

  end(): void {
    if (this.rest.length) this.parse(this.rest, true);
    this.rest = '';
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
          this.sink(text.slice(start, end).split(delimiter), recordLine);
          continue;
        }
      }
      const fields: string[] = [];
      let i = pos;
      let recordLine = line;
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
              line += countLines(text, segStart, n);
              if (value.length > MAX_FIELD) throw new CsvFieldTooLarge(recordLine, true);
              fields.push(value);
              this.sink(fields, recordLine);
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
            line += countLines(text, i, q);
            if (value.length > MAX_FIELD) throw new CsvFieldTooLarge(recordLine, true);
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
          if (k - i > MAX_FIELD) throw new CsvFieldTooLarge(recordLine, false);
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
      this.sink(fields, recordLine);
    }
    this.line = line;
    return pos;
  }

  private keep(pos: number, recordLine: number): number {
    this.line = recordLine;
    return pos;
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
