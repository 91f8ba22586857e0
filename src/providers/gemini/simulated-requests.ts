import { decodePathPart, estimateTokens, firstHeader, simOperation, type SimParsed } from '../simulated-common.js';
import type { OperationName, SimRequest } from '../simulator.js';
import { googleError, type GoogleStatus } from './simulated-envelope.js';
import { contextLengthExceeded, invalidArgument, modelNotFound, unknownFields } from './simulated-errors.js';
import { notFoundPage } from './simulated-html.js';
import { invalidJsonMessage } from './simulated-json-syntax.js';
import { DEFAULT_PAGE_SIZE, findModel, MAX_PAGE_SIZE, pageStart } from './simulated-models.js';
import { altOf, styleOfRequest, type ResponseStyle } from './simulated-request-style.js';
import { cacheNamed, parseCacheRequest } from './simulated-caches.js';
import { geminiForcedTool } from './simulated-tool-choice.js';
import { checkBody, invalidValue } from './simulated-validation.js';

/**
 * Routes a request the way generativelanguage.googleapis.com does: `/{version}/models`,
 * `/{version}/models/{model}` and `/{version}/models/{model}:{method}`, for v1beta, v1 and v1alpha, and the
 * context caches (`/{version}/cachedContents[/{id}]`, simulated-caches.ts).
 * A path no method matches (or the wrong HTTP method for it) gets the front end's HTML 404; a model
 * the API does not serve, or one that does not support the method, gets the JSON 404 (gm-035).
 */

const VERSIONS = ['v1beta', 'v1', 'v1alpha'] as const;
const GENERATE_METHODS = new Set<string>(['generateContent', 'streamGenerateContent', 'countTokens']);
/** Methods the real API has that this simulator does not serve: answered as unsupported by the model. */
const OTHER_METHODS = new Set(['embedContent', 'batchEmbedContents', 'asyncBatchEmbedContent', 'batchGenerateContent', 'predict', 'predictLongRunning', 'countTextTokens', 'generateAnswer']);
/** Google's system parameters, accepted on every method (cloud.google.com/apis/docs/system-parameters). */
const SYSTEM_PARAMETERS = new Set([
  'key', 'alt', '$alt', 'prettyPrint', '$prettyPrint', 'fields', '$fields', 'quotaUser', '$quotaUser', 'callback', '$callback',
  'access_token', 'oauth_token', 'upload_protocol', 'uploadType', '$.xgafv', 'userIp', 'pp', 'trace',
]);
const LIST_PARAMETERS = new Set(['pageSize', 'page_size', 'pageToken', 'page_token']);
/** The largest request the API takes: 20 MB (ai.google.dev/gemini-api/docs/files). */
const MAX_REQUEST_BYTES = 20 * 1024 * 1024;

