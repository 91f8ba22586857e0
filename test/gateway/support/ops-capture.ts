import { Writable } from 'node:stream';

/** A stream that keeps everything written to it as text: the gateway's request log, for a test to read. */
export class TextCapture extends Writable {
  private chunks: string[] = [];

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.chunks.push(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
    done();
  }

  text(): string {
    return this.chunks.join('');
  }

  /** The JSON lines written so far, parsed. */
  lines(): Array<Record<string, unknown>> {
    return this.text()
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}
