import { asRecord } from '../probe.js';
import { decodePathPart, simOperation, type SimParsed } from '../simulated-common.js';
import type { OperationName, SimRequest, SimResponse, StoredReference } from '../simulator.js';
import { CONVERSATION } from './simulated-conversations.js';
import * as errors from './simulated-request-errors.js';

/**
 * Routing and validation of the Conversations API (API reference, "Conversations"; openai-node 6.x
 * `conversations.*` and `conversations.items.*`): `/v1/conversations`, `/v1/conversations/{id}`,
 * `/v1/conversations/{id}/items` and `/v1/conversations/{id}/items/{item_id}`. Null for any other path.
 */

type Body = Record<string, unknown>;
type BodyReader = () => { json: Body } | { error: SimResponse };

const PATH = '/v1/conversations';
const MAX_ITEMS = 20;
const ORDERS = ['asc', 'desc'] as const;

export function parseConversationRequest(req: SimRequest, readBody: BodyReader, reqId: () => string): SimParsed | null {
  const { method, path } = req;
  if (path === PATH) return method === 'POST' ? withBody(readBody, (body) => checkItems(body, reqId, false) ?? checkMetadata(body, reqId) ?? operation('conversations.create', body)) : null;
  if (!path.startsWith(`${PATH}/`)) return null;
  const [id, tail, item, ...rest] = path.slice(PATH.length + 1).split('/');
  if (!id || rest.length > 0 || (tail !== undefined && tail !== 'items')) return null;
  const stored = (use: StoredReference['use']): StoredReference => ({ kind: CONVERSATION, id: decodePathPart(id), use, ...(item ? { item: decodePathPart(item) } : {}) });
  if (tail === undefined) {
    if (method === 'GET') return operation('conversations.retrieve', {}, stored('read'));
    if (method === 'DELETE') return operation('conversations.delete', {}, stored('delete'));
    if (method === 'POST') return withBody(readBody, (body) => requireMetadata(body, reqId) ?? operation('conversations.update', body, stored('change')));
    return null;
  }
  if (item === undefined) {
    if (method === 'GET') return listQuery(req.query, reqId, (query) => operation('conversations.items.list', query, stored('read')));
    if (method === 'POST') return withBody(readBody, (body) => checkItems(body, reqId, true) ?? operation('conversations.items.create', body, stored('change')));
    return null;
  }
  if (method === 'GET') return operation('conversations.items.retrieve', {}, stored('read'));
  if (method === 'DELETE') return operation('conversations.items.delete', {}, stored('change'));
  return null;
}

function operation(name: OperationName, body: Body, stored?: StoredReference): SimParsed {
  return { op: simOperation(name, null, { body, ...(stored ? { stored } : {}) }) };
}

function withBody(readBody: BodyReader, parse: (body: Body) => SimParsed): SimParsed {
  const read = readBody();
  return 'error' in read ? read : parse(read.json);
}

/** `items`: a list of at most 20 items; required when adding items, optional when creating the conversation. */
function checkItems(body: Body, reqId: () => string, required: boolean): SimParsed | null {
  const items = body.items;
  if (items === undefined || items === null) return required ? { error: errors.missingParameter(reqId(), 'items') } : null;
  if (!Array.isArray(items)) return { error: errors.invalidType(reqId(), 'items', 'an array of input items', items) };
  return items.length > MAX_ITEMS ? { error: errors.tooManyItems(reqId(), items.length) } : null;
}

/** `metadata`: an object, or null. "expected a metadata object" as the Responses API words it. */
function checkMetadata(body: Body, reqId: () => string): SimParsed | null {
  const metadata = body.metadata;
  if (metadata === undefined || metadata === null || asRecord(metadata)) return null;
  return { error: errors.invalidType(reqId(), 'metadata', 'a metadata object', metadata) };
}

/** Updating a conversation requires `metadata` (openai-node's ConversationUpdateParams). */
function requireMetadata(body: Body, reqId: () => string): SimParsed | null {
  return body.metadata === undefined ? { error: errors.missingParameter(reqId(), 'metadata') } : checkMetadata(body, reqId);
}

/** The list's query: `order` (asc or desc), `limit` (1 to 100), `after` (an item id), read into the operation's body. */
function listQuery(query: URLSearchParams, reqId: () => string, parse: (query: Body) => SimParsed): SimParsed {
  const order = query.get('order');
  if (order !== null && !(ORDERS as readonly string[]).includes(order)) return { error: errors.invalidValue(reqId(), 'order', order, ORDERS) };
  const limitText = query.get('limit');
  const limit = limitText === null ? null : Number(limitText);
  if (limit !== null && !Number.isInteger(limit)) return { error: errors.invalidType(reqId(), 'limit', 'an integer', limitText) };
  if (limit !== null && limit < 1) return { error: errors.integerBelowMin(reqId(), 'limit', 1, limit) };
  if (limit !== null && limit > 100) return { error: errors.integerAboveMax(reqId(), 'limit', 100, limit) };
  const after = query.get('after');
  return parse({ ...(order ? { order } : {}), ...(limit !== null ? { limit } : {}), ...(after ? { after } : {}) });
}
