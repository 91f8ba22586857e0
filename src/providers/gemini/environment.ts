import { GEMINI_HOSTS } from './api.js';

/**
 * What @google/genai reads from the environment and where it sends Gemini API requests. Variables are
 * read trimmed. With both key variables set, GOOGLE_API_KEY wins and the SDK prints a warning.
 */
export const GEMINI_ENVIRONMENT = {
  provider: 'gemini',
  name: 'Gemini',
  sdk: '@google/genai',
  keyVars: ['GOOGLE_API_KEY', 'GEMINI_API_KEY'],
  bothKeysWarning: 'Both GOOGLE_API_KEY and GEMINI_API_KEY are set. Using GOOGLE_API_KEY.',
  baseUrlVars: ['GOOGLE_GEMINI_BASE_URL'],
  /** Honoured by llmdoctor for convenience; @google/genai does not read it. */
  extraBaseUrlVars: ['GEMINI_BASE_URL'],
  organizationVar: null,
  projectVar: null,
  ignoredVars: [{ name: 'GOOGLE_GENAI_API_KEY', useInstead: 'GEMINI_API_KEY', readBy: 'no official SDK' }],
  /** Set to `true`, these switch @google/genai to Vertex AI (ENTERPRISE wins when both are set). */
  modeVars: ['GOOGLE_GENAI_USE_ENTERPRISE', 'GOOGLE_GENAI_USE_VERTEXAI'],
  defaultBaseUrl: 'https://generativelanguage.googleapis.com',
  ownHosts: GEMINI_HOSTS,
  ownBasePath: '',
  appendedPaths: ['/models'],
  /** The SDK adds `/v1beta` (its default apiVersion) after the base URL. */
  addedVersions: ['v1beta', 'v1', 'v1alpha'],
  compatibleBasePath: '',
  /** A request path the SDK appends to the base URL, to show where calls really go. */
  examplePath: '/v1beta/models/gemini-2.5-flash:generateContent',
  keysPage: 'https://aistudio.google.com/apikey',
} as const;
