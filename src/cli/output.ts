import { once } from 'node:events';
import { redactSecrets } from '../core/redact.js';

// Everything the CLI prints passes through here: a key the user pasted must never be echoed back whole.

/** Writes to stdout and waits when the pipe is full, so a long batch never piles up in memory. */
export async function printOut(text: string): Promise<void> {
  if (!process.stdout.write(redactSecrets(text))) await once(process.stdout, 'drain');
}

export function printErr(text: string): void {
  process.stderr.write(redactSecrets(text));
}

/** One JSON value on one line, every string in it redacted (before encoding, so escaping cannot hide a key). */
export function toRedactedJson(value: unknown, indent?: number): string {
  return JSON.stringify(redactDeep(value), null, indent);
}

function redactDeep(value: unknown): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (Array.isArray(value)) return value.map(redactDeep);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactDeep(item)]));
  }
  return value;
}

/** `llmdoctor explain --batch … | head` closes the pipe early: stop quietly instead of crashing. */
export function exitQuietlyWhenStdoutCloses(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  });
}
