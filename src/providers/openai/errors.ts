import type { Evidence } from '../../core/evidence.js';
import { maskSecret } from '../../core/redact.js';
import { oncePerEvidence, rule, type ProviderKnowledge, type ProviderSignal } from '../../core/rule.js';
import { foreignKeyOwner } from '../foreign-keys.js';
import { echoedKey, isNothing, looksLikeNonKey } from '../key-echo.js';
import { OPENAI_RESET_HEADERS } from './api.js';

const OPENAI_ERROR_TYPES = ['invalid_request_error', 'insufficient_quota', 'billing_not_active', 'server_error', 'tokens', 'requests', 'request_forbidden', 'rate_limit_error'];

function detect(e: Evidence): ProviderSignal[] {
  const signals: ProviderSignal[] = [];
  if (/api\.openai\.com|platform\.openai\.com|help\.openai\.com/i.test(e.text)) signals.push([3, 'openai.com host in the text']);
  if (e.hasHeaderPrefix('openai-')) signals.push([5, 'openai-* response headers']);
  if (e.records.some((r) => r.param !== null || (r.type !== null && OPENAI_ERROR_TYPES.includes(r.type) && !r.anthropicEnvelope))) {
    signals.push([2, 'OpenAI error envelope (type/param/code)']);
  }
  if (/\b(?:org-[A-Za-z0-9]{20,}|proj_[A-Za-z0-9]{20,})\b/.test(e.text)) signals.push([2, 'OpenAI organization or project id']);
  if (/\bOpenAI(?:Exception|Error)?\b|\bopenai\.[A-Z]\w+Error|OPENAI_API_KEY|Incorrect API key provided/.test(e.text)) signals.push([2, 'OpenAI SDK or wording']);
  return signals;
}

/** The masked key in "Incorrect API key provided: …" tells what was really sent. */
function echoVerdict(e: Evidence): { category: 'key_missing' | 'key_malformed' | 'key_wrong_provider' | 'key_invalid'; verdict: string } | null {
  const echo = echoedKey(e);
  if (echo === null) return null;
  // The echo is masked by OpenAI, but a relay may echo the whole key: mask it again
  const shown = `masked key echo "${/[*…]/.test(echo) || echo.length < 16 ? echo.slice(0, 24) : maskSecret(echo)}"`;
  if (isNothing(echo)) return { category: 'key_missing', verdict: `${shown}: an empty value (None/undefined) was sent as the key` };
  const owner = foreignKeyOwner(echo, 'openai');
  if (owner) return { category: 'key_wrong_provider', verdict: `${shown} has the prefix of ${owner} keys` };
  if (looksLikeNonKey(echo) || !/^sk-/.test(echo)) return { category: 'key_malformed', verdict: `${shown} is not an OpenAI key` };
  return { category: 'key_invalid', verdict: `${shown} has the OpenAI key format but is unknown` };
}

const readEcho = oncePerEvidence(echoVerdict);

const echoIs = (category: string) => (e: Evidence) => {
  const found = readEcho(e);
  return found?.category === category ? found.verdict : null;
};

