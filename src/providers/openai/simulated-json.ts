/**
 * OpenAI error bodies come from two layers with their own layouts, told apart by real captures
 * (recorded api.openai.com cassettes in envoyproxy/ai-gateway internal/testing/fakeopenai, 2025-07,
 * and Content-Length values in the corpus):
 * - `legacy`: 4-space indent and a final newline; keys message/type/param/code. The front layer's
 *   errors: model_not_found (cassette chat-bad-model), invalid JSON (443 bytes in
 *   developersdigest/llm-answer-engine#58), billing_not_active (oa-060, 223 bytes), invalid keys.
 * - `api`: 2-space indent, no final newline; same key order. Parameter validation (cassette
 *   chat-no-messages: 181 bytes), and the 2025 auth/URL wording (oa-039, oa-056).
 * - `sorted`: 2-space indent, keys alphabetical, final newline (oa-070; oa-b012, whose 172-byte
 *   Content-Length in oa-b011 matches).
 * - `compact`: one line, keys alphabetical (oa-b009 / oa-016 unsupported_country_region_territory).
 */
export type ErrorLayout = 'legacy' | 'api' | 'sorted' | 'compact';

export interface ErrorFields {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}

export function errorBody(fields: ErrorFields, layout: ErrorLayout): string {
  const { message, type, param, code } = fields;
  switch (layout) {
    case 'legacy':
      return `${JSON.stringify({ error: { message, type, param, code } }, null, 4)}\n`;
    case 'api':
      return JSON.stringify({ error: { message, type, param, code } }, null, 2);
    case 'sorted':
      return `${JSON.stringify({ error: { code, message, param, type } }, null, 2)}\n`;
    case 'compact':
      return JSON.stringify({ error: { code, message, param, type } });
  }
}

/** Successful bodies: 2-space indent and a final newline (cassette chat-basic). */
export const prettyJson = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
