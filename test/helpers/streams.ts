import { PassThrough, Readable, Writable } from 'node:stream';

/** A writable that keeps what was written, for asserting what a user would see. */
export class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** Standard input made of these lines; `isTTY` as asked. */
export function inputOf(lines: string[], isTTY = false): Readable & { isTTY?: boolean } {
  const stream = Readable.from(lines.length ? [lines.join('\n') + '\n'] : []) as Readable & { isTTY?: boolean };
  stream.isTTY = isTTY;
  return stream;
}

/** A terminal-like input that never ends unless told to. */
export function terminalInput(): PassThrough & { isTTY?: boolean } {
  const stream = new PassThrough() as PassThrough & { isTTY?: boolean };
  stream.isTTY = true;
  return stream;
}