export const OPENAI_ERRORS: ProviderKnowledge = {
  id: 'openai',
  name: 'OpenAI',
  detect,
  resetHeaders: OPENAI_RESET_HEADERS,
  rules: [
    rule('key_missing', (e) =>
      e.says(/You didn't provide an API key|Missing bearer (?:or basic )?authentication|OPENAI_API_KEY environment variable is missing|Missing credentials\. Please pass an `apiKey`|The api_key client option must be set|OpenAI API key is missing/i) ||
      echoIs('key_missing')(e),
    ),
    rule('key_wrong_provider', echoIs('key_wrong_provider'), {
      fixes: ['Set OPENAI_API_KEY to an OpenAI key, or point the client\'s base URL at the service that issued this key (OpenRouter, a relay, another provider).'],
    }),
    rule('key_malformed', echoIs('key_malformed')),
    rule('key_invalid', echoIs('key_invalid'), {
      fixes: [
        'Create a new key at https://platform.openai.com/api-keys and revoke the old one.',
        'If this key came from a relay (one-api, chatanywhere, ...), set the relay\'s base URL: relay keys look like OpenAI keys but only work there.',
      ],
    }),
    rule('permission_denied', (e) =>
      e.field('no_organization') ||
      e.says(/must be a member of an organization|insufficient permissions for this operation|Missing scopes:|organization must be verified|IP (?:address )?(?:is )?not authorized|not allowed to (?:use|access|sample)/i),
    ),
    rule('region_blocked', (e) => e.field('unsupported_country_region_territory') || e.says(/Country, region, or territory not supported/i)),
    rule('billing', (e) =>
      e.field('insufficient_quota', 'billing_not_active', 'billing_hard_limit_reached', 'credit_balance_exhausted') ||
      e.says(/Your account is not active, please check your billing|Billing hard limit has been reached|exceeded your current quota, please check your plan and billing details(?![^\n]*ai\.google\.dev)|credit balance (?:has been )?exhausted/i),
      { fixes: ['Add credit at https://platform.openai.com/settings/organization/billing (a 429 insufficient_quota is an empty balance, not a rate limit).'] },
    ),
    rule('context_length_exceeded', (e) =>
      e.field('context_length_exceeded') ||
      // The same code checks every string parameter: only message content is the context
      (e.field('string_above_max_length') && e.records.some((r) => /^(?:messages|input)\b/.test(r.param ?? '')) && 'error.code = string_above_max_length on the messages') ||
      e.says(/maximum context length is \d+|Request too large for [\w.-]+|reduce the length of the messages/i),
    ),
    rule('quota_exceeded', (e) => e.says(/Rate limit reached for [^\n]{0,120}per day \((?:RPD|TPD)\)|per day \((?:RPD|TPD)\)/i)),
    rule('rate_limited', (e) => e.field('rate_limit_exceeded', 'slow_down') || e.says(/Rate limit reached for/i)),
    rule('model_not_found', (e) => e.field('model_not_found') || e.says(/The model `[^`]*` does not exist|does not have access to model|model [\w.:-]+ (?:does not exist|not found)/i)),
    // Stored objects live in the project of the key that made them: any other project's key is told "not found"
    rule('bad_request', (e) => e.field('previous_response_not_found') || e.says(/\bwith id '[^'\n]+' not found|\bNo [a-z ]{2,30} found with id '[^'\n]+'|\bNo such [A-Za-z ]{2,30} object\b/i), {
      title: 'The stored object is not in this key\'s project',
      cause:
        'OpenAI keeps responses, conversations, files, assistants, threads and vector stores in the project of the key that made them, and answers "not found" to any other project\'s key. It is also not found once deleted, expired (30 days for responses) or made with `store: false`. A pool of keys from several projects, or a gateway that rotates keys, meets this at random.',
      fixes: [
        'Use a key of the project that made it (the same key, or one of its project), for every request that names it.',
        'Behind a gateway that rotates keys, use one that routes a stored object\'s requests to the key that made it (llmdoctor gateway does), or keys of a single project.',
        'If it was made with `store: false`, send the whole conversation instead of `previous_response_id`.',
      ],
      mayBeInAnotherAccount: true,
    }),
    rule('wrong_endpoint', (e) => e.says(/Invalid URL \((?:GET|POST|PUT|DELETE|PATCH) |Unknown request URL/i), {
      fixes: ['The base URL must end at `/v1` (https://api.openai.com/v1): the SDK appends `/chat/completions`. Check relay/proxy base-URL settings for a doubled or missing path.'],
    }),
    rule('content_blocked', (e) =>
      e.field('content_policy_violation', 'invalid_prompt') ||
      e.says(/rejected as a result of our safety system|flagged as potentially violating our usage policy/i),
    ),
    rule('overloaded', (e) => e.field('server_is_overloaded') || e.says(/That model is currently overloaded|model is currently overloaded/i)),
    rule('server_error', (e) => e.field('server_error') || e.says(/The server had an error while processing your request|An error occurred while processing your request/i)),
    rule('bad_request', (e) => e.field('unsupported_parameter', 'unsupported_value', 'invalid_value', 'invalid_type', 'missing_required_parameter')),
  ],
  statusMeaning: { 503: 'overloaded' },
  fixes: {
    key_missing: ['Set OPENAI_API_KEY in the environment of the running process, or pass `apiKey` to `new OpenAI()`.'],
    rate_limited: ['See your limits at https://platform.openai.com/settings/organization/limits; higher usage tiers raise them.'],
    region_blocked: ['See https://platform.openai.com/docs/supported-countries.'],
  },
};
