import type { EndpointMatch } from '../wire.js';
import { choicesAsked } from './wire-choices.js';

/**
 * A chat request that picks up a cut answer: the text received so far becomes an assistant prefill.
 * When the caller already ended with its own assistant prefill, the text continues that message
 * instead of adding a second one. The Responses API has no prefill, so it cannot be continued; nor can an
 * answer in several choices (`n`), since a prefill continues one answer and the others would start over.
 */
export function openaiContinuation(match: EndpointMatch, body: Record<string, unknown>, partialText: string): Record<string, unknown> | null {
  if (match.operation !== 'chat.completions' || !Array.isArray(body.messages) || choicesAsked(body) > 1) return null;
  const messages = body.messages as unknown[];
  const last = messages[messages.length - 1];
  if (isAssistant(last)) {
    return { ...body, messages: [...messages.slice(0, -1), { ...last, content: appended(last.content, partialText) }] };
  }
  return { ...body, messages: [...messages, { role: 'assistant', content: partialText }] };
}

function isAssistant(message: unknown): message is Record<string, unknown> {
  return typeof message === 'object' && message !== null && (message as Record<string, unknown>).role === 'assistant';
}

/** Text after the prefill's own: a string grows, a list of parts gets one more text part. */
function appended(content: unknown, text: string): unknown {
  if (typeof content === 'string') return content + text;
  if (Array.isArray(content)) return [...content, { type: 'text', text }];
  return text;
}
