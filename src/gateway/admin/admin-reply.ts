import type { ServerResponse } from 'node:http';
import { send } from '../server/reply.js';

/** What every admin answer is: JSON, never cached (a created key is shown once, and only to its creator). */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  send(res, status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers }, `${JSON.stringify(body, null, 2)}\n`);
}

/** `{ "error": { "code", "message" } }`: the message says what to do. */
export function sendError(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { error: { code, message } }, headers);
}
