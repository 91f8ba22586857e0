import { asRecord } from '../probe.js';
import type { Usage } from '../wire.js';

/**
 * `usageMetadata` of a GenerateContentResponse: the prompt (cached content included) and the
 * answer; thinking tokens are billed as output, so they count as output here.
 */
export function usageOfMetadata(metadata: unknown): Usage | null {
  const usage = asRecord(metadata);
  if (!usage) return null;
  // proto3 JSON leaves out zero counts
  const count = (value: unknown) => (typeof value === 'number' ? value : 0);
  return { inputTokens: count(usage.promptTokenCount), outputTokens: count(usage.candidatesTokenCount) + count(usage.thoughtsTokenCount) };
}

/** A whole answer: generateContent's `usageMetadata`, or countTokens' `totalTokens` (input only). */
export function usageOfGeminiAnswer(answer: unknown): Usage | null {
  const record = asRecord(answer);
  if (!record) return null;
  if (record.usageMetadata !== undefined) return usageOfMetadata(record.usageMetadata);
  return typeof record.totalTokens === 'number' ? { inputTokens: record.totalTokens, outputTokens: 0 } : null;
}

/** Binary parts (base64 or file references): not text the estimate should count. */
const NOT_TEXT = new Set(['inlineData', 'inline_data', 'fileData', 'file_data']);
const CHARS_PER_TOKEN = 4;

/** About a token per four characters of the request's `text` parts, plus the output cap (`maxOutputTokens`). */
export function estimateGeminiTokens(body: Record<string, unknown> | null): number {
  if (!body) return 0;
  const config = asRecord(body.generationConfig ?? body.generation_config);
  const raw = config?.maxOutputTokens ?? config?.max_output_tokens;
  const cap = Number(raw);
  return Math.ceil(textLength(body) / CHARS_PER_TOKEN) + (Number.isFinite(cap) && cap > 0 ? Math.floor(cap) : 0);
}

/** The length of every `text` field, wherever it sits (contents, systemInstruction, countTokens' and embeddings' requests). */
function textLength(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + textLength(item), 0);
  const record = asRecord(value);
  if (!record) return 0;
  let sum = 0;
  for (const [key, item] of Object.entries(record)) {
    if (key === 'text' && typeof item === 'string') sum += item.length;
    else if (!NOT_TEXT.has(key)) sum += textLength(item);
  }
  return sum;
}
