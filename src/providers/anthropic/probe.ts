import { ANTHROPIC_HOSTS } from './api.js';

/**
 * How the doctor talks to the Claude API: `x-api-key` (or `Authorization: Bearer` for a token from
 * ANTHROPIC_AUTH_TOKEN, as the SDK sends it) with `anthropic-version: 2023-06-01`, GET /v1/models to
 * prove the key (bills nothing), GET /v1/models/{id} (resolves aliases), and a message capped at one token.
 */

interface Credentials {
  key: string;
  keySource: string | null;
}

const API_VERSION = '2023-06-01';
const join = (baseUrl: string, path: string): string => baseUrl.replace(/\/+$/, '') + path;

function headers(credentials: Credentials, json = false): Record<string, string> {
  const auth: Record<string, string> = credentials.keySource?.includes('ANTHROPIC_AUTH_TOKEN')
    ? { authorization: `Bearer ${credentials.key}` }
    : { 'x-api-key': credentials.key };
  return { ...auth, 'anthropic-version': API_VERSION, accept: 'application/json', ...(json ? { 'content-type': 'application/json' } : {}) };
}

/** `anthropic-ratelimit-{requests,tokens,input-tokens,output-tokens}-{limit,remaining,reset}`; resets are RFC 3339. */
const LIMITS = ['requests', 'tokens', 'input-tokens', 'output-tokens'] as const;

function readRateLimits(h: Readonly<Record<string, string>>, now: number) {
  return LIMITS.flatMap((group) => {
    const limit = count(h[`anthropic-ratelimit-${group}-limit`]);
    const remaining = count(h[`anthropic-ratelimit-${group}-remaining`]);
    const resetText = h[`anthropic-ratelimit-${group}-reset`]?.trim() ?? null;
    if (limit === null && remaining === null && resetText === null) return [];
    const at = resetText === null ? NaN : Date.parse(resetText);
    return [{ name: group.replace('-', ' '), limit, remaining, resetMs: Number.isNaN(at) ? null : Math.max(0, at - now), resetText }];
  });
}

function count(raw: string | undefined): number | null {
  const text = raw?.trim();
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : null;
}

function record(body: unknown): Record<string, unknown> | null {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
}

export const ANTHROPIC_PROBE = {
  displayName: 'Anthropic',
  officialHosts: ANTHROPIC_HOSTS,
  /** `limit` up to 1000 (default 20), so one page holds every model. */
  listModels: (baseUrl: string, credentials: Credentials) => ({ method: 'GET' as const, url: join(baseUrl, '/v1/models?limit=1000'), headers: headers(credentials) }),
  retrieveModel: (baseUrl: string, credentials: Credentials, model: string) => ({
    method: 'GET' as const,
    url: join(baseUrl, `/v1/models/${encodeURIComponent(model)}`),
    headers: headers(credentials),
  }),
  oneTokenRequest: (baseUrl: string, credentials: Credentials, model: string) => ({
    method: 'POST' as const,
    url: join(baseUrl, '/v1/messages'),
    headers: headers(credentials, true),
    body: JSON.stringify({ model, max_tokens: 1, messages: [{ role: 'user', content: 'Say OK.' }] }),
  }),
  probeModel: 'claude-haiku-4-5',
  claimsModel: (name: string) => /^claude-/i.test(name.trim()),
  normalizeModel: (name: string) => name.trim(),
  modelIds(body: unknown): string[] {
    const data = record(body)?.data;
    return Array.isArray(data) ? data.flatMap((m) => (typeof record(m)?.id === 'string' ? [record(m)!.id as string] : [])) : [];
  },
  describeModel(body: unknown): string | null {
    const model = record(body);
    if (typeof model?.id !== 'string') return null;
    return typeof model.display_name === 'string' ? `${model.id} "${model.display_name}"` : model.id;
  },
  sendsRateLimitHeaders: true,
  readRateLimits,
  limitsPage: 'https://console.anthropic.com/settings/limits',
};
