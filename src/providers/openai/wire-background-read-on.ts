import type { ReadOnRequest } from '../wire.js';
import { matchStoredEndpoint } from './wire-stored-endpoints.js';

/** A Responses event's number in its stream, as the event's top-level field (a string's quotes would be escaped). */
const SEQUENCE_NUMBER = /"sequence_number":(\d+)/g;

/**
 * A background response (`background: true`) is generated at OpenAI whether or not anyone reads it, and its events
 * can be streamed again from any point: `GET /v1/responses/{id}?stream=true&starting_after=N` sends those after
 * sequence number N (openai-node's `ResponseRetrieveParams.starting_after`). A cut stream of one is read on from
 * the last event the client got, and the client reads one whole stream; one cut before the client got anything is
 * read from its start, rather than asked again: that would start a second response, generated and billed beside the
 * first. A response made in the foreground stops when its stream breaks: there is nothing to read on from.
 */
export function backgroundReadOn(request: Record<string, unknown>, answerId: string, forwarded: string): ReadOnRequest | null {
  if (request.background !== true) return null;
  let last: string | undefined;
  for (const found of forwarded.matchAll(SEQUENCE_NUMBER)) last = found[1];
  const match = matchStoredEndpoint('GET', `/responses/${answerId}`);
  if (match === null) return null;
  return { method: 'GET', match, query: new URLSearchParams(last === undefined ? { stream: 'true' } : { stream: 'true', starting_after: last }) };
}
