import { decodedSegment } from '../probe.js';
import type { EndpointMatch } from '../wire.js';

/** A Gemini endpoint, with the API version the caller used (`v1beta`, `v1`): the upstream request keeps it. */
export interface GeminiEndpointMatch extends EndpointMatch {
  apiVersion: string;
}

const GENERATING = new Set(['generateContent', 'streamGenerateContent']);
const OTHER_METHODS = new Set(['countTokens', 'embedContent', 'batchEmbedContents']);
const MODELS_PATH = /^\/(v1beta|v1alpha|v1)\/models(?:\/(.+))?$/;
/** Model ids as Google names them (`gemini-2.5-flash`, `text-embedding-004`); anything else in a path is refused, never forwarded. */
const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

type RequestHeaders = Record<string, string | string[] | undefined>;

/** Headers only Google's clients send: @google/genai sends both, with the key in the first. */
const GOOGLE_CLIENT_HEADERS = ['x-goog-api-key', 'x-goog-api-client'];

/**
 * `/{version}/models/{model}:{method}` as @google/genai calls it (https://ai.google.dev/api), and
 * the model listing. The model may arrive url-encoded, colon and `models/` prefix included.
 * Tuned models (`/tunedModels/...`) are not served. `GET /v1/models[/{id}]` is OpenAI's path too: it
 * is Gemini's only when a Google client header says so.
 */
export function matchGeminiEndpoint(method: string, path: string, headers: RequestHeaders): GeminiEndpointMatch | null {
  const parts = MODELS_PATH.exec(path);
  if (!parts) return matchCacheEndpoint(method.toUpperCase(), path);
  const [, apiVersion = 'v1beta', encoded] = parts;
  const verb = method.toUpperCase();
  if (verb === 'GET' && apiVersion === 'v1' && !GOOGLE_CLIENT_HEADERS.some((name) => headers[name] !== undefined)) return null;
  if (encoded === undefined) return verb === 'GET' ? endpoint(apiVersion, 'models.list', false, null) : null;
  const rest = decodedSegment(encoded);
  if (rest === null) return null;
  const colon = rest.lastIndexOf(':');
  const model = bareModel(colon < 0 ? rest : rest.slice(0, colon));
  if (model === null) return null;
  if (colon < 0) return verb === 'GET' ? endpoint(apiVersion, 'models.get', false, model) : null;
  const operation = rest.slice(colon + 1);
  if (verb !== 'POST' || !(GENERATING.has(operation) || OTHER_METHODS.has(operation))) return null;
  return endpoint(apiVersion, operation, GENERATING.has(operation), model);
}

const CACHES_PATH = /^\/(v1beta|v1alpha|v1)(\/cachedContents(?:\/([a-z0-9-]+))?)$/;

/**
 * The context caches (ai.google.dev/api/caching): create and list at `/{version}/cachedContents`, read, change
 * (PATCH) and delete at `/{version}/cachedContents/{id}`. The path goes upstream as the client wrote it.
 */
function matchCacheEndpoint(verb: string, path: string): GeminiEndpointMatch | null {
  const parts = CACHES_PATH.exec(path);
  if (!parts) return null;
  const [, apiVersion = 'v1beta', objectPath = '', id] = parts;
  const base = { family: 'gemini', generates: false, pathModel: null, objectPath, apiVersion } as const;
  if (id === undefined) {
    if (verb === 'POST') return { ...base, operation: 'cachedContents.create', modelIn: 'body', hasBody: true };
    return verb === 'GET' ? { ...base, operation: 'cachedContents.list', modelIn: 'none', hasBody: false } : null;
  }
  const operation = CACHE_OPERATIONS[verb];
  return operation ? { ...base, operation, modelIn: 'none', hasBody: verb === 'PATCH', answerId: `cachedContents/${id}` } : null;
}

const CACHE_OPERATIONS: Record<string, string> = { GET: 'cachedContents.get', PATCH: 'cachedContents.update', DELETE: 'cachedContents.delete' };

/** The caller's API version, `v1beta` for a match that does not carry one. */
export function apiVersionOf(match: EndpointMatch): string {
  const version = (match as Partial<GeminiEndpointMatch>).apiVersion;
  return typeof version === 'string' && version !== '' ? version : 'v1beta';
}

function endpoint(apiVersion: string, operation: string, generates: boolean, pathModel: string | null): GeminiEndpointMatch {
  const hasBody = operation !== 'models.list' && operation !== 'models.get';
  return { family: 'gemini', operation, generates, modelIn: pathModel === null ? 'none' : 'path', pathModel, hasBody, apiVersion };
}

function bareModel(name: string): string | null {
  const model = name.startsWith('models/') ? name.slice('models/'.length) : name;
  return MODEL_ID.test(model) ? model : null;
}
