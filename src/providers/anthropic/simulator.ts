import type { ProviderSimulator } from '../simulator.js';
import { anthropicAnswer } from './simulated-answers.js';
import { anthropicFailure } from './simulated-errors.js';
import { anthropicRateLimitHeaders } from './simulated-headers.js';
import { newAnthropicKey, readAnthropicCredential } from './simulated-keys.js';
import { parseAnthropicRequest } from './simulated-requests.js';
import { anthropicStream } from './simulated-stream.js';
import { refusedBy } from '../regions.js';
import { ANTHROPIC_SUPPORTED_REGIONS } from './regions.js';

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
  refusedCountries: refusedBy(ANTHROPIC_SUPPORTED_REGIONS),
};
