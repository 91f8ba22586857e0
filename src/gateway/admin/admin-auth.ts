import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Whether the request carries the admin token, as `Authorization: Bearer <token>` or `x-admin-token: <token>`.
 * Both sides are compared as SHA-256 digests with timingSafeEqual: equal lengths always, so neither the time taken
 * nor an early length check tells a caller how much of a guess was right or how long the token is.
 */
export function adminAuthorized(req: IncomingMessage, token: string): boolean {
  if (token === '') return false;
  const expected = digest(token);
  let authorized = false;
  // Every offered credential is compared, so which header was used does not change the time either.
  for (const offered of offeredTokens(req)) {
    if (timingSafeEqual(digest(offered), expected)) authorized = true;
  }
  return authorized;
}

function offeredTokens(req: IncomingMessage): string[] {
  const offered: string[] = [];
  const authorization = req.headers.authorization;
  const bearer = typeof authorization === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
  if (bearer) offered.push(bearer[1]!);
  const header = req.headers['x-admin-token'];
  const values = Array.isArray(header) ? header : header === undefined ? [] : [header];
  for (const value of values) {
    if (value.trim() !== '') offered.push(value.trim());
  }
  return offered;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
