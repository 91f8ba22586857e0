import { parseDuration } from '../../core/duration.js';
import type { BudgetPeriod } from '../store/types.js';
import type { ClientKeySpec } from './types.js';

/**
 * The admin API's description of a new client key, in snake_case JSON:
 * `{"name":"billing-svc","models":["smart"],"rpm":60,"max_concurrent":4,"budget_tokens":2000000,
 *   "budget_period":"month","expires_in":"30d","metadata":{"team":"billing"}}`.
 * Every mistake is refused with a message that names the field and says what to send instead.
 */

export class ClientKeySpecError extends Error {
  constructor(
    readonly field: string | null,
    message: string,
  ) {
    super(message);
    this.name = 'ClientKeySpecError';
  }
}

const FIELDS = ['name', 'models', 'rpm', 'max_concurrent', 'budget_tokens', 'budget_period', 'expires_at', 'expires_in', 'metadata'] as const;
const PERIODS: readonly BudgetPeriod[] = ['day', 'week', 'month', 'total'];
/** Sizes that keep one key's row small whatever an admin client sends. */
const MAX_TEXT = 200;
const MAX_MODELS = 100;
const MAX_METADATA = 32;

type Json = Record<string, unknown>;

export function parseClientKeySpec(input: unknown, now = Date.now()): ClientKeySpec {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ClientKeySpecError(null, `A client key spec is a JSON object (e.g. {"name": "billing-svc", "rpm": 60}), not ${describe(input)}.`);
  }
  const fields = input as Json;
  for (const field of Object.keys(fields)) {
    if (!(FIELDS as readonly string[]).includes(field)) {
      throw new ClientKeySpecError(field, `Unknown field "${field}". A client key spec may have: ${FIELDS.join(', ')}.`);
    }
  }
  const spec: ClientKeySpec = {};
  if (fields.name !== undefined) spec.name = nameOf(fields.name);
  if (fields.models !== undefined) spec.models = modelsOf(fields.models);
  if (fields.rpm !== undefined) spec.requestsPerMinute = countOf('rpm', fields.rpm, 'requests per minute, e.g. 60');
  if (fields.max_concurrent !== undefined) spec.maxConcurrent = countOf('max_concurrent', fields.max_concurrent, 'requests in progress at once, e.g. 4');
  if (fields.budget_tokens !== undefined) spec.budgetTokens = countOf('budget_tokens', fields.budget_tokens, 'input + output tokens per budget period, e.g. 2000000');
  if (fields.budget_period !== undefined) {
    if (!PERIODS.includes(fields.budget_period as BudgetPeriod)) {
      throw new ClientKeySpecError('budget_period', `budget_period must be one of ${PERIODS.map((p) => `"${p}"`).join(', ')}, not ${describe(fields.budget_period)}.`);
    }
    if (fields.budget_tokens === undefined || fields.budget_tokens === null) {
      throw new ClientKeySpecError('budget_period', 'budget_period has no effect without budget_tokens: add "budget_tokens": <tokens per period>, or drop budget_period.');
    }
    spec.budgetPeriod = fields.budget_period as BudgetPeriod;
  }
  if (fields.expires_at !== undefined && fields.expires_in !== undefined) {
    throw new ClientKeySpecError('expires_in', 'Give either expires_at (a date) or expires_in (a duration such as "30d"), not both.');
  }
  if (fields.expires_at !== undefined) spec.expiresAt = expiresAtOf(fields.expires_at, now);
  if (fields.expires_in !== undefined) spec.expiresAt = now + lifetimeOf(fields.expires_in);
  if (fields.metadata !== undefined) spec.metadata = metadataOf(fields.metadata);
  return spec;
}

/** `30d`, `2w`, `12h`, `90m`, `1h30m`: days and weeks besides the units of `parseDuration`. */
export function parseLifetime(text: string): number | null {
  const long = /^\s*(\d+(?:\.\d+)?)\s*(d|days?|w|weeks?)\s*$/i.exec(text);
  if (long) return Number(long[1]) * (long[2]!.toLowerCase().startsWith('w') ? 7 : 1) * 86_400_000;
  return parseDuration(text);
}

function nameOf(value: unknown): string | null {
  if (value === null) return null;
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_TEXT) {
    throw new ClientKeySpecError('name', `name must be a non-empty string of at most ${MAX_TEXT} characters (e.g. "billing-svc"), not ${describe(value)}.`);
  }
  return value.trim();
}

function modelsOf(value: unknown): string[] | null {
  if (value === null) return null;
  const fix = 'e.g. ["smart", "gpt-4o-mini"] (route names or models); omit models to allow every one';
  if (!Array.isArray(value)) throw new ClientKeySpecError('models', `models must be an array of strings (${fix}), not ${describe(value)}.`);
  if (value.length === 0) throw new ClientKeySpecError('models', `models is empty, so the key could call nothing: list at least one (${fix}).`);
  if (value.length > MAX_MODELS) throw new ClientKeySpecError('models', `models lists ${value.length} entries; at most ${MAX_MODELS} are allowed: use routes to group models.`);
  return value.map((model, index) => {
    if (typeof model !== 'string' || model.trim() === '' || model.length > MAX_TEXT) {
      throw new ClientKeySpecError('models', `models[${index}] must be a non-empty string (${fix}), not ${describe(model)}.`);
    }
    return model.trim();
  });
}

function countOf(field: string, value: unknown, meaning: string): number | null {
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new ClientKeySpecError(field, `${field} must be a whole number above 0 (${meaning}), not ${describe(value)}; omit it for no limit.`);
  }
  return value;
}

function expiresAtOf(value: unknown, now: number): number | null {
  if (value === null) return null;
  const at = typeof value === 'number' ? value : typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : Number.NaN;
  if (!Number.isSafeInteger(at) || at <= 0) {
    throw new ClientKeySpecError('expires_at', `expires_at must be an ISO date ("2026-12-31" or "2026-12-31T23:59:59Z") or epoch milliseconds, not ${describe(value)}.`);
  }
  if (at <= now) {
    throw new ClientKeySpecError('expires_at', `expires_at ${new Date(at).toISOString()} is already past: give a later date, or expires_in (e.g. "30d").`);
  }
  return at;
}

function lifetimeOf(value: unknown): number {
  const ms = typeof value === 'string' ? parseLifetime(value) : null;
  if (ms === null || !Number.isFinite(ms) || ms <= 0) {
    throw new ClientKeySpecError('expires_in', `expires_in must be a duration above zero such as "30d", "2w", "12h" or "90m", not ${describe(value)}.`);
  }
  return Math.round(ms);
}

function metadataOf(value: unknown): Record<string, string> {
  const fix = 'an object of strings, e.g. {"team": "billing", "owner": "ana"}';
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ClientKeySpecError('metadata', `metadata must be ${fix}, not ${describe(value)}.`);
  }
  const entries = Object.entries(value as Json);
  if (entries.length > MAX_METADATA) throw new ClientKeySpecError('metadata', `metadata has ${entries.length} entries; at most ${MAX_METADATA} are allowed.`);
  for (const [label, text] of entries) {
    if (label === '' || label.length > MAX_TEXT || typeof text !== 'string' || text.length > MAX_TEXT) {
      throw new ClientKeySpecError('metadata', `metadata.${label} must be a string of at most ${MAX_TEXT} characters (metadata is ${fix}), not ${describe(text)}.`);
    }
  }
  // fromEntries defines own properties, so a label such as "__proto__" stays a label
  return Object.fromEntries(entries) as Record<string, string>;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
