import type { ProviderSimulator } from '../simulator.js';
import { geminiAnswer } from './simulated-answers.js';
import { geminiFailure } from './simulated-failure.js';
import { googleCredential, newGoogleApiKey } from './simulated-keys.js';
import { noteRequest } from './simulated-request-style.js';
import { parseGeminiRequest } from './simulated-requests.js';
import { geminiStream } from './simulated-stream.js';

/**
 * Countries and territories the Gemini API refuses ("User location is not supported"): those absent
 * from ai.google.dev/gemini-api/docs/available-regions (as of 2026), limited to the ones certain to be
 * absent: mainland China, Hong Kong (gm-007), Macao, Russia, Belarus, Iran, North Korea, Syria, Cuba.
 */
const REFUSED = new Set(['CN', 'HK', 'MO', 'RU', 'BY', 'IR', 'KP', 'SY', 'CU']);

/**
 * The Gemini API (generativelanguage.googleapis.com) under `/gemini`: `/v1beta/...`, `/v1/...`.
 * Google sends no rate-limit headers: the limits are only in 429 bodies (RetryInfo, QuotaFailure),
 * so `rateLimitHeaders` is empty on purpose.
 */
export const GEMINI_SIMULATOR: ProviderSimulator = {
  id: 'gemini',
  prefix: '/gemini',
  credential(req) {
    noteRequest(req);
    return googleCredential(req);
  },
  newKey: newGoogleApiKey,
  parse: parseGeminiRequest,
  failure: geminiFailure,
  answer: geminiAnswer,
  stream: geminiStream,
  rateLimitHeaders: () => ({}),
  refusedCountries: REFUSED,
};
