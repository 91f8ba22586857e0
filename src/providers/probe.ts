/**
 * What the doctor's API checks need to know of one provider: how to list models, retrieve one,
 * send a one-token request, and read the rate-limit headers. Each `src/providers/<id>/probe.ts` implements it.
 */

export interface ProbeHttpRequest {
  method: 'GET' | 'POST';
  url: string;
  /** Includes the credential: never print these. */
  headers: Record<string, string>;
  body?: string;
}

/** The key and where it came from (some providers send keys from some variables differently). */
export interface ProbeCredentials {
  key: string;
  keySource: string | null;
  organization: string | null;
  project: string | null;
}

/** One limit read from response headers. */
export interface RateLimitReading {
  /** `requests`, `tokens`, `input tokens`, `output tokens`. */
  name: string;
  limit: number | null;
  remaining: number | null;
  /** Milliseconds until the window refills, when the header said so. */
  resetMs: number | null;
  /** The header's own words (`6m0s`, `2026-11-27T00:01:00Z`), for the detail. */
  resetText: string | null;
}

export interface ProviderProbe {
  /** `OpenAI`, `Anthropic`, `Gemini`. */
  displayName: string;
  /** Hosts of the provider itself; any other host in a base URL is a relay, gateway or simulator. */
  officialHosts: readonly string[];
  /** The cheapest call that bills nothing and needs a valid key. */
  listModels(baseUrl: string, credentials: ProbeCredentials): ProbeHttpRequest;
  retrieveModel(baseUrl: string, credentials: ProbeCredentials, model: string): ProbeHttpRequest;
  /** A generation capped at one output token. */
  oneTokenRequest(baseUrl: string, credentials: ProbeCredentials, model: string): ProbeHttpRequest;
  /** The model the probe uses when the user names none of this provider's. */
  probeModel: string;
  /** Whether a model name the user typed is this provider's (`claude-…` is Anthropic's). */
  claimsModel(name: string): boolean;
  /** The name as the API's model paths take it (`models/gemini-2.5-flash` → `gemini-2.5-flash`). */
  normalizeModel(name: string): string;
  /** Model ids in a listing answer. */
  modelIds(body: unknown): string[];
  /** A short description of a retrieved model (`claude-sonnet-4-5-20250929 "Claude Sonnet 4.5"`). */
  describeModel(body: unknown): string | null;
  /** False when the provider sends no rate-limit headers at all. */
  sendsRateLimitHeaders: boolean;
  readRateLimits(headers: Readonly<Record<string, string>>, now: number): RateLimitReading[];
  /** Where the account's limits are shown. */
  limitsPage: string;
}


/** `https://api.openai.com/v1/` + `/models` → `https://api.openai.com/v1/models`. */
export function joinPath(baseUrl: string, path: string): string {
  return baseUrl.replace(/\/+$/, '') + path;
}

/** A whole-number header value, or null when absent or not a number. */
export function headerCount(raw: string | undefined): number | null {
  const text = raw?.trim();
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : null;
}

/** The body as an object, or null. */
export function asRecord(body: unknown): Record<string, unknown> | null {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
}

/** A %-escaped path segment decoded, or null when its escapes are broken. */
export function decodedSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/** Text parsed as a JSON object, or null when it is not JSON or not an object. */
export function parseJsonObject(text: string): Record<string, unknown> | null {
  try {
    return asRecord(JSON.parse(text));
  } catch {
    return null;
  }
}

/** The `id`s of a `{ "data": [{ "id": … }] }` listing (OpenAI's and Anthropic's shape). */
export function idsInData(body: unknown): string[] {
  const data = asRecord(body)?.data;
  return Array.isArray(data) ? data.flatMap((m) => (typeof asRecord(m)?.id === 'string' ? [asRecord(m)!.id as string] : [])) : [];
}
