/**
 * The models the simulated Gemini API serves, as ListModels describes them. Names, versions,
 * display names, descriptions, limits and methods are copied from real ListModels output quoted in
 * public code (model tables generated from `GET /v1beta/models`, e.g. "Stable version of Gemini 2.5
 * Flash, our mid-size multimodal model ..."); the `-latest` aliases and the Gemini 3 preview entries
 * are reconstructed from their names (versions and descriptions guessed), with the 2.5 limits.
 */
export interface GeminiModel {
  name: string;
  version: string;
  displayName: string;
  description: string;
  inputTokenLimit: number;
  outputTokenLimit: number;
  supportedGenerationMethods: readonly string[];
  temperature?: number;
  topP?: number;
  topK?: number;
  maxTemperature?: number;
  thinking?: boolean;
}

const GENERATE = ['generateContent', 'countTokens', 'createCachedContent', 'batchGenerateContent'] as const;

const thinkingModel = (id: string, version: string, displayName: string, description: string): GeminiModel => ({
  name: `models/${id}`,
  version,
  displayName,
  description,
  inputTokenLimit: 1_048_576,
  outputTokenLimit: 65_536,
  supportedGenerationMethods: GENERATE,
  temperature: 1,
  topP: 0.95,
  topK: 64,
  maxTemperature: 2,
  thinking: true,
});

const flash2 = (id: string, displayName: string, description: string): GeminiModel => ({
  name: `models/${id}`,
  version: '2.0',
  displayName,
  description,
  inputTokenLimit: 1_048_576,
  outputTokenLimit: 8_192,
  supportedGenerationMethods: GENERATE,
  temperature: 1,
  topP: 0.95,
  topK: 40,
  maxTemperature: 2,
});

export const GEMINI_MODELS: readonly GeminiModel[] = [
  thinkingModel('gemini-2.5-flash', '001', 'Gemini 2.5 Flash', 'Stable version of Gemini 2.5 Flash, our mid-size multimodal model that supports up to 1 million tokens, released in June of 2025.'),
  thinkingModel('gemini-2.5-pro', '2.5', 'Gemini 2.5 Pro', 'Stable release (June 17th, 2025) of Gemini 2.5 Pro'),
  flash2('gemini-2.0-flash', 'Gemini 2.0 Flash', 'Gemini 2.0 Flash'),
  flash2('gemini-2.0-flash-001', 'Gemini 2.0 Flash 001', 'Stable version of Gemini 2.0 Flash, our fast and versatile multimodal model for scaling across diverse tasks, released in January of 2025.'),
  flash2('gemini-2.0-flash-lite', 'Gemini 2.0 Flash-Lite', 'Gemini 2.0 Flash-Lite'),
  thinkingModel('gemini-2.5-flash-lite', '001', 'Gemini 2.5 Flash-Lite', 'Stable version of Gemini 2.5 Flash-Lite, released in July of 2025'),
  thinkingModel('gemini-flash-latest', 'Gemini Flash Latest', 'Gemini Flash Latest', 'Latest release of Gemini Flash'),
  thinkingModel('gemini-flash-lite-latest', 'Gemini Flash-Lite Latest', 'Gemini Flash-Lite Latest', 'Latest release of Gemini Flash-Lite'),
  thinkingModel('gemini-3-flash-preview', '3-flash-preview', 'Gemini 3 Flash Preview', 'Gemini 3 Flash Preview'),
  thinkingModel('gemini-3-pro-preview', '3-pro-preview', 'Gemini 3 Pro Preview', 'Gemini 3 Pro Preview'),
  {
    name: 'models/gemini-embedding-001',
    version: '001',
    displayName: 'Gemini Embedding 001',
    description: 'Obtain a distributed representation of a text.',
    inputTokenLimit: 2_048,
    outputTokenLimit: 1,
    supportedGenerationMethods: ['embedContent', 'countTextTokens', 'countTokens', 'asyncBatchEmbedContent'],
  },
];

const BY_ID = new Map(GEMINI_MODELS.map((m) => [m.name.slice('models/'.length), m]));

export function findModel(id: string): GeminiModel | undefined {
  return BY_ID.get(id);
}

/** ListModels pages: 50 by default, at most 1000 (ai.google.dev/api/models#method:-models.list). */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

/**
 * Page tokens are opaque base64 protos naming where the next page starts (field 1, the model
 * name), like Google's (`Chltb2RlbHMv...` = "\n\x19models/..."). Null when the token is not one.
 */
export function pageTokenFor(index: number): string {
  const name = Buffer.from(GEMINI_MODELS[index]!.name, 'utf8');
  return Buffer.concat([Buffer.from([0x0a, name.length]), name]).toString('base64');
}

export function pageStart(token: string): number | null {
  const bytes = Buffer.from(token, 'base64');
  if (bytes.length < 2 || bytes[0] !== 0x0a || bytes[1] !== bytes.length - 2) return null;
  const name = bytes.subarray(2).toString('utf8');
  const index = GEMINI_MODELS.findIndex((m) => m.name === name);
  return index < 0 ? null : index;
}
