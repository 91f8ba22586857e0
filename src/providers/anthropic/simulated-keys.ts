import { pickChars } from '../../core/seeded-random.js';
import { KEY_ALPHABET } from '../simulated-common.js';
import type { SimRequest } from '../simulator.js';

const KEY_PREFIX = 'sk-ant-api03-';
/** 93 random characters then `AA`: the shape of console-issued keys (see ./keys.ts). */
const RANDOM_LENGTH = 93;
const BEARER = /^Bearer\s+(.*)$/i;

/** A fresh key in the format of an Anthropic Console API key. */
export function newAnthropicKey(random: () => number): string {
  return `${KEY_PREFIX}${pickChars(random, KEY_ALPHABET, RANDOM_LENGTH)}AA`;
}

function header(req: SimRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * `x-api-key` first (the documented header), then `Authorization: Bearer`: @anthropic-ai/sdk 1.x
 * sends API keys as a bearer token (client.ts `apiKeyAuth`), so the API takes keys in either.
 * An empty header counts as none, as the API answers it with "x-api-key header is required".
 */
export function readAnthropicCredential(req: SimRequest): string | null {
  const apiKey = header(req, 'x-api-key');
  if (apiKey) return apiKey;
  const authorization = header(req, 'authorization');
  if (!authorization) return null;
  const match = BEARER.exec(authorization);
  const token = match ? match[1]! : authorization;
  return token.length > 0 ? token : null;
}
