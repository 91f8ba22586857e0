import { asRecord } from '../probe.js';
import type { EndpointMatch } from '../wire.js';

/**
 * What the API keeps for later requests: every Responses answer (unless the request said `store: false`)
 * and every conversation, in the project of the key that made it. Only that project's keys can continue
 * it (`previous_response_id`, `conversation`), read, list, change or delete it.
 */

/** The id of a whole answer that the API stored: a response object with `store` not false, or a conversation. */
export function storedObjectId(answer: unknown): string | null {
  const object = asRecord(answer);
  if (object === null || typeof object.id !== 'string') return null;
  if (object.object === 'conversation') return object.id;
  return object.object === 'response' && object.store !== false ? object.id : null;
}

/** The stored object a request needs: the one its path names, or the response or conversation it continues. */
export function storedObjectNeeded(match: EndpointMatch, body: Record<string, unknown> | null): string | null {
  if (match.answerId !== undefined) return match.answerId;
  if (match.operation !== 'responses' || body === null) return null;
  const previous = body.previous_response_id;
  if (typeof previous === 'string' && previous !== '') return previous;
  // A conversation is named by its id, or by an object that holds it
  const conversation = typeof body.conversation === 'string' ? body.conversation : asRecord(body.conversation)?.id;
  return typeof conversation === 'string' && conversation !== '' ? conversation : null;
}

/** `GET /v1/responses/{id}?stream=true`: a background response's events streamed (again) as it is generated. */
export function storedObjectStreamed(match: EndpointMatch, query: URLSearchParams): boolean {
  return match.operation === 'responses.get' && query.get('stream') === 'true';
}