export function parseGeminiRequest(req: SimRequest): SimParsed {
  const path = req.path.includes('%') ? decodePathPart(req.path) : req.path;
  const version = VERSIONS.find((v) => path.startsWith(`/${v}/`));
  if (!version) return { error: notFoundPage(req.path) };
  const resource = path.slice(version.length + 2);
  const style = styleOfRequest(req);

  const cache = parseCacheRequest(req.method, resource, () => readBody(req));
  if (cache) return cache;
  if (resource === 'models') return req.method === 'GET' ? parseList(req, style) : { error: notFoundPage(req.path) };
  if (!resource.startsWith('models/')) return { error: notFoundPage(req.path) };
  const name = resource.slice('models/'.length);
  const colon = name.indexOf(':');
  const model = colon < 0 ? name : name.slice(0, colon);
  if (model === '' || model.includes('/')) return { error: notFoundPage(req.path) };
  if (colon < 0) return req.method === 'GET' ? parseGet(req, model, version) : { error: notFoundPage(req.path) };

  const method = name.slice(colon + 1);
  if (req.method !== 'POST' || !(GENERATE_METHODS.has(method) || OTHER_METHODS.has(method))) return { error: notFoundPage(req.path) };
  const fail = (status: GoogleStatus) => ({ error: googleError(status, style) });
  const unknownParameter = firstUnknownParameter(req.query, SYSTEM_PARAMETERS);
  if (unknownParameter) return fail(unknownFields([{ name: unknownParameter, at: null }], true));
  if (req.rawBody.length > MAX_REQUEST_BYTES) return fail(invalidArgument(`Request payload size exceeds the limit: ${MAX_REQUEST_BYTES} bytes.`));

  const body = readBody(req);
  if ('error' in body) return fail(body.error);
  const known = findModel(model);
  if (!known || !known.supportedGenerationMethods.includes(method === 'streamGenerateContent' ? 'generateContent' : method) || !GENERATE_METHODS.has(method)) {
    return fail(modelNotFound({ model, method, apiVersion: version }));
  }
  const counting = method === 'countTokens';
  const checked = checkBody(body.value, counting);
  if ('code' in checked) return fail(checked);
  const promptTokens = estimateTokens(checked.promptText);
  if (!counting && promptTokens > known.inputTokenLimit) return fail(contextLengthExceeded({ model, promptTokens }, promptTokens));

  const stream = method === 'streamGenerateContent';
  return {
    op: simOperation(method as OperationName, model, {
      stream,
      streamStyle: stream && altOf(req.query) !== 'sse' ? 'json-array' : 'sse',
      body: body.value as Record<string, unknown>,
      promptText: checked.promptText,
      maxTokens: checked.maxTokens,
      answers: checked.answers,
      includeUsage: true,
      forcedTool: counting ? undefined : geminiForcedTool(body.value as Record<string, unknown>),
      stored: cacheNamed(body.value as Record<string, unknown>),
    }),
  };
}

function parseList(req: SimRequest, style: ResponseStyle): SimParsed {
  const unknownParameter = firstUnknownParameter(req.query, SYSTEM_PARAMETERS, LIST_PARAMETERS);
  if (unknownParameter) return { error: googleError(unknownFields([{ name: unknownParameter, at: null }], true), style) };
  const rawSize = req.query.get('pageSize') ?? req.query.get('page_size');
  const size = rawSize === null || rawSize === '' ? 0 : Number(rawSize);
  if (!Number.isInteger(size)) return { error: googleError(invalidValue('page_size', 'TYPE_INT32', rawSize), style) };
  const token = req.query.get('pageToken') ?? req.query.get('page_token');
  const start = token ? pageStart(token) : 0;
  if (start === null) return { error: googleError(invalidArgument('Request contains an invalid argument.'), style) };
  const pageSize = size <= 0 ? DEFAULT_PAGE_SIZE : Math.min(size, MAX_PAGE_SIZE);
  return { op: simOperation('models.list', null, { body: { pageSize, pageStart: start } }) };
}

function parseGet(req: SimRequest, model: string, version: string): SimParsed {
  const unknownParameter = firstUnknownParameter(req.query, SYSTEM_PARAMETERS);
  if (unknownParameter) return { error: googleError(unknownFields([{ name: unknownParameter, at: null }], true), 'json') };
  if (!findModel(model)) return { error: googleError(modelNotFound({ model, method: 'getModel', apiVersion: version }), 'json') };
  return { op: simOperation('models.retrieve', model) };
}

/**
 * The body as the front end reads it. A form-encoded body (curl's default without `-H
 * 'Content-Type: application/json'`) is read as query parameters, so every field of it is unknown
 * (the same wording as an unknown query parameter); anything else is read as JSON, an empty body
 * as an empty message.
 */
function readBody(req: SimRequest): { value: unknown } | { error: GoogleStatus } {
  const text = req.rawBody.toString('utf8');
  if (firstHeader(req, 'content-type')?.startsWith('application/x-www-form-urlencoded') && text.trim() !== '') {
    const names = [...new URLSearchParams(text).keys()];
    return { error: unknownFields(names.map((name) => ({ name, at: null })), true) };
  }
  if (text.trim() === '') return { value: {} };
  try {
    return { value: JSON.parse(text) };
  } catch {
    return { error: invalidArgument(invalidJsonMessage(text)) };
  }
}

function firstUnknownParameter(query: URLSearchParams, ...allowed: ReadonlySet<string>[]): string | null {
  for (const name of query.keys()) if (!allowed.some((set) => set.has(name))) return name;
  return null;
}
