import { asRecord } from '../probe.js';
import type { EndpointMatch } from '../wire.js';

/**
 * Gemini's context caches (`cachedContents/{id}`) live in the project of the key that made them: only that
 * project's keys can use them (`cachedContent` in a generateContent request), read, change or delete them.
 */

const CACHE_PREFIX = 'cachedContents/';

/** The cache a created (or read) cache object names. */
export function cacheMade(answer: unknown): string | null {
  const name = asRecord(answer)?.name;
  return typeof name === 'string' && name.startsWith(CACHE_PREFIX) ? name : null;
}

/** The cache a request needs: the one its path names, or the one a generating request uses. */
export function cacheNeeded(match: EndpointMatch, body: Record<string, unknown> | null): string | null {
  if (match.answerId !== undefined) return match.answerId;
  const named = body?.cachedContent ?? body?.cached_content;
  return typeof named === 'string' && named.startsWith(CACHE_PREFIX) ? named : null;
}
