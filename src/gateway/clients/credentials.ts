import type { IncomingHttpHeaders } from 'node:http';

/**
 * The client key a request carries, wherever its SDK puts its API key: OpenAI's `Authorization: Bearer`,
 * Anthropic's `x-api-key`, Gemini's `x-goog-api-key` or `?key=`. The first non-empty one in that order
 * wins; null when there is none.
 */
export function credentialOf(headers: IncomingHttpHeaders, query: URLSearchParams): string | null {
  const bearer = /^bearer\s+(.*)$/is.exec(firstOf(headers.authorization) ?? '')?.[1];
  for (const candidate of [bearer, firstOf(headers['x-api-key']), firstOf(headers['x-goog-api-key']), query.get('key')]) {
    const credential = candidate?.trim();
    if (credential) return credential;
  }
  return null;
}

function firstOf(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
