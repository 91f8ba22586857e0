import type { Completion, SimOperation, SimResponse } from '../simulator.js';
import { jsonHeaders } from './simulated-headers.js';
import { prettyJson } from './simulated-json.js';
import { GEMINI_MODELS, pageTokenFor, type GeminiModel } from './simulated-models.js';

/**
 * Successful answers, field for field as recorded: generateContent from google/adk-go
 * model/testdata/TestNewGeminiModel.httprr and vercel/ai packages/google/src/__fixtures__/google-text.json
 * (candidates[].content.parts, role, finishReason, index; usageMetadata with promptTokenCount,
 * candidatesTokenCount, totalTokenCount, promptTokensDetails; modelVersion; responseId, 23
 * characters). Zero counts are left out, as proto3 JSON leaves out zero values.
 */

export function geminiAnswer(op: SimOperation, completion: Completion): SimResponse {
  switch (op.name) {
    case 'models.list':
      return ok(listPage(Number(op.body.pageStart ?? 0), Number(op.body.pageSize ?? 50)), 40);
    case 'models.retrieve':
      return ok(GEMINI_MODELS.find((m) => m.name === `models/${op.model}`) ?? {}, 25);
    case 'countTokens':
      return ok(tokenCount(completion.inputTokens), 60);
    default:
      return ok(generateResponse(op, completion, completion.tokens.length, true), generationMs(completion));
  }
}

/**
 * One GenerateContentResponse: the whole answer, or a stream chunk carrying the tokens `from` to `upTo`.
 * A forced function call is one part `{"functionCall": {"name", "args"}}`, whole, with finishReason
 * STOP (vercel/ai packages/google/src/__fixtures__/google-tool-call.json, a recorded answer).
 */
export function generateResponse(op: SimOperation, completion: Completion, upTo: number, last: boolean, from = 0): Record<string, unknown> {
  const call = completion.toolCall;
  const text = from === 0 && upTo === completion.tokens.length ? completion.text : completion.tokens.slice(from, upTo).join('');
  const part = call ? { functionCall: { name: call.name, args: call.arguments } } : { text };
  const candidate: Record<string, unknown> = { content: { parts: [part], role: 'model' } };
  if (last) candidate.finishReason = completion.finishReason === 'length' && !call ? 'MAX_TOKENS' : 'STOP';
  candidate.index = 0;
  return {
    candidates: [candidate],
    usageMetadata: usage(completion.inputTokens, call ? completion.outputTokens : upTo),
    modelVersion: op.model ?? '',
    responseId: completion.id.slice(0, 23),
  };
}

function usage(promptTokens: number, candidateTokens: number): Record<string, unknown> {
  return {
    ...(promptTokens > 0 ? { promptTokenCount: promptTokens } : {}),
    ...(candidateTokens > 0 ? { candidatesTokenCount: candidateTokens } : {}),
    ...(promptTokens + candidateTokens > 0 ? { totalTokenCount: promptTokens + candidateTokens } : {}),
    promptTokensDetails: [{ modality: 'TEXT', ...(promptTokens > 0 ? { tokenCount: promptTokens } : {}) }],
  };
}

/** countTokens: `{"totalTokens": N, "promptTokensDetails": [...]}` (CountTokensResponse, ai.google.dev/api/tokens). */
function tokenCount(tokens: number): Record<string, unknown> {
  return tokens > 0 ? { totalTokens: tokens, promptTokensDetails: [{ modality: 'TEXT', tokenCount: tokens }] } : {};
}

/** ListModels: `{"models": [...], "nextPageToken": "..."}`, the token only when more follow. */
function listPage(start: number, size: number): { models: GeminiModel[]; nextPageToken?: string } {
  const end = start + size;
  const models = GEMINI_MODELS.slice(start, end);
  return end < GEMINI_MODELS.length ? { models, nextPageToken: pageTokenFor(end) } : { models };
}

/** Recorded `server-timing` durations grow with the answer: 393 ms for 9 tokens, about 3 s for 1,000. */
export function generationMs(completion: Completion): number {
  return 300 + 10 * completion.outputTokens;
}

function ok(body: unknown, ms: number): SimResponse {
  return { status: 200, headers: jsonHeaders(ms), body: prettyJson(body) };
}
