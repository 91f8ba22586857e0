import { asRecord } from '../probe.js';
import type { EndpointMatch } from '../wire.js';

/**
 * Continues a cut answer by sending what was already streamed as the start of the assistant's turn
 * (a prefill: https://docs.anthropic.com/en/docs/build-with-claude/prompt-engineering/prefill-claudes-response).
 * The API refuses a final assistant message that ends with whitespace, so the prefill is trimmed at
 * its end; the relay reconciles the whitespace the model writes again.
 */
export function anthropicContinuation(match: EndpointMatch, body: Record<string, unknown>, partialText: string): Record<string, unknown> | null {
  if (match.operation !== 'messages' || partialText.trimEnd() === '' || !acceptsPrefill(body)) return null;
  const messages = body.messages;
  if (!Array.isArray(messages)) return null;
  const last = asRecord(messages[messages.length - 1]);
  if (last?.role === 'assistant') {
    // The caller's own prefill: the answer so far continues it
    return { ...body, messages: [...messages.slice(0, -1), { ...last, content: appended(last.content, partialText) }] };
  }
  return { ...body, messages: [...messages, { role: 'assistant', content: partialText.trimEnd() }] };
}

function appended(content: unknown, text: string): unknown {
  if (typeof content === 'string') return (content + text).trimEnd();
  if (!Array.isArray(content)) return text.trimEnd();
  const last = asRecord(content[content.length - 1]);
  if (last?.type === 'text' && typeof last.text === 'string') return [...content.slice(0, -1), { ...last, text: (last.text + text).trimEnd() }];
  return [...content, { type: 'text', text: text.trimEnd() }];
}

/**
 * Where a prefill is refused: with extended thinking on, a final assistant message must start with
 * a thinking block ("When `thinking` is enabled, a final `assistant` message must start with a
 * thinking block"), and Claude 4.6 and later models refuse any prefill ("This model does not
 * support assistant message prefill", platform.claude.com whats-new-claude-4-6#prefill-removal).
 */
function acceptsPrefill(body: Record<string, unknown>): boolean {
  const thinking = asRecord(body.thinking)?.type;
  if (thinking !== undefined && thinking !== 'disabled') return false;
  const version = claudeVersion(typeof body.model === 'string' ? body.model : '');
  return version === null || version[0] < 4 || (version[0] === 4 && version[1] < 6);
}

/**
 * The generation of a Claude model id: `claude-3-7-sonnet-20250219` → [3, 7], `claude-opus-4-20250514`
 * → [4, 0], `us.anthropic.claude-sonnet-4-6-v1` → [4, 6], `claude-sonnet-5` → [5, 0]; null when the id
 * is not a Claude one (an alias the gateway resolves elsewhere, another provider's model).
 */
export function claudeVersion(model: string): [number, number] | null {
  const at = model.toLowerCase().indexOf('claude-');
  if (at < 0) return null;
  const numbers: number[] = [];
  for (const part of model.slice(at + 'claude-'.length).split(/[-@.]/)) {
    // A date snapshot ends the version
    if (/^\d{8}$/.test(part)) break;
    if (/^\d{1,2}$/.test(part)) numbers.push(Number(part));
    if (numbers.length === 2) break;
  }
  const [major, minor = 0] = numbers;
  return major === undefined ? null : [major, minor];
}
