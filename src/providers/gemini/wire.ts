import { asRecord } from '../probe.js';
import { modelField, type WireFormat } from '../wire.js';
import { cacheMade, cacheNeeded } from './wire-caches.js';
import { candidatesAsked } from './wire-candidates.js';
import { geminiContinuation } from './wire-continuation.js';
import { matchGeminiEndpoint } from './wire-endpoints.js';
import { geminiErrorResponse, geminiStreamError } from './wire-errors.js';
import { JsonArrayFraming, wantsSse } from './wire-json-array.js';
import { GeminiStreamReader } from './wire-stream-reader.js';
import { estimateGeminiTokens, usageOfGeminiAnswer } from './wire-usage.js';

/**
 * The Gemini API as @google/genai speaks it (`/v1beta/models/{model}:{method}`). The model is in the
 * path, so a body needs no change for another model, except batchEmbedContents, whose inner requests
 * each name the model again and must match the path, and a cache's creation, which names it in the body.
 */
function withModel(body: Record<string, unknown>, model: string): Record<string, unknown> {
  if (typeof body.model === 'string') return { ...body, model: `models/${model}` };
  if (!Array.isArray(body.requests)) return body;
  const requests = body.requests.map((request) => {
    const record = asRecord(request);
    return record && typeof record.model === 'string' ? { ...record, model: `models/${model}` } : request;
  });
  return { ...body, requests };
}

export const GEMINI_WIRE: WireFormat = {
  family: 'gemini',
  match: matchGeminiEndpoint,
  streaming: (match) => match.operation === 'streamGenerateContent',
  // `models/gemini-2.5-flash` names gemini-2.5-flash (or a route of that name)
  bodyModel: (body) => modelField(body)?.replace(/^models\//, '') ?? null,
  withModel,
  // Every chunk carries usageMetadata, the last one the total: nothing to ask for, nothing to hide
  withStreamUsage: (body) => ({ body, hideUsage: false }),
  estimateTokens: estimateGeminiTokens,
  usageOf: usageOfGeminiAnswer,
  streamReader: ({ request }) => new GeminiStreamReader(candidatesAsked(request)),
  storedAnswerId: cacheMade,
  answerNeeded: cacheNeeded,
  continuation: geminiContinuation,
  // generateContent keeps no copy of an answer to read on from
  readOnAfterCut: () => null,
  lateAnswers: null,
  errorResponse: geminiErrorResponse,
  clientFraming: (match, query) => (match.operation === 'streamGenerateContent' && !wantsSse(query) ? new JsonArrayFraming() : null),
  streamError: geminiStreamError,
  // The finishing chunk is the end: there is no marker to add
  streamTerminator: () => '',
};
