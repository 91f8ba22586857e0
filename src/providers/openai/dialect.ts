import type { EndpointMatch, UpstreamDialect } from '../wire.js';
import { openaiUpstreamUrl, trimBaseUrl } from './wire-upstream-url.js';

const MODELS_LIST: EndpointMatch = { family: 'openai', operation: 'models.list', generates: false, modelIn: 'none', pathModel: null, hasBody: false };

/**
 * Caller headers worth passing on. Credentials (authorization, api-key, cookie) never are: the gateway
 * sends its own key. Neither are OpenAI-Organization / OpenAI-Project: a caller's stale org header next
 * to the gateway's key makes OpenAI refuse the key (401 mismatched_organization), which would count
 * against a good key; an upstream's `headers` setting sets them instead.
 */
export const OPENAI_FORWARDED_HEADERS: readonly string[] = ['accept', 'content-type', 'openai-beta', 'user-agent'];

function openaiFormatDialect(provider: 'openai' | 'openai-compatible', defaultBaseUrl: string): UpstreamDialect {
  return {
    provider,
    family: 'openai',
    defaultBaseUrl,
    // The path is kept as written: a base without `/v1` is the user's choice (some compatible servers have none)
    normaliseBaseUrl: trimBaseUrl,
    authHeaders: (key) => ({ authorization: `Bearer ${key}` }),
    defaultHeaders: {},
    url: openaiUpstreamUrl,
    probePath: (baseUrl) => openaiUpstreamUrl(baseUrl, MODELS_LIST, null, new URLSearchParams()),
    forwardedHeaders: OPENAI_FORWARDED_HEADERS,
  };
}

/** api.openai.com. */
export const OPENAI_DIALECT: UpstreamDialect = openaiFormatDialect('openai', 'https://api.openai.com/v1');

/** Any server that speaks the OpenAI format (vLLM, Ollama, OpenRouter, Groq...): its base URL must be configured. */
export const OPENAI_COMPATIBLE_DIALECT: UpstreamDialect = openaiFormatDialect('openai-compatible', '');
