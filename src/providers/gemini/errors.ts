import type { Evidence } from '../../core/evidence.js';
import { oncePerEvidence, rule, type ProviderKnowledge, type ProviderSignal } from '../../core/rule.js';
import { googleQuotaVerdict } from '../google-rpc.js';

const GOOGLE_STATUSES = ['INVALID_ARGUMENT', 'FAILED_PRECONDITION', 'PERMISSION_DENIED', 'UNAUTHENTICATED', 'NOT_FOUND', 'RESOURCE_EXHAUSTED', 'INTERNAL', 'UNAVAILABLE', 'DEADLINE_EXCEEDED', 'CANCELLED'];

const GOOGLE_STATUS_IN_TEXT = new RegExp(`\\b(?:${GOOGLE_STATUSES.join('|')})\\b`);

/** Google answers with google.rpc.Status: `{"error":{"code":429,"status":"RESOURCE_EXHAUSTED","details":[...]}}`. */
export function detectGoogleEnvelope(e: Evidence): ProviderSignal[] {
  const signals: ProviderSignal[] = [];
  if (e.records.some((r) => r.status !== null && GOOGLE_STATUSES.includes(r.status))) signals.push([3, 'google.rpc status in the body']);
  else if (GOOGLE_STATUS_IN_TEXT.test(e.text)) signals.push([1, 'google.rpc status name in the text']);
  if (/type\.googleapis\.com\/google\.rpc/.test(e.text)) signals.push([2, 'google.rpc details']);
  if (e.hasHeaderPrefix('x-goog-')) signals.push([3, 'x-goog-* headers']);
  return signals;
}

function detect(e: Evidence): ProviderSignal[] {
  const signals = detectGoogleEnvelope(e);
  if (/generativelanguage\.googleapis\.com|ai\.google\.dev|aistudio\.google\.com|cloudcode-pa\.googleapis\.com/i.test(e.text)) signals.push([4, 'Gemini API host in the text']);
  if (/GoogleGenerativeAI|google\.genai|google-genai|\bGemini\b|GEMINI_API_KEY|google\.api_core/i.test(e.text)) signals.push([2, 'Gemini SDK or wording']);
  return signals;
}

const readQuota = oncePerEvidence(googleQuotaVerdict);

const quotaIs = (kind: string) => (e: Evidence) => {
  const verdict = readQuota(e);
  return verdict?.kind === kind ? verdict.evidence : null;
};

