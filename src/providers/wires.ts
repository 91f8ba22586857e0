import { ANTHROPIC_DIALECT } from './anthropic/dialect.js';
import { ANTHROPIC_WIRE } from './anthropic/wire.js';
import { AZURE_OPENAI_DIALECT } from './azure-openai/dialect.js';
import { GEMINI_DIALECT } from './gemini/dialect.js';
import { GEMINI_WIRE } from './gemini/wire.js';
import { OPENAI_COMPATIBLE_DIALECT, OPENAI_DIALECT } from './openai/dialect.js';
import { OPENAI_WIRE } from './openai/wire.js';
import type { EndpointMatch, UpstreamDialect, UpstreamProvider, WireFamily, WireFormat } from './wire.js';

export const WIRE_FORMATS: Record<WireFamily, WireFormat> = { openai: OPENAI_WIRE, anthropic: ANTHROPIC_WIRE, gemini: GEMINI_WIRE };

export const UPSTREAM_DIALECTS: Record<UpstreamProvider, UpstreamDialect> = {
  openai: OPENAI_DIALECT,
  'azure-openai': AZURE_OPENAI_DIALECT,
  'openai-compatible': OPENAI_COMPATIBLE_DIALECT,
  anthropic: ANTHROPIC_DIALECT,
  gemini: GEMINI_DIALECT,
};

/**
 * The endpoint a request to the gateway is for. `/v1/models` belongs to three formats: Anthropic's SDK
 * always sends `anthropic-version`, Gemini's sends `x-goog-api-key` (or calls `/v1beta`); otherwise it is OpenAI's.
 */
export function matchEndpoint(method: string, path: string, headers: Record<string, string | string[] | undefined>): EndpointMatch | null {
  const order: readonly WireFamily[] = path.startsWith('/v1beta/') || headers['x-goog-api-key'] !== undefined ? GEMINI_FIRST : OPENAI_FIRST;
  for (const family of order) {
    const match = WIRE_FORMATS[family].match(method, path, headers);
    if (match) return match;
  }
  return null;
}

const GEMINI_FIRST: readonly WireFamily[] = ['anthropic', 'gemini', 'openai'];
const OPENAI_FIRST: readonly WireFamily[] = ['anthropic', 'openai', 'gemini'];
