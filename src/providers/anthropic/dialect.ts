import { withoutCredentials } from '../credential-query.js';
import type { EndpointMatch, UpstreamDialect } from '../wire.js';

/** api.anthropic.com and anything that serves its Messages API under the same paths. */

const API_VERSION = '2023-06-01';

const PATHS: Readonly<Record<string, string>> = {
  messages: '/v1/messages',
  'messages.count_tokens': '/v1/messages/count_tokens',
  'models.list': '/v1/models',
};

/** The SDK's base URL has no `/v1` (it adds it); one pasted with it, or with a trailing slash, means the same host. */
function normaliseBaseUrl(baseUrl: string): string {
  return baseUrl.trim().replace(/\/+$/, '').replace(/\/v1$/, '').replace(/\/+$/, '');
}

function pathOf(match: EndpointMatch, model: string | null): string {
  if (match.operation === 'models.get') {
    const id = model ?? match.pathModel;
    if (!id) throw new Error('models.get needs a model id');
    return `/v1/models/${encodeURIComponent(id)}`;
  }
  const path = PATHS[match.operation];
  if (!path) throw new Error(`"${match.operation}" is not an Anthropic operation`);
  return path;
}

function queryWithoutCredentials(query: URLSearchParams): string {
  if (query.size === 0) return '';
  const text = withoutCredentials(query).toString();
  return text === '' ? '' : `?${text}`;
}

export const ANTHROPIC_DIALECT: UpstreamDialect = {
  provider: 'anthropic',
  family: 'anthropic',
  defaultBaseUrl: 'https://api.anthropic.com',
  normaliseBaseUrl,
  authHeaders: (key) => ({ 'x-api-key': key }),
  defaultHeaders: { 'anthropic-version': API_VERSION },
  url: (baseUrl, match, model, query) => normaliseBaseUrl(baseUrl) + pathOf(match, model) + queryWithoutCredentials(query),
  probePath: (baseUrl) => `${normaliseBaseUrl(baseUrl)}/v1/models`,
  forwardedHeaders: ['content-type', 'accept', 'anthropic-version', 'anthropic-beta'],
};
