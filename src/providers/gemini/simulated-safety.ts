import type { SimResponse } from '../simulator.js';
import { jsonHeaders, sseHeaders } from './simulated-headers.js';
import { prettyJson, sseJson } from './simulated-json.js';
import type { ResponseStyle } from './simulated-request-style.js';
import type { ErrorSubject } from './simulated-subject.js';

/**
 * A safety block is not an HTTP error at Google: the answer is a 200 whose prompt was refused
 * (`promptFeedback.blockReason`, no candidates) or whose candidate was stopped (`finishReason:
 * SAFETY`, no content), and the SDK raises nothing (gm-048...052, gm-b016).
 * Default `prompt`: blockReason SAFETY with the prompt's safety ratings. `prohibited`: blockReason
 * PROHIBITED_CONTENT, which carries no ratings (vercel/ai packages/google/src/__fixtures__/
 * issue-19758-prompt-block.json, verbatim shape). `candidate`: the answer was blocked
 * (finishReason SAFETY, a rating marked `blocked`). Ratings list the four harm categories the
 * Gemini API reports; the probabilities are illustrative.
 */
export function contentBlocked(subject: ErrorSubject, responseId: string, style: ResponseStyle): SimResponse {
  const usage = { promptTokenCount: subject.promptTokens, totalTokenCount: subject.promptTokens, promptTokensDetails: [{ modality: 'TEXT', tokenCount: subject.promptTokens }] };
  const tail = { usageMetadata: usage, modelVersion: subject.model, responseId };
  const body =
    subject.variant === 'candidate'
      ? { candidates: [{ finishReason: 'SAFETY', index: 0, safetyRatings: ratings(true) }], ...tail }
      : subject.variant === 'prohibited'
        ? { promptFeedback: { blockReason: 'PROHIBITED_CONTENT' }, ...tail }
        : { promptFeedback: { blockReason: 'SAFETY', safetyRatings: ratings(false) }, ...tail };
  if (style === 'sse') return { status: 200, headers: sseHeaders(180), body: `data: ${sseJson(body)}\r\n\r\n` };
  if (style === 'json-array') return { status: 200, headers: jsonHeaders(180), body: `[${prettyJson(body).slice(0, -1)}\n]` };
  return { status: 200, headers: jsonHeaders(180), body: prettyJson(body) };
}

function ratings(blocked: boolean) {
  return [
    { category: 'HARM_CATEGORY_SEXUALLY_EXPLICIT', probability: 'NEGLIGIBLE' },
    { category: 'HARM_CATEGORY_HATE_SPEECH', probability: 'NEGLIGIBLE' },
    { category: 'HARM_CATEGORY_HARASSMENT', probability: 'NEGLIGIBLE' },
    blocked ? { category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH', blocked: true } : { category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH' },
  ];
}
