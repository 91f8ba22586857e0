import type { Evidence } from '../../core/evidence.js';
import { rule, type ProviderKnowledge, type ProviderSignal } from '../../core/rule.js';
import { ANTHROPIC_RESET_HEADERS } from './api.js';

const ANTHROPIC_ONLY_TYPES = ['authentication_error', 'permission_error', 'not_found_error', 'overloaded_error', 'api_error', 'billing_error', 'timeout_error', 'request_too_large'];

function detect(e: Evidence): ProviderSignal[] {
  const signals: ProviderSignal[] = [];
  if (e.records.some((r) => r.anthropicEnvelope)) signals.push([5, 'Anthropic error envelope ("type": "error")']);
  if (e.records.some((r) => r.type !== null && ANTHROPIC_ONLY_TYPES.includes(r.type))) signals.push([1, 'Anthropic error type']);
  const header = e.hasHeaderPrefix('anthropic-');
  if (header) signals.push([5, header]);
  if (edgeGeoBlock(e)) signals.push([2, 'Anthropic edge answer "Request not allowed"']);
  if (/^req_/.test(e.header('request-id') ?? '')) signals.push([3, 'header request-id req_…']);
  if (/api\.anthropic\.com|console\.anthropic\.com|docs\.(?:anthropic|claude)\.com/i.test(e.text)) signals.push([3, 'anthropic.com host in the text']);
  if (/\bAnthropic(?:Exception|Error)?\b|\banthropic\.\w+Error|\bClaude\b|x-api-key|ANTHROPIC_API_KEY/i.test(e.text)) signals.push([2, 'Anthropic SDK or wording']);
  return signals;
}

/** The geo block is answered at the edge: `{"error":{"type":"forbidden","message":"Request not allowed"}}`. */
function edgeGeoBlock(e: Evidence): string | null {
  const record = e.records.find((r) => r.type === 'forbidden' && /Request not allowed/i.test(r.message ?? ''));
  if (record) return 'error.type forbidden "Request not allowed" (Anthropic\'s edge answers this way for unsupported countries)';
  return e.status === 403 ? e.says(/\bRequest not allowed\b/) : null;
}

export const ANTHROPIC_ERRORS: ProviderKnowledge = {
  id: 'anthropic',
  name: 'Anthropic',
  detect,
  resetHeaders: ANTHROPIC_RESET_HEADERS,
  rules: [
    rule('key_missing', (e) =>
      e.says(/x-api-key header is required|Please run \/login|Could not resolve authentication method|ANTHROPIC_API_KEY (?:environment variable )?is (?:missing|not set)|Expected one of (?:apiKey|api_key), (?:authToken|auth_token)/i),
    ),
    rule('key_wrong_provider', (e) => e.says(/OAuth authentication is currently not supported|Invalid bearer token/i), {
      title: 'Wrong kind of credential for the Anthropic API',
      cause: 'The API received a credential it does not take: a Claude subscription (OAuth) token used as an API key, or an API key sent as `Authorization: Bearer` where `x-api-key` is expected.',
      fixes: [
        'Use an API key from https://console.anthropic.com/settings/keys (sk-ant-api03-…), sent in the `x-api-key` header.',
        'If you go through the OpenAI SDK compatibility layer, use Anthropic\'s OpenAI-compatible base URL, not the native one.',
      ],
    }),
    rule('key_missing', (e) => e.field('authentication_error') && e.message(/\b(?:required|missing|not provided|no (?:api )?key)\b/i)),
    rule('key_invalid', (e) => e.says(/invalid x-api-key/i) || e.field('authentication_error'), {
      fixes: ['Create a new key at https://console.anthropic.com/settings/keys and revoke the old one; check that ANTHROPIC_API_KEY in the running process is the one you expect.'],
    }),
    rule('billing', (e) => e.field('billing_error') || e.says(/credit balance is too low|Extra usage is required|purchase credits/i), {
      fixes: ['Buy credits at https://console.anthropic.com/settings/billing (credit errors arrive as HTTP 400, not 402/429).'],
    }),
    rule('quota_exceeded', (e) => e.says(/reached your specified (?:API )?usage limits|would exceed your account's rate limit|usage limit reached|regain access on/i), {
      fixes: ['Raise the workspace spend limit at https://console.anthropic.com/settings/limits, or wait for the date in the message.'],
    }),
    rule('permission_denied', (e) => e.says(/organization has been disabled|organization (?:is|was) disabled/i) || e.field('permission_error')),
    rule('region_blocked', edgeGeoBlock, {
      fixes: ['See https://www.anthropic.com/supported-countries; route the backend\'s traffic through a supported country.'],
    }),
    rule('region_blocked', (e) => e.says(/might not be available in your country|Failed to connect to api\.anthropic\.com: (?:ERR_BAD_REQUEST|Request failed with status code 403)/i), {
      cause: 'The connectivity check got a 4xx from api.anthropic.com: the request went out directly from an unsupported country (a configured proxy was bypassed).',
    }),
    rule('context_length_exceeded', (e) => e.says(/prompt is too long|exceed context limit|exceeds? (?:the )?model context window/i)),
    rule('bad_request', (e) => e.field('request_too_large') || e.says(/Request exceeds the maximum size|max_tokens: \d+ > \d+/i)),
    rule('content_blocked', (e) => e.says(/Output blocked by content filtering policy|content filtering policy/i)),
    rule('rate_limited', (e) => e.field('rate_limit_error') || e.says(/would exceed the rate limit for your organization|Number of request tokens has exceeded your/i)),
    // Overloads have also been reported as api_error/500 with message "Overloaded"
    rule('overloaded', (e) => e.field('overloaded_error') || e.message(/^\s*Overloaded\s*$/i) || e.says(/\b529\b[^\n]{0,20}Overloaded|AnthropicException - Overloaded/i)),
    rule('model_not_found', (e) => (e.field('not_found_error') && e.message(/^model:/i)) || e.says(/"?model: [^"\n]*"?\}/i) && e.field('not_found_error')),
    rule('wrong_endpoint', (e) => e.field('not_found_error') && e.message(/^\s*Not Found\s*$/i)),
    rule('server_error', (e) => e.field('api_error') || e.says(/upstream connect error or disconnect\/reset before headers/i)),
    rule('timeout', (e) => e.field('timeout_error')),
  ],
  statusMeaning: { 529: 'overloaded', 413: 'bad_request' },
  fixes: {
    key_missing: ['Set ANTHROPIC_API_KEY in the environment of the running process, or pass `apiKey` to `new Anthropic()`; the header is `x-api-key`.'],
    rate_limited: ['See your limits at https://console.anthropic.com/settings/limits; they rise with the usage tier.'],
    overloaded: ['Check https://status.claude.com.'],
  },
};
