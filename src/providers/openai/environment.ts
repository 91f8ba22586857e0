import { OPENAI_HOSTS } from './api.js';

/**
 * What openai-node (v4 and later) reads from the environment and where it sends requests. Each variable
 * is read with surrounding whitespace trimmed (`readEnv`); an empty value counts as unset.
 */
export const OPENAI_ENVIRONMENT = {
  provider: 'openai',
  name: 'OpenAI',
  sdk: 'openai (openai-node)',
  /** Credential variables in the SDK's order of precedence. */
  keyVars: ['OPENAI_API_KEY'],
  /** Printed by the SDK when several credential variables are set; null when it prints nothing. */
  bothKeysWarning: null,
  baseUrlVars: ['OPENAI_BASE_URL'],
  /** Base-URL variables llmdoctor honours although the SDK does not read them. */
  extraBaseUrlVars: [],
  organizationVar: 'OPENAI_ORG_ID',
  projectVar: 'OPENAI_PROJECT_ID',
  /** Variables people set that this SDK never reads. */
  ignoredVars: [
    { name: 'OPENAI_API_BASE', useInstead: 'OPENAI_BASE_URL', readBy: 'openai-python 0.x and older LangChain' },
    { name: 'OPENAI_ORGANIZATION', useInstead: 'OPENAI_ORG_ID', readBy: 'older LangChain and some tools' },
  ],
  /** Variables that switch the SDK to another backend. */
  modeVars: [],
  defaultBaseUrl: 'https://api.openai.com/v1',
  ownHosts: OPENAI_HOSTS,
  /** The path a base URL has on the provider's own host. */
  ownBasePath: '/v1',
  /** Endpoint paths the SDK appends to the base URL. */
  appendedPaths: ['/chat/completions', '/completions', '/responses', '/embeddings', '/models', '/audio/transcriptions', '/images/generations'],
  /** Version segments the SDK adds after the base URL itself (a base URL ending in one gets it twice). */
  addedVersions: [],
  /** Where OpenAI-compatible servers serve their API; a base URL without it usually 404s. */
  compatibleBasePath: '/v1',
  /** A request path the SDK appends to the base URL, to show where calls really go. */
  examplePath: '/chat/completions',
  keysPage: 'https://platform.openai.com/api-keys',
} as const;

/** OpenAI ids have fixed shapes: `org-` + 24 alphanumerics, `proj_` + 24 alphanumerics. */
export const OPENAI_ORGANIZATION_ID = /^org-[A-Za-z0-9]{24}$/;
export const OPENAI_PROJECT_ID = /^proj_[A-Za-z0-9]{24}$/;

/**
 * What the API answers when the OpenAI-Organization / OpenAI-Project header does not fit the key
 * (401, codes `mismatched_organization` / `mismatched_project`).
 */
export const OPENAI_MISMATCH_MESSAGES = {
  organization: 'OpenAI-Organization header should match organization for API key',
  project: 'OpenAI-Project header should match project for API key',
} as const;
