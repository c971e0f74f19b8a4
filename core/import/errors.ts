/**
 * A whole file refused: nothing of it was written. The message is one sentence
 * for the owner (the CLI prints it as the single line on stderr).
 */
export class ImportRefused extends Error {
  constructor(message: string) {
    super(oneLine(message));
    this.name = 'ImportRefused';
  }
}

/** The owner (or a client) cancelled a running import; nothing was written. */
export class ImportCancelled extends Error {
  constructor() {
    super('the import was cancelled; nothing was written');
    this.name = 'ImportCancelled';
  }
}

/** A value quoted from a file may hold line breaks and control characters: a message stays one line. */
export function oneLine(text: string): string {
  // Control characters are exactly what is matched here.
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\r\n\t\0-\x08\x0b\x0c\x0e-\x1f]+/g, ' ');
}
