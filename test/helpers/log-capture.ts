import { Writable } from 'node:stream';

/** A log destination that keeps every JSON line, for asserting what the logs say (and never say). */
export class LogCapture extends Writable {
  lines: Array<Record<string, unknown>> = [];
  raw = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    const text = chunk.toString();
    this.raw += text;
    for (const line of text.split('\n').filter(Boolean)) {
      try {
        this.lines.push(JSON.parse(line));
      } catch {
        this.lines.push({ unparsed: line });
      }
    }
    done();
  }
}
