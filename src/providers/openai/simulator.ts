import type { ProviderSimulator } from '../simulator.js';
import { openaiAnswer } from './simulated-answers.js';
import { newOpenaiKey, openaiCredential } from './simulated-auth.js';
import { openaiFailure } from './simulated-errors.js';
import { rateLimitHeaders } from './simulated-headers.js';
import { parseOpenaiRequest } from './simulated-requests.js';
import { openaiStream } from './simulated-stream.js';

/**
 * Countries the OpenAI API refuses: those absent from "OpenAI API - Supported Countries and Territories"
 * (help.openai.com/en/articles/5347006, as stored in 2026; OpenAI publishes no list of refused ones):
 * China, Hong Kong, Macao, Russia, Belarus, Iran, North Korea, Syria, Cuba, Venezuela.
 */
const REFUSED_COUNTRIES: ReadonlySet<string> = new Set(['CN', 'HK', 'MO', 'RU', 'BY', 'IR', 'KP', 'SY', 'CU', 'VE']);

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
  refusedCountries: REFUSED_COUNTRIES,
};
