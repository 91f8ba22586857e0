import type { ResetHeaderSpec } from '../core/retry-after.js';
import { ANTHROPIC_LIMIT_HEADERS, ANTHROPIC_RESET_HEADERS } from './anthropic/api.js';
import { OPENAI_LIMIT_HEADERS, OPENAI_RESET_HEADERS } from './openai/api.js';
import type { WireFamily } from './wire.js';

/** How each format states what is left of a key's rate limit and when it resets (Gemini sends no such headers). */
export const RATE_HEADER_SPECS: Record<WireFamily, readonly ResetHeaderSpec[]> = {
  openai: OPENAI_RESET_HEADERS,
  anthropic: ANTHROPIC_RESET_HEADERS,
  gemini: [],
};

/** Where each format states a key's whole limit per minute (requests, tokens). */
export const LIMIT_HEADER_NAMES: Record<WireFamily, { requests?: string; tokens?: string }> = {
  openai: OPENAI_LIMIT_HEADERS,
  anthropic: ANTHROPIC_LIMIT_HEADERS,
  gemini: {},
};
