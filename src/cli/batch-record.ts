import type { ClassifyInput, ProviderId } from '../core/diagnosis.js';

// One line of `llmdoctor explain --batch` input, in the corpus field names, checked and mapped to ClassifyInput.

export const BATCH_PROVIDERS: readonly ProviderId[] = ['openai', 'azure-openai', 'anthropic', 'gemini', 'vertex', 'proxy', 'network', 'unknown'];

export type BatchRecord =
  | { ok: true; id: string | number | null; input: ClassifyInput }
  | { ok: false; id: string | number | null; error: string };

/** Parses one non-blank line; every problem comes back as a message that says how to fix the line. */
export function parseBatchLine(line: string, defaultProvider: string | null): BatchRecord {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    // V8 quotes a snippet of the line after ', "': drop it, it may hold a key the redactor cannot see whole.
    const reason = (error instanceof Error ? error.message : String(error)).replace(/, ".*$/s, '');
    return { ok: false, id: null, error: `not valid JSON (${reason}); write one JSON object per line` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, id: null, error: `expected a JSON object like {"id":"a1","http_status":429,"message":"..."}, got ${describe(value)}` };
  }
  const record = value as Record<string, unknown>;
  const id = isId(record.id) ? record.id : null;
  const problems = FIELD_CHECKS.flatMap(([field, check, expected]) =>
    record[field] === undefined || record[field] === null || check(record[field]) ? [] : [`"${field}" must be ${expected}, got ${describe(record[field])}`],
  );
  if (problems.length > 0) return { ok: false, id, error: `${problems.join('; ')} (or leave the field out)` };
  const input: ClassifyInput = {
    status: (record.http_status as number | null | undefined) ?? null,
    headers: (record.headers as ClassifyInput['headers']) ?? null,
    body: (record.body as ClassifyInput['body']) ?? null,
    message: (record.message as string | null | undefined) ?? null,
    nodeErrorCode: (record.node_error_code as string | null | undefined) ?? null,
    provider: typeof record.provider === 'string' ? record.provider.toLowerCase() : defaultProvider,
  };
  return { ok: true, id, input };
}

type Check = (value: unknown) => boolean;

const FIELD_CHECKS: ReadonlyArray<[field: string, check: Check, expected: string]> = [
  ['id', isId, 'a string or a number'],
  ['provider', (v) => typeof v === 'string' && (BATCH_PROVIDERS as readonly string[]).includes(v.toLowerCase()), `one of ${BATCH_PROVIDERS.join(', ')}`],
  ['http_status', (v) => Number.isInteger(v) && (v as number) >= 100 && (v as number) <= 599, 'an HTTP status number from 100 to 599'],
  ['headers', isHeaders, 'an object of header name to string value, e.g. {"retry-after":"20"}'],
  ['body', (v) => typeof v === 'string' || typeof v === 'object', 'the response body as a string or a JSON object'],
  ['message', (v) => typeof v === 'string', 'a string'],
  ['node_error_code', (v) => typeof v === 'string', 'a string such as "ENOTFOUND"'],
];

function isId(value: unknown): value is string | number {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

function isHeaders(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  return Object.values(value).every(
    (v) => v === null || typeof v === 'string' || typeof v === 'number' || (Array.isArray(v) && v.every((item) => typeof item === 'string')),
  );
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  // Long strings are not quoted, not even cut short: a cut key would slip past the redactor.
  if (typeof value === 'string') return value.length <= 16 ? `the string ${JSON.stringify(value)}` : `a string of ${value.length} characters`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
