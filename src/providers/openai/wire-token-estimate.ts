/**
 * A budget estimate, not a tokenizer: about 4 characters of JSON a token for the input (chat
 * `messages`, Responses `input` + `instructions`, completions `prompt`, embeddings `input`), plus the
 * output cap the request sets. Each part is serialised once.
 */

const CHARS_PER_TOKEN = 4;
const OUTPUT_CAPS = ['max_completion_tokens', 'max_tokens', 'max_output_tokens'] as const;

export function estimateOpenaiTokens(body: Record<string, unknown> | null): number {
  if (body === null) return 0;
  let chars = jsonLength(body.messages ?? body.input ?? body.prompt);
  if (typeof body.instructions === 'string') chars += body.instructions.length;
  return Math.ceil(chars / CHARS_PER_TOKEN) + outputCap(body);
}

function jsonLength(value: unknown): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'string') return value.length;
  return JSON.stringify(value)?.length ?? 0;
}

function outputCap(body: Record<string, unknown>): number {
  for (const name of OUTPUT_CAPS) {
    const value = body[name];
    if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
  }
  return 0;
}
