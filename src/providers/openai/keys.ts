import type { KeyFormat } from '../../core/key-format.js';

/**
 * OpenAI secret keys. Every one carries the marker `T3BlbkFJ` (base64 of "OpenAI") between two random
 * halves of equal length: 20 characters in legacy and early-2024 keys, 58 or 74 in later ones, so a
 * project key is 56, 132 or 164 characters long.
 */
const MARKER = 'T3BlbkFJ';
const HALVES = [20, 58, 74];
const lengthsAfter = (prefix: string): number[] => HALVES.map((half) => prefix.length + 2 * half + MARKER.length);

const URL_SAFE = /^[A-Za-z0-9_-]+$/;

const OPENAI = {
  provider: 'openai',
  providerName: 'OpenAI',
  body: URL_SAFE,
  identifiedBy: 'prefix',
  signature: /T3BlbkFJ/,
  sendAs: 'Authorization: Bearer <key>',
  obtainFrom: 'https://platform.openai.com/api-keys',
  envVars: ['OPENAI_API_KEY'],
} as const;

export const OPENAI_KEY_FORMATS: readonly KeyFormat[] = [
  {
    ...OPENAI,
    id: 'openai-project',
    kind: 'project',
    label: 'OpenAI project key',
    prefix: 'sk-proj-',
    lengths: lengthsAfter('sk-proj-'),
    canCallModels: true,
  },
  {
    ...OPENAI,
    id: 'openai-service-account',
    kind: 'service_account',
    label: 'OpenAI service-account key',
    prefix: 'sk-svcacct-',
    lengths: lengthsAfter('sk-svcacct-'),
    canCallModels: true,
  },
  {
    ...OPENAI,
    id: 'openai-user-no-project',
    kind: 'user',
    label: 'OpenAI user key not tied to a project',
    prefix: 'sk-None-',
    lengths: lengthsAfter('sk-None-'),
    canCallModels: true,
  },
  {
    ...OPENAI,
    id: 'openai-admin',
    kind: 'admin',
    label: 'OpenAI admin key',
    prefix: 'sk-admin-',
    lengths: lengthsAfter('sk-admin-'),
    canCallModels: false,
    envVars: ['OPENAI_ADMIN_KEY'],
    note: 'admin keys manage the organization through the Admin API (projects, members, usage, keys) and cannot call models.',
    remedy: 'Use a project key (sk-proj-…) for model calls, created at https://platform.openai.com/api-keys; keep the admin key for the Admin API only.',
  },
  {
    ...OPENAI,
    id: 'openai-user-legacy',
    kind: 'user',
    label: 'OpenAI user key (legacy format)',
    prefix: 'sk-',
    body: /^[A-Za-z0-9]+$/,
    lengths: [51],
    // `sk-` is shared with relays and other providers: only the marker in its place identifies OpenAI.
    identifiedBy: 'shape',
    signature: /^sk-[A-Za-z0-9]{20}T3BlbkFJ/,
    canCallModels: true,
  },
];
