import { asRecord, joinPath, type ProbeCredentials, type ProviderProbe } from '../probe.js';
import { GEMINI_HOSTS } from './api.js';
/**
 * How the doctor talks to the Gemini API (generativelanguage.googleapis.com): the key in the
 * `x-goog-api-key` header as @google/genai sends it (never in the URL, where logs would keep it),
 * GET /v1beta/models to prove the key (bills nothing), GET /v1beta/models/{model}, and a
 * generateContent capped at one output token.
 */




function headers(credentials: ProbeCredentials, json = false): Record<string, string> {
  return { 'x-goog-api-key': credentials.key, accept: 'application/json', ...(json ? { 'content-type': 'application/json' } : {}) };
}

const modelPath = (model: string): string => `/v1beta/models/${encodeURIComponent(model)}`;
const stripPrefix = (name: string): string => name.trim().replace(/^models\//, '');


export const GEMINI_PROBE: ProviderProbe = {
  displayName: 'Gemini',
  officialHosts: GEMINI_HOSTS,
  /** `pageSize` up to 1000 (default 50), so one page holds every model. */
  listModels: (baseUrl: string, credentials: ProbeCredentials) => ({ method: 'GET' as const, url: joinPath(baseUrl, '/v1beta/models?pageSize=1000'), headers: headers(credentials) }),
  retrieveModel: (baseUrl: string, credentials: ProbeCredentials, model: string) => ({ method: 'GET' as const, url: joinPath(baseUrl, modelPath(model)), headers: headers(credentials) }),
  oneTokenRequest: (baseUrl: string, credentials: ProbeCredentials, model: string) => ({
    method: 'POST' as const,
    url: joinPath(baseUrl, `${modelPath(model)}:generateContent`),
    headers: headers(credentials, true),
    body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'Say OK.' }] }], generationConfig: { maxOutputTokens: 1 } }),
  }),
  probeModel: 'gemini-2.5-flash-lite',
  claimsModel: (name: string) => /^(?:models\/)?(?:gemini-|gemma-|learnlm-|text-embedding-0|embedding-0|aqa|imagen-|veo-)/i.test(name.trim()),
  normalizeModel: stripPrefix,
  modelIds(body: unknown): string[] {
    const models = asRecord(body)?.models;
    return Array.isArray(models) ? models.flatMap((m) => (typeof asRecord(m)?.name === 'string' ? [stripPrefix(asRecord(m)!.name as string)] : [])) : [];
  },
  describeModel(body: unknown): string | null {
    const model = asRecord(body);
    if (typeof model?.name !== 'string') return null;
    const name = stripPrefix(model.name);
    return typeof model.displayName === 'string' ? `${name} "${model.displayName}"` : name;
  },
  /** Google sends no rate-limit headers: limits show only in 429 bodies (QuotaFailure, RetryInfo) and in AI Studio. */
  sendsRateLimitHeaders: false,
  readRateLimits: () => [],
  limitsPage: 'https://aistudio.google.com/usage',
};
