import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether an `Authorization: Bearer <token>` header carries `expected`. Both sides are hashed first, so the
 * comparison takes the same time whatever the lengths and wherever the first difference is.
 */
export function bearerMatches(authorization: string | string[] | undefined, expected: string): boolean {
  const header = Array.isArray(authorization) ? authorization[0] : authorization;
  const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  const given = match?.[1] ?? '';
  const same = timingSafeEqual(digest(given), digest(expected));
  return same && match !== null && expected !== '';
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
