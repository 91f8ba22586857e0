import { parseDuration } from '../../core/duration.js';
import { OPENAI_HOSTS } from './api.js';
import { asRecord, headerCount, idsInData, joinPath, type ProbeCredentials, type ProviderProbe } from '../probe.js';

/**
 * How the doctor talks to the OpenAI API: Bearer auth plus the organization/project headers the
 * official SDK sends (OpenAI-Organization, OpenAI-Project), GET /models to prove the key (bills
 * nothing), GET /models/{id} for access to one model, and a chat completion capped at one token.
 */



function headers(credentials: ProbeCredentials, json = false): Record<string, string> {
  const out: Record<string, string> = { authorization: `Bearer ${credentials.key}`, accept: 'application/json' };
  if (credentials.organization) out['openai-organization'] = credentials.organization;
  if (credentials.project) out['openai-project'] = credentials.project;
  if (json) out['content-type'] = 'application/json';
  return out;
}

const MODEL_NAME = /^(?:gpt-|chatgpt-|o\d|text-embedding-(?:3|ada)|ft:|dall-e|whisper|tts-|omni-|codex-|computer-use|davinci|babbage)/i;

/** The six `x-ratelimit-*` headers (platform.openai.com/docs/guides/rate-limits); resets are Go durations. */
function readRateLimits(h: Readonly<Record<string, string>>): { name: string; limit: number | null; remaining: number | null; resetMs: number | null; resetText: string | null }[] {
  return (['requests', 'tokens'] as const).flatMap((name) => {
    const limit = headerCount(h[`x-ratelimit-limit-${name}`]);
    const remaining = headerCount(h[`x-ratelimit-remaining-${name}`]);
    const resetText = h[`x-ratelimit-reset-${name}`]?.trim() ?? null;
    if (limit === null && remaining === null && resetText === null) return [];
    return [{ name, limit, remaining, resetMs: resetText === null ? null : parseDuration(resetText), resetText }];
  });
}



export const OPENAI_PROBE: ProviderProbe = {
  displayName: 'OpenAI',
  officialHosts: OPENAI_HOSTS,
  listModels: (baseUrl: string, credentials: ProbeCredentials) => ({ method: 'GET' as const, url: joinPath(baseUrl, '/models'), headers: headers(credentials) }),
  retrieveModel: (baseUrl: string, credentials: ProbeCredentials, model: string) => ({
    method: 'GET' as const,
    url: joinPath(baseUrl, `/models/${encodeURIComponent(model)}`),
    headers: headers(credentials),
  }),
  /** `max_completion_tokens`, not `max_tokens`: reasoning models (o1, gpt-5) refuse the latter. */
  oneTokenRequest: (baseUrl: string, credentials: ProbeCredentials, model: string) => ({
    method: 'POST' as const,
    url: joinPath(baseUrl, '/chat/completions'),
    headers: headers(credentials, true),
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Say OK.' }], max_completion_tokens: 1 }),
  }),
  probeModel: 'gpt-4o-mini',
  claimsModel: (name: string) => MODEL_NAME.test(name.trim()),
  normalizeModel: (name: string) => name.trim(),
  modelIds: idsInData,
  describeModel(body: unknown): string | null {
    const model = asRecord(body);
    if (typeof model?.id !== 'string') return null;
    return typeof model.owned_by === 'string' ? `${model.id} (owned by ${model.owned_by})` : model.id;
  },
  sendsRateLimitHeaders: true,
  readRateLimits,
  limitsPage: 'https://platform.openai.com/settings/organization/limits',
};
