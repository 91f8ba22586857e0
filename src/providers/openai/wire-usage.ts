import { asRecord } from '../probe.js';
import type { Usage } from '../wire.js';

/**
 * Token usage as OpenAI reports it: chat and legacy completions `prompt_tokens`/`completion_tokens`,
 * Responses `input_tokens`/`output_tokens`, embeddings `prompt_tokens` only (nothing is generated).
 */


const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/** A chat / completions / embeddings `usage` object, or null when there is none. */
export function chatUsage(value: unknown): Usage | null {
  const usage = asRecord(value);
  if (usage === null || typeof usage.prompt_tokens !== 'number') return null;
  return { inputTokens: usage.prompt_tokens, outputTokens: count(usage.completion_tokens) };
}

/** A Responses `usage` object, or null when there is none. */
export function responsesUsage(value: unknown): Usage | null {
  const usage = asRecord(value);
  if (usage === null || typeof usage.input_tokens !== 'number') return null;
  return { inputTokens: usage.input_tokens, outputTokens: count(usage.output_tokens) };
}

/** Usage of a whole answer of any OpenAI endpoint. */
export function openaiUsageOf(answer: unknown): Usage | null {
  const usage = asRecord(answer)?.usage;
  return responsesUsage(usage) ?? chatUsage(usage);
}
