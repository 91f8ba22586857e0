import type { Completion, SimOperation, SimResponse, StoredAnswer } from '../simulator.js';
import { finalStatus, responseObject } from './simulated-answers.js';
import { apiHeaders, shapeRequestId } from './simulated-headers.js';
import { inputItems, type InputItem } from './simulated-input-items.js';
import { prettyJson } from './simulated-json.js';
import { previousResponseNotFound, responseNotFound } from './simulated-request-errors.js';

/**
 * The Responses API's stored responses: every answer whose request does not say `store: false` is kept, with
 * its input, in the key's project (API reference, "Create a model response": `store`, `previous_response_id`).
 * Reads give back the response object the answer carried (`GET /v1/responses/{id}`), its deletion
 * (`DELETE`: `{"id","object":"response.deleted","deleted":true}`, as the API reference shows) and its input
 * items, newest first by default (`GET /v1/responses/{id}/input_items`: a cursor list, openai-node's
 * ResponseItemList). Bodies are laid out as the answers are (simulated-json.ts).
 */

export const RESPONSE = 'response';

export type ResponseObject = ReturnType<typeof responseObject>;

interface StoredResponse {
  response: ResponseObject;
  inputItems: InputItem[];
}

/** The response object of a Responses answer, and what is kept of it (null with `store: false`). */
export function keepResponse(op: SimOperation, completion: Completion): { response: ResponseObject; kept: StoredAnswer | null } {
  const response = responseObject(op, completion, finalStatus(completion));
  if (op.body.store === false) return { response, kept: null };
  const value: StoredResponse = { response, inputItems: inputItems(op.body.input, response.id) };
  return { response, kept: { id: response.id, kind: RESPONSE, value } };
}

export function readResponse(op: SimOperation, stored: StoredAnswer, requestId: string): SimResponse {
  const { response, inputItems: items } = stored.value as StoredResponse;
  const headers = apiHeaders(shapeRequestId(requestId), 25);
  if (op.name === 'responses.delete') return { status: 200, headers, body: prettyJson({ id: stored.id, object: 'response.deleted', deleted: true }) };
  if (op.name === 'responses.input_items') {
    const data = [...items].reverse();
    const list = { object: 'list', data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: false };
    return { status: 200, headers, body: prettyJson(list) };
  }
  return { status: 200, headers, body: prettyJson(response) };
}

export function responseNotFoundFor(op: SimOperation, requestId: string): SimResponse {
  const id = op.stored?.id ?? '';
  return op.stored?.use === 'continue' ? previousResponseNotFound(requestId, id) : responseNotFound(requestId, id);
}
