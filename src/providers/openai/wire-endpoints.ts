import type { EndpointMatch } from '../wire.js';

/**
 * The OpenAI API endpoints the gateway serves, as clients call them (`baseURL` ending in `/v1`), and
 * each operation's path under an upstream's base URL (which already ends in `/v1` or `/openai/v1`).
 */

interface BodyEndpoint {
  operation: string;
  generates: boolean;
}

const POST_ENDPOINTS: Record<string, BodyEndpoint> = {
  '/v1/chat/completions': { operation: 'chat.completions', generates: true },
  '/v1/responses': { operation: 'responses', generates: true },
  '/v1/embeddings': { operation: 'embeddings', generates: false },
  '/v1/completions': { operation: 'completions', generates: true },
};

const MODELS_PATH = '/v1/models';
const MODEL_PREFIX = '/v1/models/';
const RESPONSE_PREFIX = '/v1/responses/';

/**
 * What may be done with a stored response, by method and what follows its id in the path: read it, delete
 * it, list its input, cancel it (a background one). Each reaches only the project that stored it.
 */
const RESPONSE_OPERATIONS: Record<string, string> = {
  'GET ': 'responses.get',
  'DELETE ': 'responses.delete',
  'GET /input_items': 'responses.input_items',
  'POST /cancel': 'responses.cancel',
};

/** Where each operation lives under the upstream base URL; `models.get` appends the model id. */
export const OPENAI_OPERATION_PATHS: Readonly<Record<string, string>> = {
  'chat.completions': '/chat/completions',
  responses: '/responses',
  embeddings: '/embeddings',
  completions: '/completions',
  'models.list': '/models',
  'models.get': '/models',
  'responses.get': '/responses',
  'responses.delete': '/responses',
  'responses.input_items': '/responses',
  'responses.cancel': '/responses',
};

/** What follows a stored response's id in its operation's path. */
export const RESPONSE_SUFFIXES: Readonly<Record<string, string>> = { 'responses.input_items': '/input_items', 'responses.cancel': '/cancel' };

export function matchOpenaiEndpoint(method: string, path: string): EndpointMatch | null {
  const verb = method.toUpperCase();
  if (path.startsWith(RESPONSE_PREFIX)) return matchStoredResponse(verb, path.slice(RESPONSE_PREFIX.length));
  if (verb === 'POST') {
    const endpoint = Object.hasOwn(POST_ENDPOINTS, path) ? POST_ENDPOINTS[path] : undefined;
    if (!endpoint) return null;
    return { family: 'openai', operation: endpoint.operation, generates: endpoint.generates, modelIn: 'body', pathModel: null, hasBody: true };
  }
  if (verb !== 'GET') return null;
  if (path === MODELS_PATH) return { family: 'openai', operation: 'models.list', generates: false, modelIn: 'none', pathModel: null, hasBody: false };
  if (!path.startsWith(MODEL_PREFIX)) return null;
  const id = modelIdOf(path.slice(MODEL_PREFIX.length));
  return id === null ? null : { family: 'openai', operation: 'models.get', generates: false, modelIn: 'path', pathModel: id, hasBody: false };
}

/** `/v1/responses/{id}[/input_items|/cancel]`; an id is letters, digits, `_` and `-` (`resp_…`). */
function matchStoredResponse(verb: string, rest: string): EndpointMatch | null {
  const slash = rest.indexOf('/');
  const id = slash < 0 ? rest : rest.slice(0, slash);
  const operation = RESPONSE_OPERATIONS[`${verb} ${slash < 0 ? '' : rest.slice(slash)}`];
  if (operation === undefined || !/^[A-Za-z0-9_-]+$/.test(id)) return null;
  return { family: 'openai', operation, generates: false, modelIn: 'none', pathModel: null, hasBody: false, answerId: id };
}

/**
 * The id in `/v1/models/{id}`, decoded. OpenAI ids have no `/` (fine-tuned ones have `:`), but
 * OpenAI-compatible servers name models `org/name`, so every segment is kept; empty, `.` and `..`
 * segments are refused: once the URL is resolved they would climb out of the upstream's base path.
 */
function modelIdOf(encoded: string): string | null {
  let id: string;
  try {
    id = encoded
      .split('/')
      .map((s) => decodeURIComponent(s))
      .join('/');
  } catch {
    return null; // a broken %-escape names no model
  }
  return id.split('/').some((s) => s === '' || s === '.' || s === '..') ? null : id;
}

/** A model id as a path: each segment escaped, `:` kept readable (`ft:gpt-4o-mini:org::id`). */
export function modelIdPath(id: string): string {
  return id
    .split('/')
    .map((s) => encodeURIComponent(s).replace(/%3A/gi, ':'))
    .join('/');
}
