import { hashText } from '../../core/seeded-random.js';
import type { SimRequest } from '../simulator.js';

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * A Google API key: 39 characters, `AIza` then 35 of [A-Za-z0-9_-]; keys made for the Gemini API
 * start `AIzaSy` (src/providers/gemini/keys.ts; every key in the corpus). Built at run time.
 */
export function newGoogleApiKey(random: () => number): string {
  let key = 'AIza' + 'Sy';
  for (let i = 0; i < 33; i++) key += KEY_ALPHABET[Math.floor(random() * KEY_ALPHABET.length)];
  return key;
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
  const header = req.headers['x-goog-api-key'];
  const fromHeader = Array.isArray(header) ? header[0] : header;
  return fromHeader ? fromHeader : null;
}

/** A stable 12-digit project number for a key, for messages that name the caller's project. */
export function projectNumberOf(key: string | null): string {
  return String(100_000_000_000 + hashText(key ?? ''));
}
