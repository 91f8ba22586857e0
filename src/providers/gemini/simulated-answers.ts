import { answersOf } from '../simulated-common.js';
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
      return ok(wholeResponse(op, completion), generationMs(completion));
  }
}

/** Tokens `from` to `upTo` of answer `index` (its candidate's index), the answer's last piece when `last`. */
export interface CandidatePiece {
  index: number;
  from: number;
  upTo: number;
  last: boolean;
}

/**
 * One GenerateContentResponse: the whole answer, or a stream chunk carrying a piece of each candidate still
 * going, with the usage so far. A forced function call is one part `{"functionCall": {"name", "args"}}`,
 * whole, with finishReason STOP (vercel/ai packages/google/src/__fixtures__/google-tool-call.json, a
 * recorded answer).
 */
export function generateResponse(op: SimOperation, completion: Completion, pieces: CandidatePiece[], outputSoFar: number): Record<string, unknown> {
  const answers = answersOf(completion);
  return {
    candidates: pieces.map((piece) => candidateOf(answers[piece.index]!, piece)),
    usageMetadata: usage(completion.inputTokens, outputSoFar, op.cachedTokens ?? 0),
    modelVersion: op.model ?? '',
    responseId: completion.id.slice(0, 23),
  };
}

/** Every candidate whole: a generateContent answer. */
function wholeResponse(op: SimOperation, completion: Completion): Record<string, unknown> {
  const pieces = answersOf(completion).map((answer, index) => ({ index, from: 0, upTo: answer.tokens.length, last: true }));
  return generateResponse(op, completion, pieces, completion.outputTokens);
}

function candidateOf(answer: Completion, { index, from, upTo, last }: CandidatePiece): Record<string, unknown> {
  const call = answer.toolCall;
  const text = from === 0 && upTo === answer.tokens.length ? answer.text : answer.tokens.slice(from, upTo).join('');
  const part = call ? { functionCall: { name: call.name, args: call.arguments } } : { text };
  const candidate: Record<string, unknown> = { content: { parts: [part], role: 'model' } };
  if (last) candidate.finishReason = answer.finishReason === 'length' && !call ? 'MAX_TOKENS' : 'STOP';
  candidate.index = index;
  return candidate;
}

/** A cache's tokens are part of the prompt's, and counted apart as `cachedContentTokenCount`. */
function usage(uncachedTokens: number, candidateTokens: number, cachedTokens: number): Record<string, unknown> {
  const promptTokens = uncachedTokens + cachedTokens;
  return {
    ...(promptTokens > 0 ? { promptTokenCount: promptTokens } : {}),
    ...(cachedTokens > 0 ? { cachedContentTokenCount: cachedTokens } : {}),
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
