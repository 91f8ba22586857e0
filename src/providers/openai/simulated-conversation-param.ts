import { asRecord } from '../probe.js';

/**
 * The conversation a Responses request names: `"conv_…"` or `{"id": "conv_…"}` (openai-node's
 * ResponseCreateParams.conversation). Null when it names none, undefined when the value is neither form.
 */
export function conversationParam(value: unknown): string | null | undefined {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  const id = asRecord(value)?.id;
  return typeof id === 'string' ? id : undefined;
}
