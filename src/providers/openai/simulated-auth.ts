import { pickChars } from '../../core/seeded-random.js';
import { foreignKeyOwner } from '../foreign-keys.js';
import { firstHeader, KEY_ALPHABET } from '../simulated-common.js';
import type { SimRequest } from '../simulator.js';
import { randomFrom } from './simulated-ids.js';

/**
 * Where api.openai.com reads the key, and how it echoes a key it refuses.
 *
 * `Authorization: Bearer <key>`, or Basic auth with the key as the password and a blank username:
 * the pre-2025 "You didn't provide an API key" message said so ("…or as the password field (with
 * blank username) if you're accessing the API from your browser…"), and the 2025 wording still names
 * both ("Missing bearer or basic authentication in header", corpus oa-039). Any other scheme, a bare key
 * without a scheme, or an empty token counts as no key at all.
 */

const BEARER = /^Bearer(?:\s+(.*))?$/i;
const BASIC = /^Basic\s+([A-Za-z0-9+/=_-]*)$/i;

export function openaiCredential(req: SimRequest): string | null {
  const value = firstHeader(req, 'authorization');
  if (!value) return null;
  const bearer = BEARER.exec(value);
  if (bearer) return bearer[1] ? bearer[1] : null;
  const basic = BASIC.exec(value);
  if (!basic) return null;
  const decoded = Buffer.from(basic[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const password = colon < 0 ? '' : decoded.slice(colon + 1);
  return password === '' ? null : password;
}

/** The marker every OpenAI secret key carries: base64 of "OpenAI". */
const MARKER = Buffer.from('OpenAI').toString('base64');

/** A project key as issued since 2025: `sk-proj-`, 74 characters, the marker, 74 more (164 in all). */
export function newOpenaiKey(random: () => number): string {
  return `sk-proj-${pickChars(random, KEY_ALPHABET, 74)}${MARKER}${pickChars(random, KEY_ALPHABET, 74)}`;
}

/**
 * "Incorrect API key provided: <echo>": the first 8 and last 4 characters with one `*` for each one
 * between; 12 characters or fewer are echoed whole. Every echo in the corpus fits: sk-proj-****…MxYA
 * (oa-010, 172 long), AIzaSyCh***…s3hY (oa-085, 39), sk-or-v1***…94e4 (oa-b016, 73),
 * http://l*************4/v1 (oa-014), CHANGE_ME (oa-088), None (oa-087).
 */
export function maskedEcho(key: string): string {
  if (key.length <= 12) return key;
  return `${key.slice(0, 8)}${'*'.repeat(key.length - 12)}${key.slice(-4)}`;
}

/**
 * Keys of other providers, as the echo would show them, for `key_wrong_provider` when the caller
 * actually sent an OpenAI-shaped key: Anthropic (108 long, ends in AA), Gemini (AIzaSy + 33),
 * OpenRouter (sk-or-v1- + 64 hex), shaped from the key so the echo is stable.
 */
const FOREIGN_KEYS: Record<string, (seed: string) => string> = {
  anthropic: (seed) => `${'sk-ant-'}api03-${pickChars(randomFrom(seed), KEY_ALPHABET, 93)}AA`,
  gemini: (seed) => `AIzaSy${pickChars(randomFrom(seed), KEY_ALPHABET, 33)}`,
  openrouter: (seed) => `${'sk-or-'}v1-${pickChars(randomFrom(seed), '0123456789abcdef', 64)}`,
};

/** The echo for a key of the wrong provider: the key itself when it is foreign, else a foreign one. */
export function wrongProviderEcho(key: string | null, variant: string | null): string {
  if (key !== null && foreignKeyOwner(maskedEcho(key), 'openai') !== null) return maskedEcho(key);
  const make = FOREIGN_KEYS[variant ?? 'anthropic'] ?? FOREIGN_KEYS.anthropic!;
  return maskedEcho(make(key ?? 'no key'));
}
