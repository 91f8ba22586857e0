import { decodedSegment } from '../probe.js';
import type { EndpointMatch } from '../wire.js';

type RequestHeaders = Record<string, string | string[] | undefined>;

/** Model ids as Anthropic names them (`claude-opus-4-5-20251101`); anything else in a path is refused, never forwarded. */
const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]*$/;
const MODEL_PATH = /^\/v1\/models\/([^/]+)$/;

/**
 * The Messages API endpoints the gateway serves. `/v1/models` is also OpenAI's path: it is Anthropic's
 * only when the request carries `anthropic-version`, which @anthropic-ai/sdk always sends.
 */
export function matchAnthropicEndpoint(method: string, path: string, headers: RequestHeaders): EndpointMatch | null {
  const verb = method.toUpperCase();
  if (verb === 'POST') {
    if (path === '/v1/messages') return endpoint('messages', true, 'body', null);
    if (path === '/v1/messages/count_tokens') return endpoint('messages.count_tokens', false, 'body', null);
    return null;
  }
  if (verb !== 'GET' || !hasHeader(headers, 'anthropic-version')) return null;
  if (path === '/v1/models') return endpoint('models.list', false, 'none', null);
  const encoded = MODEL_PATH.exec(path)?.[1];
  const model = encoded === undefined ? null : decodedSegment(encoded);
  return model !== null && MODEL_ID.test(model) ? endpoint('models.get', false, 'path', model) : null;
}

function endpoint(operation: string, generates: boolean, modelIn: EndpointMatch['modelIn'], pathModel: string | null): EndpointMatch {
  return { family: 'anthropic', operation, generates, modelIn, pathModel, hasBody: modelIn === 'body' };
}

function hasHeader(headers: RequestHeaders, name: string): boolean {
  const value = headers[name];
  return Array.isArray(value) ? value.some((v) => v.trim() !== '') : typeof value === 'string' && value.trim() !== '';
}
