import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startHttp } from '../net/support/servers.js';
import { seededRandom } from '../../src/core/seeded-random.js';
import type { Diagnosis } from '../../src/core/diagnosis.js';
import type { GatewayError, StreamEvent, StreamReader } from '../../src/providers/wire.js';

/** Shared by the Anthropic and Gemini wire tests. */

/** Feeds `text` to a reader in pieces of 1 to `maxPiece` characters, chosen by `seed`, then ends it. */
export function readInPieces(reader: StreamReader, text: string, seed: number, maxPiece = 40): StreamEvent[] {
  const random = seededRandom(seed);
  const events: StreamEvent[] = [];
  for (let at = 0; at < text.length; ) {
    const size = 1 + Math.floor(random() * maxPiece);
    events.push(...reader.push(text.slice(at, at + size)));
    at += size;
  }
  events.push(...reader.end());
  return events;
}

export interface TestServer {
  url: string;
  close(): Promise<void>;
}

/** A node:http server on 127.0.0.1 answering every request with `handler`. */
export async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<TestServer> {
  const { port, close } = await startHttp((req, res) => {
    req.resume();
    req.on('end', () => handler(req, res));
  });
  return { url: `http://127.0.0.1:${port}`, close };
}

export async function raised(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('the call succeeded');
}

export function diagnosis(category: Diagnosis['category'], title: string): Diagnosis {
  return { category, provider: 'unknown', retryable: false, retryAfterMs: null, title, cause: `cause of ${title}`, fixes: [`fix ${title}`], evidence: [] };
}

export function gatewayError(status: number, message: string, extra: Partial<GatewayError> = {}): GatewayError {
  return { status, message, diagnosis: diagnosis('rate_limited', `title ${status}`), requestId: `gw-${status}`, upstreamBody: null, ...extra };
}
