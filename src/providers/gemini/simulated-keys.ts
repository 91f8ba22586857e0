import { hashText, pickChars } from '../../core/seeded-random.js';
import { firstHeader, KEY_ALPHABET } from '../simulated-common.js';
import type { SimRequest } from '../simulator.js';

/**
 * A Google API key: 39 characters, `AIza` then 35 of [A-Za-z0-9_-]; keys made for the Gemini API
 * start `AIzaSy` (src/providers/gemini/keys.ts; every key in the corpus). Built at run time.
 */
export function newGoogleApiKey(random: () => number): string {
  return `${'AIza'}Sy${pickChars(random, KEY_ALPHABET, 33)}`;
}

/**
 * The key as Google reads it: the `key` query parameter or the `x-goog-api-key` header
 * (cloud.google.com/apis/docs/system-parameters). Which wins when both are sent is not documented;
 * like Google's Extensible Service Proxy (ESPv2, whose default key locations are the `key` query
 * parameter, then `api_key`, then a header) the query parameter is read first. An empty value is
 * no key at all: `?key=` with nothing after it gets the missing-key 403 (gm-028).
 */
export function googleCredential(req: SimRequest): string | null {
  const fromQuery = req.query.get('key');
  if (fromQuery) return fromQuery;
  return firstHeader(req, 'x-goog-api-key') || null;
}

/** A stable 12-digit project number for a key, for messages that name the caller's project. */
export function projectNumberOf(key: string | null): string {
  return String(100_000_000_000 + hashText(key ?? ''));
}
