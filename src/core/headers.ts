import type { HeadersLike } from './diagnosis.js';

/** Lower-cased header names, one string value each (repeated values joined with ", "). */
export function normalizeHeaders(headers: HeadersLike | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers || typeof headers !== 'object') return out;
  const add = (name: string, value: unknown) => {
    if (value === undefined || value === null) return;
    const text = Array.isArray(value) ? value.join(', ') : String(value);
    const key = name.toLowerCase();
    out[key] = key in out ? `${out[key]}, ${text}` : text;
  };
  if (typeof (headers as { forEach?: unknown }).forEach === 'function' && typeof (headers as { get?: unknown }).get === 'function') {
    (headers as { forEach(cb: (value: string, key: string) => void): void }).forEach((value, key) => add(key, value));
  } else if (Symbol.iterator in headers) {
    for (const [name, value] of headers as Iterable<[string, string]>) add(name, value);
  } else {
    for (const [name, value] of Object.entries(headers)) add(name, value);
  }
  return out;
}
