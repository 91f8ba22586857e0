import { ANTHROPIC_HOSTS } from './api.js';
import { asRecord, headerCount, idsInData, joinPath, type ProbeCredentials, type ProviderProbe } from '../probe.js';

/**
 * How the doctor talks to the Claude API: `x-api-key` (or `Authorization: Bearer` for a token from
 * ANTHROPIC_AUTH_TOKEN, as the SDK sends it) with `anthropic-version: 2023-06-01`, GET /v1/models to
 * prove the key (bills nothing), GET /v1/models/{id} (resolves aliases), and a message capped at one token.
 */


const API_VERSION = '2023-06-01';

function headers(credentials: ProbeCredentials, json = false): Record<string, string> {
  const auth: Record<string, string> = credentials.keySource?.includes('ANTHROPIC_AUTH_TOKEN')
    ? { authorization: `Bearer ${credentials.key}` }
    : { 'x-api-key': credentials.key };
  return { ...auth, 'anthropic-version': API_VERSION, accept: 'application/json', ...(json ? { 'content-type': 'application/json' } : {}) };
}

/** `anthropic-ratelimit-{requests,tokens,input-tokens,output-tokens}-{limit,remaining,reset}`; resets are RFC 3339. */
const LIMITS = ['requests', 'tokens', 'input-tokens', 'output-tokens'] as const;

function readRateLimits(h: Readonly<Record<string, string>>, now: number) {
  return LIMITS.flatMap((group) => {
    const limit = headerCount(h[`anthropic-ratelimit-${group}-limit`]);
    const remaining = headerCount(h[`anthropic-ratelimit-${group}-remaining`]);
    const resetText = h[`anthropic-ratelimit-${group}-reset`]?.trim() ?? null;
    if (limit === null && remaining === null && resetText === null) return [];
    const at = resetText === null ? NaN : Date.parse(resetText);
    return [{ name: group.replace('-', ' '), limit, remaining, resetMs: Number.isNaN(at) ? null : Math.max(0, at - now), resetText }];
  });
}



export const ANTHROPIC_PROBE: ProviderProbe = {
  displayName: 'Anthropic',
  officialHosts: ANTHROPIC_HOSTS,
  /** `limit` up to 1000 (default 20), so one page holds every model. */
  listModels: (baseUrl: string, credentials: ProbeCredentials) => ({ method: 'GET' as const, url: joinPath(baseUrl, '/v1/models?limit=1000'), headers: headers(credentials) }),
  retrieveModel: (baseUrl: string, credentials: ProbeCredentials, model: string) => ({
    method: 'GET' as const,
    url: joinPath(baseUrl, `/v1/models/${encodeURIComponent(model)}`),
    headers: headers(credentials),
  }),
  oneTokenRequest: (baseUrl: string, credentials: ProbeCredentials, model: string) => ({
    method: 'POST' as const,
    url: joinPath(baseUrl, '/v1/messages'),
    headers: headers(credentials, true),
    body: JSON.stringify({ model, max_tokens: 1, messages: [{ role: 'user', content: 'Say OK.' }] }),
  }),
  probeModel: 'claude-haiku-4-5',
  claimsModel: (name: string) => /^claude-/i.test(name.trim()),
  normalizeModel: (name: string) => name.trim(),
  modelIds: idsInData,
  describeModel(body: unknown): string | null {
    const model = asRecord(body);
    if (typeof model?.id !== 'string') return null;
    return typeof model.display_name === 'string' ? `${model.id} "${model.display_name}"` : model.id;
  },
  sendsRateLimitHeaders: true,
  readRateLimits,
  limitsPage: 'https://console.anthropic.com/settings/limits',
};
