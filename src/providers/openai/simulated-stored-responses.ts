import type { Completion, SimClock, SimOperation, SimResponse, StorageOutcome, StoredAnswer } from '../simulator.js';
import { finalStatus, responseObject } from './simulated-answers.js';
import { cancelRun, replayRun, runSnapshot, startRun, type BackgroundRun } from './simulated-background.js';
import { apiHeaders, shapeRequestId } from './simulated-headers.js';
import { inputItems, type InputItem } from './simulated-input-items.js';
import { prettyJson } from './simulated-json.js';
import { notBackgroundResponse, previousResponseNotFound, responseNotFound } from './simulated-request-errors.js';

/**
 * The Responses API's stored responses: every answer whose request does not say `store: false` is kept, with
 * its input, in the key's project (API reference, "Create a model response": `store`, `previous_response_id`).
 * Reads give back the response object the answer carried (`GET /v1/responses/{id}`), its deletion
 * (`DELETE`: `{"id","object":"response.deleted","deleted":true}`, as the API reference shows) and its input
 * items, newest first by default (`GET /v1/responses/{id}/input_items`: a cursor list, openai-node's
 * ResponseItemList). Bodies are laid out as the answers are (simulated-json.ts). A background response is read as
 * far as it got, streamed again, or cancelled (simulated-background.ts).
 */

export const RESPONSE = 'response';

export type ResponseObject = ReturnType<typeof responseObject>;

interface StoredResponse {
  response: ResponseObject;
  inputItems: InputItem[];
  /** A background response's generation, which its reads follow. */
  run?: BackgroundRun;
}

/**
 * The response object of a Responses answer, and what is kept of it: null with `store: false`, unless it runs in
 * the background, where the run is kept to be read.
 */
export function keepResponse(op: SimOperation, completion: Completion, clock: SimClock): { response: ResponseObject; kept: StoredAnswer | null } {
  const response = responseObject(op, completion, finalStatus(completion));
  if (op.body.store === false && !op.background) return { response, kept: null };
  const value: StoredResponse = { response, inputItems: inputItems(op.body.input, response.id), ...(op.background && { run: startRun(op, completion, clock) }) };
  return { response, kept: { id: response.id, kind: RESPONSE, value } };
}

/** A request about a stored response: read (whole, or its events again), its input items, deleted or cancelled. */
export function answerStoredResponse(op: SimOperation, stored: StoredAnswer, requestId: string, clock: SimClock): StorageOutcome {
  const value = stored.value as StoredResponse;
  const reqId = shapeRequestId(requestId);
  const headers = apiHeaders(reqId, 25);
  const json = (body: unknown): SimResponse => ({ status: 200, headers, body: prettyJson(body) });
  const { run } = value;
  switch (op.name) {
    case 'responses.delete':
      return { response: json({ id: stored.id, object: 'response.deleted', deleted: true }), forget: [stored.id] };
    case 'responses.input_items': {
      const data = [...value.inputItems].reverse();
      return { response: json({ object: 'list', data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: false }) };
    }
    case 'responses.cancel': {
      if (run === undefined) return { response: notBackgroundResponse(reqId) };
      const cancelled = cancelRun(run, clock.now);
      return { response: json(runSnapshot(cancelled, clock.now)), keep: [{ ...stored, value: { ...value, run: cancelled } }] };
    }
    default:
      // Only a background response streams again (a stored one is "not found" so: community.openai.com/t/1362217)
      if (op.stream) return { response: run === undefined ? responseNotFound(reqId, stored.id) : replayRun(run, op.startingAfter) };
      return { response: json(run === undefined ? value.response : runSnapshot(run, clock.now)) };
  }
}

export function responseNotFoundFor(op: SimOperation, requestId: string): SimResponse {
  const id = op.stored?.id ?? '';
  return op.stored?.use === 'continue' ? previousResponseNotFound(requestId, id) : responseNotFound(requestId, id);
}
