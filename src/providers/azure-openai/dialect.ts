import { OPENAI_FORWARDED_HEADERS } from '../openai/dialect.js';
import { openaiUpstreamUrl, trimBaseUrl } from '../openai/wire-upstream-url.js';
import type { EndpointMatch, UpstreamDialect } from '../wire.js';

const MODELS_LIST: EndpointMatch = { family: 'openai', operation: 'models.list', generates: false, modelIn: 'none', pathModel: null, hasBody: false };
const V1_PATH = '/openai/v1';

/**
 * Azure OpenAI's v1 API (`https://<resource>.openai.azure.com/openai/v1`): OpenAI's paths and bodies,
 * the deployment name as `model`, and the key in an `api-key` header. A bare resource URL (as the
 * portal shows it) or one ending in `/openai` gets the rest of the path.
 */
function normaliseAzureBaseUrl(baseUrl: string): string {
  const trimmed = trimBaseUrl(baseUrl);
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return trimmed; // not a URL: the config check reports it
  }
  const path = url.pathname.replace(/\/+$/, '');
  const completed = path === '' ? V1_PATH : path.toLowerCase() === '/openai' ? `${path}/v1` : path;
  return `${url.origin}${completed}${url.search}`;
}

export const AZURE_OPENAI_DIALECT: UpstreamDialect = {
  provider: 'azure-openai',
  family: 'openai',
  // Every resource has its own host: there is no default
  defaultBaseUrl: '',
  normaliseBaseUrl: normaliseAzureBaseUrl,
  authHeaders: (key) => ({ 'api-key': key }),
  defaultHeaders: {},
  url: openaiUpstreamUrl,
  probePath: (baseUrl) => openaiUpstreamUrl(baseUrl, MODELS_LIST, null, new URLSearchParams()),
  forwardedHeaders: OPENAI_FORWARDED_HEADERS,
};
