import { randomUUID } from 'node:crypto';
import { pickChars } from '../../core/seeded-random.js';

/**
 * Identifiers in the shapes api.anthropic.com sends them:
 * `request-id: req_011CaH53rCYtDAVnwhLQvkuc` (claude-code#51610), `msg_01EztgVtf54JXHWGisPkxWY5`
 * (a 2026 message), `cf-ray: 8e695a03eed4f9fd-SJC` (anthropic-sdk-typescript#616), and the
 * organization UUID that both the `anthropic-organization-id` header and 429 texts name.
 */

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const HEX = '0123456789abcdef';

/** One simulated organization per process: the id the headers and rate-limit messages agree on. */
export const SIMULATED_ORGANIZATION_ID = randomUUID();

/** Ids nobody asked to be reproducible (request ids of fresh answers, cf-ray). */
const randomChars = (alphabet: string, length: number): string => pickChars(Math.random, alphabet, length);

/** Spreads any text over an alphabet, keeping it deterministic. */
function mapChars(text: string, alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i % Math.max(1, text.length)) || 0;
    out += alphabet[(code * 31 + i * 7) % alphabet.length];
  }
  return out;
}

/** `req_011C…` (24 characters after `req_`), from the mock's own request id when there is one. */
export function anthropicRequestId(raw?: string): string {
  if (raw?.startsWith('req_')) return raw;
  return `req_011C${raw ? mapChars(raw, BASE58, 20) : randomChars(BASE58, 20)}`;
}

/** `msg_01…` (24 characters after `msg_`), derived from the completion's stable id. */
export function anthropicMessageId(completionId: string): string {
  return `msg_01${mapChars(completionId, BASE58, 22)}`;
}

/** `toolu_01…` (24 characters after `toolu_`: toolu_01KFbKqPYSuAKujiL6mTfzYA, vercel/ai anthropic-json-tool fixture), from the tool call's stable id. */
export function anthropicToolUseId(toolCallId: string): string {
  return `toolu_01${mapChars(toolCallId, BASE58, 22)}`;
}

/** A Cloudflare ray id with the PoP that served it. */
export function cloudflareRay(pop: string): string {
  return `${randomChars(HEX, 16)}-${pop}`;
}
