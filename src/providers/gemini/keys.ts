import type { KeyFormat } from '../../core/key-format.js';

/**
 * Google credentials. API keys are `AIza` + 35 characters (39 in all), or, for keys made in AI Studio
 * since 2026, `AQ.` + a variable-length body. Vertex AI express mode accepts API keys too.
 */
const GOOGLE_API_KEY = {
  provider: 'gemini',
  providerName: 'Google Gemini',
  kind: 'api',
  identifiedBy: 'prefix',
  canCallModels: true,
  alsoFits: ['vertex'],
  sendAs: 'x-goog-api-key: <key>',
  obtainFrom: 'https://aistudio.google.com/apikey',
  envVars: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'],
} as const;

export const GEMINI_KEY_FORMATS: readonly KeyFormat[] = [
  {
    ...GOOGLE_API_KEY,
    id: 'google-api-key',
    label: 'Google API key',
    prefix: 'AIza',
    body: /^[A-Za-z0-9_-]+$/,
    lengths: [39],
  },
  {
    ...GOOGLE_API_KEY,
    id: 'google-auth-key',
    label: 'Google API key (AQ. format)',
    prefix: 'AQ.',
    body: /^[A-Za-z0-9_.-]+$/,
    lengths: [{ min: 43, max: 512 }],
    note: 'send it in the x-goog-api-key header rather than the ?key= URL parameter.',
  },
  {
    id: 'google-oauth-access',
    provider: 'vertex',
    providerName: 'Google Cloud',
    kind: 'oauth_access',
    label: 'Google OAuth access token',
    prefix: 'ya29.',
    body: /^[A-Za-z0-9_.-]+$/,
    lengths: [{ min: 50, max: 4096 }],
    identifiedBy: 'prefix',
    canCallModels: true,
    alsoFits: ['gemini'],
    sendAs: 'Authorization: Bearer <token>',
    obtainFrom: '`gcloud auth print-access-token` or a Google auth library',
    note: 'a short-lived OAuth access token (it expires after about an hour), used for Vertex AI; it is not an API key, so the x-goog-api-key header and the ?key= parameter reject it.',
    remedy: 'For Vertex AI send it as `Authorization: Bearer <token>` and let a Google auth library (Application Default Credentials) refresh it; for the Gemini API key header use an API key from https://aistudio.google.com/apikey.',
  },
];
