import { redactSecrets } from '../../core/redact.js';

/** How deep free-form log fields are walked; deeper values are summarised. */
const MAX_DEPTH = 4;
/** Fields that carry what a request or an answer said: never logged. */
export const UNLOGGED_FIELDS: ReadonlySet<string> = new Set(['headers', 'body', 'rawBody', 'authorization', 'secret', 'apiKey', 'api_key', 'token']);

/**
 * A copy of `value` fit for a log line: every string through `redactSecrets`, header and body fields dropped,
 * errors serialised, depth bounded.
 */
export function logSafe(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (value === null || typeof value !== 'object') return typeof value === 'bigint' ? value.toString() : value;
  if (value instanceof Error) return serialiseError(value, depth);
  if (depth >= MAX_DEPTH) return Array.isArray(value) ? '[array]' : '[object]';
  if (Array.isArray(value)) return value.map((item) => logSafe(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (UNLOGGED_FIELDS.has(key)) continue;
    copy[key] = logSafe(field, depth + 1);
  }
  return copy;
}

export interface SerialisedError {
  type: string;
  message: string;
  code?: string;
  stack?: string;
  cause?: unknown;
}

/** An error's name, message, code, stack and cause chain, every text redacted (a message may quote a key). */
export function serialiseError(error: unknown, depth = 0): SerialisedError {
  if (!(error instanceof Error)) return { type: typeof error, message: redactSecrets(describe(error)) };
  const serialised: SerialisedError = { type: error.name, message: redactSecrets(error.message) };
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') serialised.code = String(code);
  if (error.stack !== undefined) serialised.stack = redactSecrets(error.stack);
  if (error.cause !== undefined && depth < MAX_DEPTH) serialised.cause = error.cause instanceof Error ? serialiseError(error.cause, depth + 1) : logSafe(error.cause, depth + 1);
  return serialised;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(logSafe(value)) ?? String(value);
  } catch {
    return String(value);
  }
}
