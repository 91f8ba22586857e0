import { asRecord } from '../probe.js';
import type { Completion, SimOperation, SimResponse, StorageOutcome, StoredAnswer } from '../simulator.js';
import { answerSeed } from './simulated-answers.js';
import { storedItems, type ConversationItem } from './simulated-conversation-items.js';
import { apiHeaders, shapeRequestId } from './simulated-headers.js';
import { conversationId } from './simulated-ids.js';
import { prettyJson } from './simulated-json.js';
import { conversationItemNotFound } from './simulated-request-errors.js';

/**
 * The Conversations API (API reference, "Conversations"; openai-node's `conversations` and
 * `conversations.items`): a conversation is kept in the key's project with its items, oldest first.
 * Create, retrieve and update answer the conversation object; delete answers
 * `{"id","object":"conversation.deleted","deleted":true}`; deleting an item answers the conversation.
 * Items are listed newest first unless `order=asc`, 20 a page unless `limit` says otherwise.
 * A response made with `conversation` appends its input items and then its output.
 */

export const CONVERSATION = 'conversation';

interface Conversation {
  id: string;
  object: 'conversation';
  created_at: number;
  metadata: Record<string, unknown>;
}

interface StoredConversation {
  conversation: Conversation;
  items: ConversationItem[];
}

const stored = (value: StoredConversation): StoredAnswer => ({ id: value.conversation.id, kind: CONVERSATION, value });
const ok = (reqId: string, body: unknown): SimResponse => ({ status: 200, headers: apiHeaders(reqId, 25), body: prettyJson(body) });
/** Ids of the items one request adds: its serial makes them new even when the same items are sent again. */
const requestSeed = (id: string, completion: Completion): string => `${id}:${completion.serial ?? 0}`;

export function createConversation(op: SimOperation, completion: Completion, requestId: string): StorageOutcome {
  const id = conversationId(answerSeed(completion));
  const conversation: Conversation = { id, object: 'conversation', created_at: completion.created, metadata: asRecord(op.body.metadata) ?? {} };
  const value = { conversation, items: storedItems(op.body.items, requestSeed(id, completion)) };
  return { response: ok(shapeRequestId(requestId), conversation), keep: [stored(value)] };
}

/** Every request about a conversation found in the caller's project. */
export function answerConversation(op: SimOperation, found: StoredAnswer, completion: Completion, requestId: string): StorageOutcome {
  const { conversation, items } = found.value as StoredConversation;
  const reqId = shapeRequestId(requestId);
  const itemAt = items.findIndex((item) => item.id === op.stored?.item);
  switch (op.name) {
    case 'conversations.update': {
      const updated = { conversation: { ...conversation, metadata: asRecord(op.body.metadata) ?? {} }, items };
      return { response: ok(reqId, updated.conversation), keep: [stored(updated)] };
    }
    case 'conversations.delete':
      return { response: ok(reqId, { id: conversation.id, object: 'conversation.deleted', deleted: true }), forget: [conversation.id] };
    case 'conversations.items.list':
      return { response: ok(reqId, page(items, op.body)) };
    case 'conversations.items.create': {
      const added = storedItems(op.body.items, requestSeed(conversation.id, completion));
      return { response: ok(reqId, list(added, false)), keep: [stored({ conversation, items: [...items, ...added] })] };
    }
    case 'conversations.items.retrieve':
      return { response: itemAt < 0 ? conversationItemNotFound(reqId, op.stored?.item ?? '') : ok(reqId, items[itemAt]) };
    case 'conversations.items.delete': {
      if (itemAt < 0) return { response: conversationItemNotFound(reqId, op.stored?.item ?? '') };
      return { response: ok(reqId, conversation), keep: [stored({ conversation, items: items.filter((_, i) => i !== itemAt) })] };
    }
    default:
      return { response: ok(reqId, conversation) };
  }
}

/** The conversation with a response's turn appended: its input items, then its output items. */
export function joinConversation(found: StoredAnswer, responseId: string, input: unknown, output: readonly ConversationItem[]): StoredAnswer {
  const { conversation, items } = found.value as StoredConversation;
  return stored({ conversation, items: [...items, ...storedItems(input, responseId), ...output] });
}

/** A cursor page of the items: `order` (default desc), `after` (an item id), `limit` (default 20). */
function page(items: ConversationItem[], query: Record<string, unknown>) {
  const ordered = query.order === 'asc' ? items : [...items].reverse();
  const after = typeof query.after === 'string' ? ordered.findIndex((item) => item.id === query.after) + 1 : 0;
  const limit = typeof query.limit === 'number' ? query.limit : 20;
  return list(ordered.slice(after, after + limit), after + limit < ordered.length);
}

function list(data: ConversationItem[], hasMore: boolean) {
  return { object: 'list', data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: hasMore };
}
