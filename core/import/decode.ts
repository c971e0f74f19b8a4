/**
 * Turning a file's bytes into text before any parsing: the encoding is decided
 * from the first bytes (BOMs, NUL patterns, UTF-8 validity), and files that are
 * clearly not text tables are refused with a sentence saying what they are.
 */
import { TextDecoder } from 'node:util';
import { ImportRefused } from './errors.js';

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface EncodingGuess {
  encoding: Encoding;
  /** Bytes of byte-order mark to skip. */
  bom: number;
  label: string;
}

const MAGIC: Array<[number[], string]> = [
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive (an .xlsx spreadsheet is one): save it as CSV from your spreadsheet or POS and import that'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document, not a sales export: export the data as CSV instead'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image, not a sales export'],
  [[0xff, 0xd8, 0xff], 'a JPEG image, not a sales export'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image, not a sales export'],
  [[0x1f, 0x8b], 'a gzip-compressed file: decompress it first'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'an old Excel (.xls) or Office file: save it as CSV and import that'],
  [[0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], 'an SQLite database, not a sales export'],
  [[0x7f, 0x45, 0x4c, 0x46], 'a program (binary), not a sales export'],
];

function startsWith(head: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => head[i] === b);
}

/** Decides the encoding from the head of the file, or refuses a file that isn't text. */
export function detectEncoding(head: Uint8Array): EncodingGuess {
  if (head.length === 0) throw new ImportRefused('the file is empty');
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: 3, label: 'UTF-8 (BOM)' };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: 2, label: 'UTF-16LE' };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: 2, label: 'UTF-16BE' };
  for (const [magic, what] of MAGIC) if (startsWith(head, magic)) throw new ImportRefused(`this is ${what}`);

  // UTF-16 without a BOM: ASCII text leaves every other byte zero.
  const n = Math.min(head.length, 4096);
  let zeroEven = 0;
  let zeroOdd = 0;
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = head[i];
    if (b === 0) {
      if (i % 2 === 0) zeroEven++;
      else zeroOdd++;
    } else if (b < 9 || (b > 13 && b < 32 && b !== 27)) control++;
  }
  if (zeroOdd > n * 0.3 && zeroEven < n * 0.05) return { encoding: 'utf-16le', bom: 0, label: 'UTF-16LE' };
  if (zeroEven > n * 0.3 && zeroOdd < n * 0.05) return { encoding: 'utf-16be', bom: 0, label: 'UTF-16BE' };
  // A NUL or two in text (a POS that wrote one into a description) is not a binary file: the
  // rows that hold one are rejected by the parser, and the rest of the file is read.
  if (zeroEven + zeroOdd > Math.max(2, n * 0.002) || control > n * 0.01) {
    throw new ImportRefused('this is a binary file, not a text (CSV) export');
  }
  return isValidUtf8(head) ? { encoding: 'utf-8', bom: 0, label: 'UTF-8' } : { encoding: 'windows-1252', bom: 0, label: 'Windows-1252 (Latin-1)' };
}

/** True when the bytes are valid UTF-8, allowing a sequence cut at the end. */
function isValidUtf8(bytes: Uint8Array): boolean {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) need = 2;
    else if (b >= 0xf0 && b <= 0xf4) need = 3;
    else return false;
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) return true; // cut by the sample's end
      if ((bytes[i + k] & 0xc0) !== 0x80) return false;
    }
    i += need + 1;
  }
  return true;
}

/**
 * Streaming decoder. A file that starts as valid UTF-8 but turns out to hold a
 * Latin-1 byte later (a spreadsheet re-save, a pasted name) switches to
 * Windows-1252 from that chunk on instead of failing the import.
 */
export class ChunkDecoder {
  private decoder: TextDecoder;
  private skip: number;
  encoding: Encoding;
  switchedToLatin1 = false;

  constructor(guess: EncodingGuess) {
    this.encoding = guess.encoding;
    this.skip = guess.bom;
    this.decoder = this.make(guess.encoding);
  }

  private make(encoding: Encoding): TextDecoder {
    return new TextDecoder(encoding, { fatal: encoding === 'utf-8', ignoreBOM: true });
  }

  write(chunk: Uint8Array): string {
    if (this.skip > 0) {
      const cut = Math.min(this.skip, chunk.length);
      chunk = chunk.subarray(cut);
      this.skip -= cut;
    }
    if (this.encoding === 'windows-1252') return latin1(chunk);
    try {
      return this.decoder.decode(chunk, { stream: true });
    } catch {
      // Invalid UTF-8: the bytes held back from the previous chunk were at most 3; re-read this chunk as Latin-1.
      this.encoding = 'windows-1252';
      this.switchedToLatin1 = true;
      return latin1(chunk);
    }
  }

  end(): string {
    if (this.encoding === 'windows-1252') return '';
    try {
      return this.decoder.decode();
    } catch {
      return '';
    }
  }
}

// Windows-1252 differs from ISO-8859-1 only in 0x80–0x9F, where it has printable characters (€, ‘, ’, …).
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/** Buffer's latin1 decoding is much faster than TextDecoder('windows-1252'); patch the 0x80–0x9F range after. */
function latin1(chunk: Uint8Array): string {
  const text = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1');
  return /[\u0080-\u009f]/.test(text) ? text.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]) : text;
}
