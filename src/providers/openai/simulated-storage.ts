import type { Completion, SimClock, SimOperation, SimResponse, SimulatedStorage, StorageOutcome, StoredAnswer } from '../simulator.js';
import { answerConversation, CONVERSATION, createConversation, joinConversation } from './simulated-conversations.js';
import { shapeRequestId } from './simulated-headers.js';
import { conversationNotFound } from './simulated-request-errors.js';
import { answerStoredResponse, keepResponse, responseNotFoundFor } from './simulated-stored-responses.js';

/** What OpenAI keeps per project: Responses answers (simulated-stored-responses.ts) and conversations (simulated-conversations.ts). */

const answersFromStorage = (op: SimOperation): boolean => op.name.startsWith('conversations.') || op.name.startsWith('responses.');

function answer(op: SimOperation, stored: StoredAnswer | null, completion: Completion, requestId: string, clock: SimClock): StorageOutcome {
  if (op.name === 'conversations.create') return createConversation(op, completion, requestId);
  if (!stored) throw new Error(`${op.name} names no stored object`); // parse() gives every other one a reference
  if (stored.kind === CONVERSATION) return answerConversation(op, stored, completion, requestId);
  return answerStoredResponse(op, stored, requestId, clock);
}

function keep(op: SimOperation, completion: Completion, stored: StoredAnswer | null, clock: SimClock): StoredAnswer[] {
  if (op.name !== 'responses') return [];
  const { response, kept } = keepResponse(op, completion, clock);
  const joined = stored?.kind === CONVERSATION ? [joinConversation(stored, response.id, op.body.input, response.output)] : [];
  return [...(kept ? [kept] : []), ...joined];
}

function notFound(op: SimOperation, requestId: string): SimResponse {
  const reqId = shapeRequestId(requestId);
  return op.stored?.kind === CONVERSATION ? conversationNotFound(reqId, op.stored.id) : responseNotFoundFor(op, reqId);
}

export const OPENAI_STORAGE: SimulatedStorage = {
  stores: (op) => op.name === 'responses' || op.name === 'conversations.create' || op.name === 'conversations.items.create',
  answers: answersFromStorage,
  answer,
  keep,
  notFound,
};
