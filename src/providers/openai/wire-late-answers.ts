import { asRecord } from '../probe.js';
import { modelField, type LateAnswers } from '../wire.js';
import { matchStoredEndpoint } from './wire-stored-endpoints.js';
import { openaiUsageOf } from './wire-usage.js';

/** A response still being generated; every other status is final (completed, incomplete, failed, cancelled). */
const UNDER_WAY = new Set(['queued', 'in_progress']);

/**
 * A background response (`background: true`) is answered `queued`, with no usage, and generated after: its tokens
 * are in the response object once it is no longer queued or in progress (`GET /v1/responses/{id}`). Only response
 * ids (`resp_…`) name one; a conversation (`conv_…`) generates nothing.
 */
export const OPENAI_LATE_ANSWERS: LateAnswers = {
  statusRead(answerId) {
    if (!answerId.startsWith('resp_')) return null;
    const match = matchStoredEndpoint('GET', `/responses/${answerId}`);
    return match === null ? null : { method: 'GET', match, query: new URLSearchParams() };
  },
  outcome(answer) {
    const response = asRecord(answer);
    if (response === null || response.object !== 'response' || typeof response.status !== 'string') return null;
    return { finished: !UNDER_WAY.has(response.status), usage: openaiUsageOf(response), model: modelField(response) };
  },
};