export const GEMINI_ERRORS: ProviderKnowledge = {
  id: 'gemini',
  name: 'Google Gemini',
  detect,
  rules: [
    rule('key_invalid', (e) => e.says(/reported as leaked/i), {
      cause: 'Google found this key in public (a repository, a web page) and blocked it.',
      fixes: ['Create a new key at https://aistudio.google.com/apikey, delete the leaked one, and keep keys out of client-side code and repositories.'],
    }),
    rule('key_invalid', (e) => e.field('API_KEY_INVALID') || e.says(/API key not valid|API Key not found|API key expired/i), {
      fixes: ['Create a new key at https://aistudio.google.com/apikey; send it as `x-goog-api-key` (or `?key=`), trimmed of whitespace.'],
    }),
    rule('key_missing', (e) => e.says(/Method doesn't allow unregistered callers|GEMINI_API_KEY (?:environment variable )?(?:is )?(?:missing|not (?:set|found))|API key must be set|No API key (?:was )?provided/i), {
      cause: 'Google received no API key (it answers a missing key with 403, a wrong one with 400): the key was not set, or a relay or proxy did not forward `?key=` / `x-goog-api-key`.',
    }),
    // A 403 that is about the cache or file the request names, not about the key: disabling the key would be wrong
    rule('bad_request', (e) => e.says(/\bCachedContent not found|permission to access the File [\w/-]+ or it may not exist/i), {
      title: 'A cache or file this key cannot see',
      cause:
        'Context caches and uploaded files live in the project of the key that made them, and only for their lifetime (a cache\'s TTL is 1 hour unless set; files last 48 hours). An expired or deleted one, or one another project\'s key made, is answered with 403 "not found (or permission denied)". The key itself is fine.',
      fixes: [
        'Create the cache or upload the file again (it expired or was deleted), or give the cache a longer ttl.',
        'Use a key of the project that made it for every request that names it; behind a gateway that rotates keys, use one that asks each key in turn (llmdoctor gateway does), or keys of one project.',
      ],
      mayBeInAnotherAccount: true,
    }),
    // Recorded: "Cached content is too small. total_token_count=896, min_total_token_count=1024" (BerriAI/litellm#17696);
    // Vertex AI: "The cached content is of <N> tokens. The minimum token count to start caching is 4096." (google/adk-python#5847)
    rule('bad_request', (e) => e.says(/Cached content is too small|The cached content is of \d+ tokens\. The minimum token count/i), {
      title: "The content to cache is under the model's minimum",
      cause:
        'Gemini caches only contents of a minimum size, counted with the system instruction and tools (1,024 tokens for 2.5 Flash, more for Pro models; the message gives both counts). Below it a cache would save nothing, so it is refused.',
      fixes: [
        'Cache more at once (the whole document, with the system instruction and tools), or send these contents with each request instead of caching them.',
      ],
    }),
    rule('bad_request', (e) => e.says(/CachedContent can ?not be used with GenerateContent request setting|and CachedContent \([^)\n]*\) has to be the same/i), {
      title: 'A request that does not match the cache it uses',
      cause:
        'A request that uses a context cache must ask the model the cache was made for, and must not set a system instruction, tools or tool config of its own: those belong in the cache.',
      fixes: [
        "Ask the model the cache was made for (the cache's `model`), or make a cache for this model.",
        'Move the system instruction, tools and tool config into the cache (caches.create), and leave them out of the request.',
      ],
    }),
    rule('permission_denied', (e) =>
      e.field('SERVICE_DISABLED', 'API_KEY_HTTP_REFERRER_BLOCKED', 'API_KEY_SERVICE_BLOCKED', 'API_KEY_IP_ADDRESS_BLOCKED', 'CONSUMER_SUSPENDED', 'IAM_PERMISSION_DENIED', 'ACCESS_TOKEN_SCOPE_INSUFFICIENT') ||
      e.says(/has not been used in project \S+ before or it is disabled|Requests from referer|Requests to this API [^\n]{0,160}are blocked|has been suspended|The caller does not have permission/i),
    ),
    rule('billing', (e) => e.says(/free tier is not available in your country|prepayment credits are depleted|billing (?:is )?(?:not enabled|disabled)|without a billing account/i) || e.field('BILLING_DISABLED'), {
      fixes: ['Enable billing for the project in Google AI Studio (https://aistudio.google.com/usage) or Cloud Billing.'],
    }),
    rule('region_blocked', (e) => e.says(/User location is not supported/i), {
      fixes: ['See https://ai.google.dev/gemini-api/docs/available-regions; call from a host in a supported region.'],
    }),
    rule('billing', quotaIs('no_allowance'), {
      cause: 'The quota for this model is 0 on your tier: the model has no free-tier allowance, so billing must be enabled. The "retry in Ns" hint is useless here.',
      fixes: ['Enable billing for the project (https://aistudio.google.com/usage), or use a model that has a free tier.'],
    }),
    rule('quota_exceeded', (e) => quotaIs('per_day')(e) || e.says(/Requests per day|per day per (?:user|project)|Individual quota reached/i)),
    rule('rate_limited', quotaIs('per_minute')),
    rule('rate_limited', (e) => e.field('RESOURCE_EXHAUSTED', 'rateLimitExceeded') || e.says(/Resource has been exhausted|You exceeded your current quota[^\n]{0,200}ai\.google\.dev/i)),
    rule('context_length_exceeded', (e) => e.says(/input token count \(?\d+\)? exceeds the maximum/i)),
    rule('content_blocked', (e) =>
      e.field('SAFETY', 'PROHIBITED_CONTENT', 'BLOCKLIST', 'RECITATION') ||
      e.says(/blocked due to (?:SAFETY|RECITATION|OTHER)|Candidate was blocked|blocked for reason:? \w+|BlockedReason\.\w+|blockReason|PROHIBITED_CONTENT/i) ||
      // An HTTP 200 answer whose candidate was stopped by the filter
      e.says(/(?:finish|block)_?[Rr]eason["']?\s*[:=]\s*["']?(?:SAFETY|PROHIBITED_CONTENT|BLOCKLIST|SPII|RECITATION)\b/),
    ),
    rule('model_not_found', (e) => e.says(/models\/[\w.-]+ is not found for API version|is not found for API version|is not supported for generateContent/i), {
      fixes: ['Call ListModels (GET https://generativelanguage.googleapis.com/v1beta/models) and use a listed id; preview models are renamed or retired often.'],
    }),
    rule('overloaded', (e) => e.says(/The model is overloaded|experiencing high demand/i)),
    rule('timeout', (e) => e.field('DEADLINE_EXCEEDED') || e.says(/DEADLINE_EXCEEDED|Deadline expired before operation could complete|Deadline Exceeded/i)),
    rule('server_error', (e) => e.field('INTERNAL', 'backendError') || e.says(/An internal error has occurred|Internal error encountered|service is currently unavailable/i)),
    rule('bad_request', (e) => e.field('INVALID_ARGUMENT') || e.says(/Request contains an invalid argument|\bINVALID_ARGUMENT\b/)),
  ],
  statusMeaning: { 503: 'overloaded', 403: 'permission_denied' },
  fixes: {
    rate_limited: ['See the per-model limits at https://ai.google.dev/gemini-api/docs/rate-limits; enabling billing moves the project to a higher tier.'],
    quota_exceeded: ['Daily quotas reset at midnight Pacific time; enable billing or request a higher tier for more.'],
  },
};
