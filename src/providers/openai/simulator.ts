import type { ProviderSimulator } from '../simulator.js';
import { openaiAnswer } from './simulated-answers.js';
import { newOpenaiKey, openaiCredential } from './simulated-auth.js';
import { openaiFailure } from './simulated-errors.js';
import { rateLimitHeaders } from './simulated-headers.js';
import { parseOpenaiRequest } from './simulated-requests.js';
import { openaiStream } from './simulated-stream.js';
import { OPENAI_STORAGE } from './simulated-storage.js';
import { refusedBy } from '../regions.js';
import { OPENAI_SUPPORTED_REGIONS } from './regions.js';

/** api.openai.com, served under `/openai/v1/...`. */
export const OPENAI_SIMULATOR: ProviderSimulator = {
  id: 'openai',
  prefix: '/openai',
  credential: openaiCredential,
  newKey: newOpenaiKey,
  parse: parseOpenaiRequest,
  failure: openaiFailure,
  answer: openaiAnswer,
  stream: openaiStream,
  rateLimitHeaders,
  storage: OPENAI_STORAGE,
  refusedCountries: refusedBy(OPENAI_SUPPORTED_REGIONS),
};
