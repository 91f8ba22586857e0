import { hashText, pickChars, seededRandom, type Random } from '../../core/seeded-random.js';

/**
 * Deterministic identifiers in OpenAI's real shapes, derived from a seed text (a completion id, a
 * request id, a key) so the same input always gives the same id. Shapes, from real responses:
 * `chatcmpl-` + 29 alphanumerics (chatcmpl-Cgx6pZPBgfLcMqfT0ILIH2mID2zWQ), `resp_`/`msg_` + 50 hex
 * (resp_68d30541fe688199a82d8d40042bc37f0a3aeedd8e24b48e, sgl-project/sglang#10822),
 * `req_` + 32 hex (req_5fde3e8a8efd4854949e487cb45ccc97), cf-ray 16 hex + `-` + colo.
 */


const HEX = '0123456789abcdef';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A random stream seeded by a text. */
export function randomFrom(seedText: string): Random {
  return seededRandom(hashText(seedText));
}

export function pick(random: Random, alphabet: string, length: number): string {
  return pickChars(random, alphabet, length);
}

export const chatCompletionId = (seed: string): string => `chatcmpl-${pick(randomFrom(seed), ALNUM, 29)}`;
export const responseId = (seed: string): string => `resp_${pick(randomFrom(`resp:${seed}`), HEX, 50)}`;
export const messageItemId = (seed: string): string => `msg_${pick(randomFrom(`msg:${seed}`), HEX, 50)}`;
export const requestId = (seed: string): string => `req_${pick(randomFrom(`req:${seed}`), HEX, 32)}`;
/** `system_fingerprint`: stable per model, as the real one is per deployment. */
export const systemFingerprint = (model: string): string => `fp_${pick(randomFrom(`fp:${model}`), HEX, 10)}`;

/** Cloudflare ray id: 16 hex, a dash and the PoP that answered (IAD, like the corpus's oa-b011). */
export const cfRay = (seed: string): string => `${pick(randomFrom(`ray:${seed}`), HEX, 16)}-IAD`;

/** The simulated account: answer() receives no key, so one organization and project stand for every caller. */
export const ORGANIZATION_ID = `org-${pick(randomFrom('llmdoctor mock organization id'), ALNUM, 24)}`;
export const PROJECT_ID = `proj_${pick(randomFrom('llmdoctor mock project'), ALNUM, 24)}`;

/** Random characters that pad stream deltas (`obfuscation`, added by OpenAI in 2025 against size side channels). */
export function obfuscation(seed: string, index: number): string {
  const random = randomFrom(`obf:${seed}:${index}`);
  return pick(random, ALNUM, 1 + Math.floor(random() * 12));
}
