import type { ProviderSimulator } from '../simulator.js';
import { anthropicAnswer } from './simulated-answers.js';
import { anthropicFailure } from './simulated-errors.js';
import { anthropicRateLimitHeaders } from './simulated-headers.js';
import { newAnthropicKey, readAnthropicCredential } from './simulated-keys.js';
import { parseAnthropicRequest } from './simulated-requests.js';
import { anthropicStream } from './simulated-stream.js';

/**
 * Countries the API refuses at its edge (403 "Request not allowed"): those absent from
 * https://www.anthropic.com/supported-countries as of 2025 (China, Hong Kong and Macau, Russia,
 * Belarus, and the comprehensively sanctioned Iran, North Korea, Syria, Cuba, plus Afghanistan and
 * Venezuela). The corpus confirms HK (an-037, ray -HKG) and mainland China (an-008, an-009).
 */
const REFUSED_COUNTRIES = new Set(['CN', 'HK', 'MO', 'RU', 'BY', 'IR', 'KP', 'SY', 'CU', 'AF', 'VE']);

/** api.anthropic.com, served under `/anthropic` (`new Anthropic({ baseURL: mock.baseUrls.anthropic })`). */
export const ANTHROPIC_SIMULATOR: ProviderSimulator = {
  id: 'anthropic',
  prefix: '/anthropic',
  credential: readAnthropicCredential,
  newKey: newAnthropicKey,
  parse: parseAnthropicRequest,
  failure: anthropicFailure,
  answer: anthropicAnswer,
  stream: anthropicStream,
  rateLimitHeaders: anthropicRateLimitHeaders,
  refusedCountries: REFUSED_COUNTRIES,
};
