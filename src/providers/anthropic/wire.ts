import { modelField, type WireFormat } from '../wire.js';
import { anthropicContinuation } from './wire-continuation.js';
import { matchAnthropicEndpoint } from './wire-endpoints.js';
import { anthropicErrorResponse, anthropicStreamError } from './wire-errors.js';
import { AnthropicStreamReader } from './wire-stream-reader.js';
import { estimateAnthropicTokens, usageOfAnthropicAnswer } from './wire-usage.js';

const MESSAGE_STOP = 'event: message_stop\ndata: {"type":"message_stop"}\n\n';

/** The Messages API as @anthropic-ai/sdk speaks it (base URL without `/v1`). */
export const ANTHROPIC_WIRE: WireFormat = {
  family: 'anthropic',
  match: matchAnthropicEndpoint,
  streaming: (_match, body) => body?.stream === true,
  bodyModel: modelField,
  withModel: (body, model) => ({ ...body, model }),
  // Every stream reports usage (message_start and message_delta): nothing to ask for, nothing to hide
  withStreamUsage: (body) => ({ body, hideUsage: false }),
  estimateTokens: estimateAnthropicTokens,
  usageOf: usageOfAnthropicAnswer,
  streamReader: () => new AnthropicStreamReader(),
  // Nothing is stored for later requests to name
  storedAnswerId: () => null,
  answerNeeded: () => null,
  continuation: anthropicContinuation,
  // The Messages API keeps no copy of an answer to read on from
  readOnAfterCut: () => null,
  lateAnswers: null,
  errorResponse: anthropicErrorResponse,
  clientFraming: () => null,
  streamError: anthropicStreamError,
  streamTerminator: () => MESSAGE_STOP,
};
