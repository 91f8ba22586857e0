import type { ProviderSimulator } from '../simulator.js';
import { geminiAnswer } from './simulated-answers.js';
import { GEMINI_STORAGE } from './simulated-caches.js';
import { geminiFailure } from './simulated-failure.js';
import { googleCredential, newGoogleApiKey } from './simulated-keys.js';
import { parseGeminiRequest } from './simulated-requests.js';
import { geminiStream } from './simulated-stream.js';
import { refusedBy } from '../regions.js';
import { GEMINI_SUPPORTED_REGIONS } from './regions.js';

/**
 * The Gemini API (generativelanguage.googleapis.com) under `/gemini`: `/v1beta/...`, `/v1/...`.
 * Google sends no rate-limit headers: the limits are only in 429 bodies (RetryInfo, QuotaFailure),
 * so `rateLimitHeaders` is empty on purpose.
 */
export const GEMINI_SIMULATOR: ProviderSimulator = {
  id: 'gemini',
  prefix: '/gemini',
  credential: googleCredential,
  newKey: newGoogleApiKey,
  parse: parseGeminiRequest,
  failure: geminiFailure,
  answer: geminiAnswer,
  stream: geminiStream,
  rateLimitHeaders: () => ({}),
  storage: GEMINI_STORAGE,
  refusedCountries: refusedBy(GEMINI_SUPPORTED_REGIONS),
};
