import { modelField, type WireFormat } from '../wire.js';
import { choicesAsked } from './wire-choices.js';
import { backgroundReadOn } from './wire-background-read-on.js';
import { OPENAI_LATE_ANSWERS } from './wire-late-answers.js';
import { openaiContinuation } from './wire-continuation.js';
import { matchOpenaiEndpoint } from './wire-endpoints.js';
import { openaiErrorResponse, openaiStreamError } from './wire-errors.js';
import { OpenaiStreamReader } from './wire-stream-reader.js';
import { storedObjectId, storedObjectNeeded, storedObjectStreamed } from './wire-stored-answers.js';
import { withChatStreamUsage } from './wire-stream-usage.js';
import { estimateOpenaiTokens } from './wire-token-estimate.js';
import { openaiUsageOf } from './wire-usage.js';

const DONE = 'data: [DONE]\n\n';

/** The OpenAI API format (chat completions, Responses, embeddings, models, legacy completions). */
export const OPENAI_WIRE: WireFormat = {
  family: 'openai',
  match: (method, path) => matchOpenaiEndpoint(method, path),
  streaming: (match, body, query) => body?.stream === true || storedObjectStreamed(match, query),
  bodyModel: modelField,
  withModel: (body, model) => ({ ...body, model }),
  withStreamUsage: withChatStreamUsage,
  estimateTokens: estimateOpenaiTokens,
  usageOf: openaiUsageOf,
  streamReader: ({ hideUsage, request }) => new OpenaiStreamReader(hideUsage, choicesAsked(request)),
  storedAnswerId: storedObjectId,
  answerNeeded: storedObjectNeeded,
  continuation: openaiContinuation,
  readOnAfterCut: backgroundReadOn,
  lateAnswers: OPENAI_LATE_ANSWERS,
  errorResponse: openaiErrorResponse,
  clientFraming: () => null,
  streamError: openaiStreamError,
  streamTerminator: () => DONE,
};
