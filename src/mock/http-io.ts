import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimResponse } from '../providers/simulator.js';

/** The body, or null when it is larger than `limit` (the rest is drained, not kept). */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? null : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function send(res: ServerResponse, response: SimResponse, extraHeaders?: Record<string, string>): void {
  const headers = extraHeaders ? { ...extraHeaders, ...response.headers } : response.headers;
  res.writeHead(response.status, { ...headers, 'content-length': Buffer.byteLength(response.body) });
  res.end(response.body);
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) });
}

export function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

/** Ends the connection with a TCP reset, as a crashed peer or a middlebox does (clients see ECONNRESET). */
export function resetConnection(res: ServerResponse): void {
  res.socket?.resetAndDestroy();
}
