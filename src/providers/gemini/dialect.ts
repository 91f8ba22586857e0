import { withoutCredentials } from '../credential-query.js';
import type { EndpointMatch, UpstreamDialect } from '../wire.js';
import { apiVersionOf } from './wire-endpoints.js';

/** generativelanguage.googleapis.com: the key in `x-goog-api-key`, never in the URL where logs keep it. */

/** The SDK's base URL has no version (it adds `/v1beta`); one pasted with it, or with a trailing slash, means the same host. */
function normaliseBaseUrl(baseUrl: string): string {
  return baseUrl.trim().replace(/\/+$/, '').replace(/\/(v1beta|v1alpha|v1)$/, '').replace(/\/+$/, '');
}

/** The caller's path with the target model: `/{version}/models/{model}:{method}`, in the caller's API version (a cache's as it was written). */
function pathOf(match: EndpointMatch, model: string | null): string {
  if (match.objectPath !== undefined) return `/${apiVersionOf(match)}${match.objectPath}`;
  const models = `/${apiVersionOf(match)}/models`;
  if (match.operation === 'models.list') return models;
  const id = model ?? match.pathModel;
  if (!id) throw new Error(`${match.operation} needs a model`);
  const named = `${models}/${encodeURIComponent(id)}`;
  return match.operation === 'models.get' ? named : `${named}:${match.operation}`;
}

/**
 * The caller's query without credentials. A stream is always asked as SSE (`alt=sse`): without it
 * Google answers one growing JSON array, which neither the stream reader nor the SDK's parser reads.
 */
function queryOf(match: EndpointMatch, query: URLSearchParams): string {
  const kept = withoutCredentials(query);
  if (match.operation === 'streamGenerateContent') {
    kept.delete('$alt');
    kept.set('alt', 'sse');
  }
  const text = kept.toString();
  return text === '' ? '' : `?${text}`;
}

export const GEMINI_DIALECT: UpstreamDialect = {
  provider: 'gemini',
  family: 'gemini',
  defaultBaseUrl: 'https://generativelanguage.googleapis.com',
  normaliseBaseUrl,
  authHeaders: (key) => ({ 'x-goog-api-key': key }),
  defaultHeaders: {},
  url: (baseUrl, match, model, query) => normaliseBaseUrl(baseUrl) + pathOf(match, model) + queryOf(match, query),
  probePath: (baseUrl) => `${normaliseBaseUrl(baseUrl)}/v1beta/models`,
  forwardedHeaders: ['content-type', 'accept', 'x-goog-api-client'],
};
