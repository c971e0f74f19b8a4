/**
 * Output files written in batches: each row is encoded straight into a 1 MiB
 * buffer that is written with one fs.writeSync when full. Memory therefore
 * stays flat however many millions of rows a large sample shop has, with no
 * stream backpressure to manage (the generator yields to the event loop
 * between days so a host stays responsive). Encoding row by row matters:
 * appending rows to one big string and converting it at flush time makes V8
 * flatten a deep rope, which costs far more than the rows themselves.
 */
import fs from 'node:fs';
import { csvRow } from './format.js';

const BUFFER_BYTES = 1 << 20;

export class CsvFile {
  private fd: number;
  private buf = Buffer.allocUnsafe(BUFFER_BYTES);
  private pos = 0;
  rows = 0;
  bytes = 0;

  constructor(
    readonly path: string,
    header: readonly string[],
  ) {
    this.fd = fs.openSync(path, 'w');
    this.write(csvRow(header));
  }

  /** Appends an already-formatted line (ending in \n) that counts as a data row. */
  row(line: string): void {
    this.rows++;
    this.write(line);
  }

  values(values: readonly string[]): void {
    this.row(csvRow(values));
  }

  private write(text: string): void {
    // A UTF-16 code unit never takes more than 3 bytes in UTF-8.
    const worst = text.length * 3;
    if (this.pos + worst > this.buf.length) {
      this.flush();
      if (worst > this.buf.length) {
        this.writeAll(Buffer.from(text, 'utf8'));
        return;
      }
    }
    this.pos += this.buf.write(text, this.pos, 'utf8');
  }

  private writeAll(data: Buffer): void {
    let off = 0;
    while (off < data.length) off += fs.writeSync(this.fd, data, off, data.length - off);
    this.bytes += data.length;
  }

  flush(): void {
    if (this.pos === 0) return;
    this.writeAll(this.buf.subarray(0, this.pos));
    this.pos = 0;
  }

  close(): void {
    this.flush();
    fs.closeSync(this.fd);
  }
}
