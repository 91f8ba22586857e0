import { asRecord } from '../probe.js';
import { itemId } from './simulated-ids.js';
import { ID_PREFIX } from './simulated-input-items.js';

/**
 * Items as a conversation stores them (API reference, "Create items"; openai-node's ConversationItem):
 * a message sent with string content gets the parts form (`input_text`, `output_text` for the assistant),
 * `type: "message"` and `status: "completed"`; every item gets an id of its type's prefix when it had none.
 */

export type ConversationItem = Record<string, unknown>;

/** Items sent (a Responses `input` string, or a list of items), stored with ids seeded by `seed` (unique per request). */
export function storedItems(sent: unknown, seed: string): ConversationItem[] {
  const items = typeof sent === 'string' ? [sent] : Array.isArray(sent) ? sent : [];
  return items.map((item: unknown, index) => {
    const record = typeof item === 'string' ? { role: 'user', content: item } : (asRecord(item) ?? {});
    const type = typeof record.type === 'string' ? record.type : 'message';
    const id = typeof record.id === 'string' ? record.id : itemId(ID_PREFIX[type] ?? 'msg', `conversation:${seed}:${index}`);
    if (type !== 'message') return { id, ...record, type };
    const role = typeof record.role === 'string' ? record.role : 'user';
    return { id, type, status: 'completed', content: contentParts(record.content, role), role };
  });
}

function contentParts(content: unknown, role: string): unknown[] {
  if (Array.isArray(content)) return content;
  const text = typeof content === 'string' ? content : '';
  return [role === 'assistant' ? { type: 'output_text', annotations: [], logprobs: [], text } : { type: 'input_text', text }];
}
