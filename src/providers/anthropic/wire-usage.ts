import { asRecord } from '../probe.js';
import type { Usage } from '../wire.js';

/**
 * Token counts of the Messages API. `input_tokens` leaves out the prompt-cache tokens, which are
 * input all the same (and counted in OpenAI's `prompt_tokens` and Gemini's `promptTokenCount`), so
 * the input here is their sum.
 */
export function inputTokensOf(usage: Record<string, unknown>): number | null {
  const counts = [usage.input_tokens, usage.cache_creation_input_tokens, usage.cache_read_input_tokens].filter((n): n is number => typeof n === 'number');
  return counts.length === 0 ? null : counts.reduce((sum, n) => sum + n, 0);
}

/** A message's `usage`, or count_tokens' `{"input_tokens": N}` (no output). */
export function usageOfAnthropicAnswer(answer: unknown): Usage | null {
  const record = asRecord(answer);
  if (!record) return null;
  const usage = asRecord(record.usage);
  if (!usage) return typeof record.input_tokens === 'number' ? { inputTokens: record.input_tokens, outputTokens: 0 } : null;
  const output = usage.output_tokens;
  return { inputTokens: inputTokensOf(usage) ?? 0, outputTokens: typeof output === 'number' ? output : 0 };
}

/** Keys whose values are not text the model reads: ids, enums, base64 sources, thinking signatures. */
const NOT_TEXT = new Set(['type', 'role', 'id', 'tool_use_id', 'source', 'signature', 'cache_control', 'media_type']);
const CHARS_PER_TOKEN = 4;

/** About a token per four characters of the prompt's text, plus the output cap (`max_tokens`). */
export function estimateAnthropicTokens(body: Record<string, unknown> | null): number {
  if (!body) return 0;
  const chars = textLength(body.messages) + textLength(body.system) + textLength(body.tools);
  const cap = typeof body.max_tokens === 'number' && body.max_tokens > 0 ? body.max_tokens : 0;
  return Math.ceil(chars / CHARS_PER_TOKEN) + cap;
}

function textLength(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + textLength(item), 0);
  const record = asRecord(value);
  if (!record) return 0;
  let sum = 0;
  for (const [key, item] of Object.entries(record)) if (!NOT_TEXT.has(key)) sum += textLength(item);
  return sum;
}
