import { ALPHANUMERIC, hashText, pickChars, seededRandom, type Random } from '../../core/seeded-random.js';

/**
 * Deterministic identifiers in OpenAI's real shapes, derived from a seed text (a completion id, a
 * request id, a key) so the same input always gives the same id. Shapes, from real responses:
 * `chatcmpl-` + 29 alphanumerics (chatcmpl-Cgx6pZPBgfLcMqfT0ILIH2mID2zWQ), `resp_`/`msg_` + 50 hex
 * (resp_68d30541fe688199a82d8d40042bc37f0a3aeedd8e24b48e, sgl-project/sglang#10822),
 * `req_` + 32 hex (req_5fde3e8a8efd4854949e487cb45ccc97), cf-ray 16 hex + `-` + colo.
 */

const HEX = '0123456789abcdef';

/** A random stream seeded by a text. */
export function randomFrom(seedText: string): Random {
  return seededRandom(hashText(seedText));
}

export const chatCompletionId = (seed: string): string => `chatcmpl-${pickChars(randomFrom(seed), ALPHANUMERIC, 29)}`;
export const responseId = (seed: string): string => `resp_${pickChars(randomFrom(`resp:${seed}`), HEX, 50)}`;
/** `conv_` + 48 hex (conv_68ffe6d9b8f48193a4bfadd3f3d277450ad2d29c24eaf56b, a 2025-10 curl capture). */
export const conversationId = (seed: string): string => `conv_${pickChars(randomFrom(`conv:${seed}`), HEX, 48)}`;
/** A Responses item id: its type's prefix (`msg`, `fc`, `fco`), `_` and 50 hex. */
export const itemId = (prefix: string, seed: string): string => `${prefix}_${pickChars(randomFrom(`${prefix}:${seed}`), HEX, 50)}`;
export const messageItemId = (seed: string): string => itemId('msg', seed);
/** `call_` + 24 alphanumerics (call_2FQdm3Br7Qb35YUBSkDR7kue, vercel/ai issue-19493-gpt-5.1-tool-call fixture), from the tool call's own id. */
export const toolCallId = (toolCallSeed: string): string => `call_${toolCallSeed}`;
/** `fc_` + 50 hex, the Responses function_call item (fc_0775572d10a16b66006a8d8528e8a887d2a32ef76463d40c98, same fixture). */
export const functionCallItemId = (seed: string): string => itemId('fc', seed);
export const requestId = (seed: string): string => `req_${pickChars(randomFrom(`req:${seed}`), HEX, 32)}`;
/** `system_fingerprint`: stable per model, as the real one is per deployment. */
export const systemFingerprint = (model: string): string => `fp_${pickChars(randomFrom(`fp:${model}`), HEX, 10)}`;

/** Cloudflare ray id: 16 hex, a dash and the PoP that answered (IAD, like the corpus's oa-b011). */
export const cfRay = (seed: string): string => `${pickChars(randomFrom(`ray:${seed}`), HEX, 16)}-IAD`;

/** The simulated account: answer() receives no key, so one organization and project stand for every caller. */
export const ORGANIZATION_ID = `org-${pickChars(randomFrom('llmdoctor mock organization id'), ALPHANUMERIC, 24)}`;
export const PROJECT_ID = `proj_${pickChars(randomFrom('llmdoctor mock project'), ALPHANUMERIC, 24)}`;

/** Random characters that pad stream deltas (`obfuscation`, added by OpenAI in 2025 against size side channels). */
export function obfuscation(seed: string, index: number): string {
  const random = randomFrom(`obf:${seed}:${index}`);
  return pickChars(random, ALPHANUMERIC, 1 + Math.floor(random() * 12));
}
/** `modr-` + 32 hex (modr-970d409ef3bef3b70c73d8232df86e7d, OpenAI's moderation guide). */
export const moderationId = (seed: string): string => `modr-${pickChars(randomFrom(`modr:${seed}`), HEX, 32)}`;
