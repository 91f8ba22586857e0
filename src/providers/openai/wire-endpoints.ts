import type { EndpointMatch } from '../wire.js';
import { matchStoredEndpoint } from './wire-stored-endpoints.js';

/**
 * The OpenAI API endpoints the gateway serves, as clients call them (`baseURL` ending in `/v1`), and
 * each operation's path under an upstream's base URL (which already ends in `/v1` or `/openai/v1`).
 */

interface BodyEndpoint {
  operation: string;
  generates: boolean;
  modelOptional?: true;
}

const POST_ENDPOINTS: Record<string, BodyEndpoint> = {
  '/v1/chat/completions': { operation: 'chat.completions', generates: true },
  '/v1/responses': { operation: 'responses', generates: true },
  '/v1/embeddings': { operation: 'embeddings', generates: false },
  '/v1/completions': { operation: 'completions', generates: true },
  '/v1/moderations': { operation: 'moderations', generates: false, modelOptional: true },
};

const MODELS_PATH = '/v1/models';
const MODEL_PREFIX = '/v1/models/';
const VERSION = '/v1';

/** Where each operation lives under the upstream base URL; `models.get` appends the model id. */
export const OPENAI_OPERATION_PATHS: Readonly<Record<string, string>> = {
  'chat.completions': '/chat/completions',
  responses: '/responses',
  embeddings: '/embeddings',
  completions: '/completions',
  moderations: '/moderations',
  'models.list': '/models',
  'models.get': '/models',
};

export function matchOpenaiEndpoint(method: string, path: string): EndpointMatch | null {
  const verb = method.toUpperCase();
  const endpoint = verb === 'POST' && Object.hasOwn(POST_ENDPOINTS, path) ? POST_ENDPOINTS[path] : undefined;
  if (endpoint) {
    const match: EndpointMatch = { family: 'openai', operation: endpoint.operation, generates: endpoint.generates, modelIn: 'body', pathModel: null, hasBody: true };
    return endpoint.modelOptional ? { ...match, modelOptional: true } : match;
  }
  if (verb === 'GET' && path === MODELS_PATH) return { family: 'openai', operation: 'models.list', generates: false, modelIn: 'none', pathModel: null, hasBody: false };
  if (verb === 'GET' && path.startsWith(MODEL_PREFIX)) {
    const id = modelIdOf(path.slice(MODEL_PREFIX.length));
    return id === null ? null : { family: 'openai', operation: 'models.get', generates: false, modelIn: 'path', pathModel: id, hasBody: false };
  }
  return path.startsWith(`${VERSION}/`) ? matchStoredEndpoint(verb, path.slice(VERSION.length)) : null;
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
