import type { EndpointMatch } from '../wire.js';

/**
 * The endpoints of objects OpenAI stores in the project of the key that made them: responses and
 * conversations. Each request names its object in the path (or, creating a conversation, makes one), and only
 * that project's keys reach it. The path under the API version is sent upstream as the client wrote it.
 */

interface StoredRoute {
  method: string;
  /** Path under `/v1`; `(id)` is the stored object's id, `(item)` an item of it. */
  pattern: RegExp;
  operation: string;
  hasBody: boolean;
}

const ID = '([A-Za-z0-9_-]+)';
const route = (method: string, path: string, operation: string, hasBody = false): StoredRoute => ({
  method,
  pattern: new RegExp(`^${path.replace('(id)', ID).replace('(item)', '[A-Za-z0-9_-]+')}$`),
  operation,
  hasBody,
});

const STORED_ROUTES: readonly StoredRoute[] = [
  route('GET', '/responses/(id)', 'responses.get'),
  route('DELETE', '/responses/(id)', 'responses.delete'),
  route('GET', '/responses/(id)/input_items', 'responses.input_items'),
  route('POST', '/responses/(id)/cancel', 'responses.cancel'),
  route('GET', '/conversations/(id)', 'conversations.get'),
  route('POST', '/conversations/(id)', 'conversations.update', true),
  route('DELETE', '/conversations/(id)', 'conversations.delete'),
  route('GET', '/conversations/(id)/items', 'conversations.items.list'),
  route('POST', '/conversations/(id)/items', 'conversations.items.create', true),
  route('GET', '/conversations/(id)/items/(item)', 'conversations.items.get'),
  route('DELETE', '/conversations/(id)/items/(item)', 'conversations.items.delete'),
];

const CREATE_CONVERSATION = '/conversations';

/** A stored object's endpoint, or creating a conversation; `path` is what follows `/v1`. */
export function matchStoredEndpoint(verb: string, path: string): EndpointMatch | null {
  const base = { family: 'openai', generates: false, modelIn: 'none', pathModel: null, objectPath: path } as const;
  if (verb === 'POST' && path === CREATE_CONVERSATION) return { ...base, operation: 'conversations.create', hasBody: true };
  for (const stored of STORED_ROUTES) {
    if (stored.method !== verb) continue;
    const id = stored.pattern.exec(path)?.[1];
    if (id !== undefined) return { ...base, operation: stored.operation, hasBody: stored.hasBody, answerId: id };
  }
  return null;
}
