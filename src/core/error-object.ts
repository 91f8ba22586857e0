/**
 * Reads a thrown error the way its stack left it: SDK errors (`status`, `headers`, `error`),
 * axios (`response.status/data/headers`), the Vercel AI SDK (`statusCode`, `responseBody`,
 * `lastError`), and undici's `fetch failed` with the real reason in `cause`.
 */
export interface ErrorObjectFacts {
  statuses: number[];
  headers: unknown[];
  bodies: unknown[];
  messages: string[];
  codes: string[];
}

const MAX_DEPTH = 6;

export function readErrorObject(error: unknown): ErrorObjectFacts {
  const facts: ErrorObjectFacts = { statuses: [], headers: [], bodies: [], messages: [], codes: [] };
  walk(error, facts, 0, new Set());
  return facts;
}

function walk(value: unknown, facts: ErrorObjectFacts, depth: number, seen: Set<unknown>): void {
  if (depth > MAX_DEPTH || value === null || value === undefined || seen.has(value)) return;
  if (typeof value === 'string') {
    facts.messages.push(value);
    return;
  }
  if (typeof value !== 'object') return;
  seen.add(value);
  const err = value as Record<string, unknown>;
  if (typeof err.name === 'string' && typeof err.message === 'string' && !err.message.startsWith(err.name)) {
    facts.messages.push(`${err.name}: ${err.message}`);
  } else if (typeof err.message === 'string') {
    facts.messages.push(err.message);
  }
  for (const key of ['status', 'statusCode', 'status_code']) {
    if (typeof err[key] === 'number') facts.statuses.push(err[key] as number);
  }
  if (typeof err.code === 'string') facts.codes.push(err.code);
  if (typeof err.errno === 'string') facts.codes.push(err.errno);
  if (err.headers && typeof err.headers === 'object') facts.headers.push(err.headers);
  if (err.responseHeaders && typeof err.responseHeaders === 'object') facts.headers.push(err.responseHeaders);
  for (const key of ['error', 'body', 'responseBody', 'data']) {
    if (err[key] !== undefined && err[key] !== null) facts.bodies.push(err[key]);
  }
  const response = err.response;
  if (response && typeof response === 'object') walk(response, facts, depth + 1, seen);
  walk(err.cause, facts, depth + 1, seen);
  walk(err.lastError, facts, depth + 1, seen);
  if (Array.isArray(err.errors)) for (const inner of err.errors.slice(0, 5)) walk(inner, facts, depth + 1, seen);
}
