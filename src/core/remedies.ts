import type { Category } from './categories.js';

export interface Remedy {
  title: string;
  cause: string;
  fixes: readonly string[];
}

/** The generic wording per category; provider rules put their specific remedies first. */
export const REMEDIES: Readonly<Record<Category, Remedy>> = {
  key_missing: {
    title: 'No API key was sent',
    cause: 'The request carried no key: the variable holding it is unset or empty in the process that made the call, or the header or parameter carrying it was dropped on the way.',
    fixes: [
      'Set the key in the environment of the process that makes the call (a service started before you edited .env does not see the change: restart it).',
      'Check which header carries the key: OpenAI `Authorization: Bearer <key>`, Anthropic `x-api-key: <key>`, Gemini `x-goog-api-key: <key>` or `?key=`.',
      'If a relay or gateway sits in between, make sure it forwards the key header (or send its own credential).',
      'Run `llmdoctor check` on the machine that makes the call to see which key it really has.',
    ],
  },
  key_malformed: {
    title: 'The API key text is damaged',
    cause: 'The key reached the provider (or the HTTP client) in a damaged form: whitespace, a newline, quotes, a placeholder, a URL, or an invisible character around or inside it.',
    fixes: [
      'Strip pasted whitespace and newlines where the key is read (`.trim()`; `echo -n` rather than `echo` when writing it to a file).',
      'Remove surrounding quotes, typographic quotes and a leading `Bearer ` from the stored value.',
      'Replace placeholders such as `YOUR_API_KEY` or `sk-xxx` with the real key, and make sure the base-URL setting did not end up in the key setting.',
      'Inspect the value with `llmdoctor check` (it shows a masked form and the problems it finds, never the key).',
    ],
  },
  key_wrong_provider: {
    title: 'A key of another provider was sent',
    cause: "The key belongs to a different provider or a relay than the host it was sent to, so that host cannot know it.",
    fixes: [
      'Use a key issued by the provider you are calling (OpenAI `sk-proj-…`, Anthropic `sk-ant-api03-…`, Gemini `AIza…` or `AQ.…`).',
      'If the key is a relay or gateway key (OpenRouter, one-api, LiteLLM), also set that relay\'s base URL so the request goes to the relay.',
      'Check that each client reads its own variable (an embedding client falling back to the chat client\'s key is a common cause).',
    ],
  },
  key_invalid: {
    title: 'The provider rejected the API key',
    cause: 'The key is unknown to the provider: mistyped, revoked, expired, deleted, or issued for another organization or relay.',
    fixes: [
      'Create a new key in the provider\'s console, store it, and revoke the old one.',
      'Make sure the running process really uses the key you think it does (compare fingerprints with `llmdoctor check`).',
      'A key issued by a relay works only with that relay\'s base URL.',
    ],
  },
  permission_denied: {
    title: 'The key is valid but not allowed to do this',
    cause: 'The key was accepted, but its organization, project, role or cloud project is not authorized for this operation or model.',
    fixes: [
      'Check the key\'s project, role and scopes in the provider console (restricted keys need the scopes of the endpoints you call).',
      'Enable the API for the cloud project, or complete the organization verification the message asks for.',
      'Check IP allow-lists and HTTP-referrer restrictions on the key.',
    ],
  },
  model_not_found: {
    title: 'The model does not exist or is not available to this key',
    cause: 'The model name is wrong (typo, retired or renamed model, stray whitespace) or this organization, project, region or API version has no access to it.',
    fixes: [
      'List the models this key can use (GET /v1/models, or ListModels for Gemini) and copy the exact id.',
      'Check for typos and trailing spaces in the configured model name.',
      'Request access to the model (some need a paid tier, verification or a specific region/location).',
    ],
  },
  billing: {
    title: 'Billing: no credit or no active payment method',
    cause: 'The account has no usable credit: billing is not set up, the prepaid balance is exhausted, or a spending limit was reached. Retrying will not help.',
    fixes: [
      'Add credit or a payment method in the provider\'s billing settings (credit can take a few minutes to apply).',
      'Check which organization/project the key belongs to: credit on another organization does not count.',
    ],
  },
  quota_exceeded: {
    title: 'A hard quota is used up until it resets',
    cause: 'A daily, monthly or free-tier quota is exhausted. Retrying now fails until the quota window resets.',
    fixes: [
      'Wait for the reset shown in the response, or move to a higher tier / paid plan.',
      'Request a quota increase, or spread work across projects where the terms allow it.',
      'Lower the volume: cache answers, batch requests, use a smaller model for bulk work.',
    ],
  },
  rate_limited: {
    title: 'Rate limit: too many requests or tokens per minute',
    cause: 'A short-window limit (requests or tokens per minute, or concurrency) was exceeded. Waiting briefly and retrying with backoff works.',
    fixes: [
      'Retry after the delay the response gives, with exponential backoff and jitter.',
      'Reduce concurrency, and queue requests instead of sending bursts.',
      'Lower max_tokens and prompt size (token limits count both), or move to a higher usage tier.',
    ],
  },
  overloaded: {
    title: 'The provider is overloaded',
    cause: 'The provider has no capacity for this model right now. This is on their side and usually passes within minutes.',
    fixes: [
      'Retry with exponential backoff.',
      'Fall back to another model or region while it lasts.',
      'Check the provider status page.',
    ],
  },
  region_blocked: {
    title: 'Refused for the caller\'s country or region',
    cause: 'The provider refuses requests from the country or network the call comes from (or its edge flagged the network).',
    fixes: [
      'Call from a host in a supported country (check where the backend really egresses: `llmdoctor check`).',
      'Route the provider traffic through a proxy or gateway in a supported region; make sure the HTTP client really uses it (Node\'s fetch ignores HTTPS_PROXY).',
    ],
  },
  wrong_endpoint: {
    title: 'The URL is wrong',
    cause: 'The request went to a path or host that does not serve this API: a missing `/v1`, a doubled path, a wrong host, API version or base-URL setting.',
    fixes: [
      'Check the base URL: it should end at the API root (e.g. `https://api.openai.com/v1`), and the SDK appends the rest.',
      'Look for a doubled path (`/v1/v1`, `/chat/completions/chat/completions`) or a missing version segment.',
      'Check environment variables that override the base URL (OPENAI_BASE_URL, ANTHROPIC_BASE_URL).',
    ],
  },
  bad_request: {
    title: 'The request is invalid',
    cause: 'The provider rejected the request itself: a parameter is missing, unsupported for this model, or out of range.',
    fixes: [
      'Read the parameter named in the message and fix its value.',
      'Check the parameters this model supports (newer models renamed some, e.g. max_completion_tokens).',
    ],
  },
  context_length_exceeded: {
    title: 'The request is larger than the model allows',
    cause: 'Prompt plus requested output exceed the model\'s context window (or one request is larger than the token-per-minute limit). Retrying the same request never works.',
    fixes: [
      'Shorten the input: trim history, summarize, or retrieve fewer documents.',
      'Lower max_tokens so prompt + output fits the window.',
      'Use a model with a larger context window.',
    ],
  },
  content_blocked: {
    title: 'Blocked by a safety filter',
    cause: 'The provider\'s moderation or safety system refused the prompt or the output.',
    fixes: [
      'Rephrase the prompt, or handle the refusal in your application.',
      'Where the provider allows it, adjust the safety settings for your use case.',
    ],
  },
  server_error: {
    title: 'The provider had an internal error',
    cause: 'The provider (or a gateway in front of it) failed while handling the request. It is usually transient.',
    fixes: [
      'Retry with exponential backoff.',
      'If it persists, check the provider status page and report the request id.',
    ],
  },
  timeout: {
    title: 'The request timed out',
    cause: 'No complete answer arrived in time: the model was slow, the output long, or the path to the provider is dropping packets.',
    fixes: [
      'Retry; use streaming for long outputs so tokens arrive before the timeout.',
      'Raise the client timeout for long generations.',
      'If it happens on every call, test connectivity from the backend host (`llmdoctor check`).',
    ],
  },
  network_dns: {
    title: 'The host name cannot be resolved',
    cause: 'DNS lookup of the API host failed on the machine that made the call: no DNS server, a typo in the host, or a network that blocks the name.',
    fixes: [
      'Test resolution from the backend host itself (`getent hosts api.openai.com` / `nslookup`), inside the container if there is one.',
      'Check the host name in the base URL for typos.',
      'If the network blocks the provider, route through a proxy that can reach it.',
    ],
  },
  network_connect: {
    title: 'Cannot connect to the API host',
    cause: 'The TCP connection could not be opened: refused, unreachable, or timed out. A firewall, an unreachable route or a blocked network is likely.',
    fixes: [
      'Test connectivity from the backend host itself (`curl -v https://api.openai.com/v1/models`), not from your laptop.',
      'If you need a proxy, make sure the client uses it (Node\'s fetch ignores HTTPS_PROXY unless configured).',
      'Check firewall and egress rules of the host, container or cloud network.',
    ],
  },
  network_reset: {
    title: 'The connection dropped mid-way',
    cause: 'The connection was reset or closed before the answer completed: an unstable network, a proxy cutting long connections, or broken IPv6.',
    fixes: [
      'Retry with backoff (the SDKs do this for connection errors).',
      'Check proxies and load balancers for idle or response-time limits; use streaming for long answers.',
      'If only some hosts fail, test IPv4 vs IPv6 (`curl -4` / `curl -6`).',
    ],
  },
  network_tls: {
    title: 'TLS certificate verification failed',
    cause: 'The certificate presented was not the provider\'s trusted one: a corporate TLS-intercepting proxy or antivirus, an outdated CA bundle, or a DNS answer pointing elsewhere.',
    fixes: [
      'If a corporate proxy intercepts TLS, add its CA certificate (NODE_EXTRA_CA_CERTS=/path/ca.pem for Node; REQUESTS_CA_BUNDLE/SSL_CERT_FILE for Python).',
      'Check what certificate you get and who issued it (`llmdoctor check`, or `openssl s_client -connect api.openai.com:443`).',
      'Never disable verification (NODE_TLS_REJECT_UNAUTHORIZED=0) in production.',
    ],
  },
  network_proxy: {
    title: 'The proxy is misconfigured or refusing',
    cause: 'The request went to a proxy that is down, unreachable, refusing, or asking for credentials (HTTP 407).',
    fixes: [
      'Check HTTPS_PROXY / HTTP_PROXY / ALL_PROXY and NO_PROXY: is the proxy running at that address and port?',
      'Add the proxy credentials (http://user:pass@host:port) if it answers 407.',
      'Use an `http://` proxy URL for an HTTP proxy (an `https://` URL to a plain proxy fails the TLS handshake).',
    ],
  },
  unknown: {
    title: 'Not enough information to tell what went wrong',
    cause: 'Nothing in the status, body or message identifies the cause.',
    fixes: [
      'Capture the HTTP status, the response body and headers (not just the SDK\'s message) and run `llmdoctor explain` on them.',
      'Run `llmdoctor check` on the machine that made the call.',
    ],
  },
};
