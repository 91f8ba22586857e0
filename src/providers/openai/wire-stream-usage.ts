/**
 * Chat (and legacy completions) streams report usage only when asked with
 * `stream_options.include_usage`; the answer then ends with a usage-only chunk (`choices: []`) that a
 * caller who did not ask must not see. Responses streams always end with usage in response.completed.
 */
export function withChatStreamUsage(body: Record<string, unknown>): { body: Record<string, unknown>; hideUsage: boolean } {
  const chatLike = Array.isArray(body.messages) || body.prompt !== undefined;
  if (body.stream !== true || !chatLike) return { body, hideUsage: false };
  const options = body.stream_options;
  const current = typeof options === 'object' && options !== null && !Array.isArray(options) ? (options as Record<string, unknown>) : {};
  if (current.include_usage === true) return { body, hideUsage: false };
  return { body: { ...body, stream_options: { ...current, include_usage: true } }, hideUsage: true };
}
