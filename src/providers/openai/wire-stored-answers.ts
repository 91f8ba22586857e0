import { asRecord } from '../probe.js';
import type { EndpointMatch } from '../wire.js';

/**
 * Responses the API keeps: every Responses answer is stored in the project of the key that made it,
 * unless the request said `store: false`, and only that project's keys can continue it
 * (`previous_response_id`), read, list, cancel or delete it.
 */

/** The id of a whole answer that the API stored: a response object with `store` not false. */
export function storedResponseId(answer: unknown): string | null {
  const response = asRecord(answer);
  return response?.object === 'response' && response.store !== false && typeof response.id === 'string' ? response.id : null;
}

/** The stored response a request reads, deletes or continues. */
export function responseNeeded(match: EndpointMatch, body: Record<string, unknown> | null): string | null {
  if (match.answerId !== undefined) return match.answerId;
  if (match.operation !== 'responses') return null;
  const previous = body?.previous_response_id;
  return typeof previous === 'string' && previous !== '' ? previous : null;
}
