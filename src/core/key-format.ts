/**
 * What a provider's key looks like and what it may be used for. The formats themselves live under
 * src/providers/ (one file per provider); core code only receives them as data.
 */

export type KeyKind =
  | 'user'
  | 'project'
  | 'service_account'
  | 'admin'
  | 'api'
  | 'oauth_access'
  | 'oauth_refresh'
  /** A key for another LLM provider or a relay, called through an OpenAI-compatible endpoint. */
  | 'relay'
  /** A token of an unrelated service (GitHub, AWS) pasted where an LLM key was meant. */
  | 'non_llm';

/** Inclusive range of total key lengths. */
export interface LengthRange {
  min: number;
  max: number;
}

export interface KeyFormat {
  /** Stable id, e.g. `openai-project`. */
  id: string;
  /** Who issued the key: `openai`, `anthropic`, `gemini`, `vertex`, `azure-openai`, `openrouter`, `github`, ... */
  provider: string;
  /** The issuer in words: `OpenAI`, `Google Gemini`. */
  providerName: string;
  kind: KeyKind;
  /** What to call the key in messages, e.g. `OpenAI project key (sk-proj-…)`. */
  label: string;
  /** Literal, case-sensitive start of the key; '' when the format has none. */
  prefix: string;
  /** The alphabet of everything after the prefix, anchored: /^[A-Za-z0-9_-]+$/. */
  body: RegExp;
  /** Allowed total lengths, prefix included: exact values or ranges. */
  lengths: readonly (number | LengthRange)[];
  /** An extra test on the whole key (a fixed marker); when it holds, it identifies the format by itself. */
  signature?: RegExp;
  /**
   * `prefix`: the prefix belongs to this format alone, so a key with that prefix but a wrong length or a
   * stray character is reported as a damaged key of this format.
   * `shape`: the prefix is shared (plain `sk-`) or absent, so prefix, alphabet and length must all match.
   */
  identifiedBy: 'prefix' | 'shape';
  /** False for keys that cannot call models: admin keys, refresh tokens, subscription tokens, non-LLM tokens. */
  canCallModels: boolean;
  /** Other providers this exact shape may legitimately belong to (ambiguous shapes): never `wrong_provider` for them. */
  alsoFits?: readonly string[];
  /** How the key travels, e.g. `Authorization: Bearer <key>`. */
  sendAs: string;
  /** Where the key works when that is not the provider's default host (relays). */
  baseUrl?: string;
  /** Where a key of this kind is created. */
  obtainFrom?: string;
  /** Environment variables that conventionally hold it. */
  envVars?: readonly string[];
  /** What the key is, or cannot do, in plain words. */
  note?: string;
  /** What to do instead, when the key cannot be used for model calls as is. */
  remedy?: string;
}

export function fitsLength(format: KeyFormat, length: number): boolean {
  return format.lengths.some((rule) => (typeof rule === 'number' ? rule === length : length >= rule.min && length <= rule.max));
}

/** `108 characters`, `56, 132 or 164 characters`, `43 to 512 characters`. */
export function describeLengths(format: KeyFormat): string {
  const parts = format.lengths.map((rule) => (typeof rule === 'number' ? String(rule) : `${rule.min} to ${rule.max}`));
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} or ${parts[parts.length - 1]}` : (parts[0] ?? '?');
  return `${list} characters`;
}

export function shortestLength(format: KeyFormat): number {
  return Math.min(...format.lengths.map((rule) => (typeof rule === 'number' ? rule : rule.min)));
}

export function longestLength(format: KeyFormat): number {
  return Math.max(...format.lengths.map((rule) => (typeof rule === 'number' ? rule : rule.max)));
}
