import { ANTHROPIC_HOSTS } from './api.js';

/**
 * What @anthropic-ai/sdk reads from the environment and where it sends requests. Variables are read
 * trimmed; an empty value counts as unset. With both credentials set the SDK takes the API key and warns.
 */
export const ANTHROPIC_ENVIRONMENT = {
  provider: 'anthropic',
  name: 'Anthropic',
  sdk: '@anthropic-ai/sdk',
  keyVars: ['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN'],
  bothKeysWarning: 'Anthropic: ANTHROPIC_API_KEY and ANTHROPIC_AUTH_TOKEN are both set. Using ANTHROPIC_API_KEY.',
  baseUrlVars: ['ANTHROPIC_BASE_URL'],
  extraBaseUrlVars: [],
  organizationVar: null,
  projectVar: null,
  ignoredVars: [
    { name: 'ANTHROPIC_API_URL', useInstead: 'ANTHROPIC_BASE_URL', readBy: 'LangChain (langchain-anthropic)' },
    { name: 'CLAUDE_API_KEY', useInstead: 'ANTHROPIC_API_KEY', readBy: 'some third-party tools' },
  ],
  modeVars: [],
  defaultBaseUrl: 'https://api.anthropic.com',
  ownHosts: ANTHROPIC_HOSTS,
  ownBasePath: '',
  appendedPaths: ['/v1/messages', '/v1/messages/count_tokens', '/v1/models', '/v1/complete', '/messages'],
  addedVersions: ['v1'],
  compatibleBasePath: '',
  /** A request path the SDK appends to the base URL, to show where calls really go. */
  examplePath: '/v1/messages',
  keysPage: 'https://console.anthropic.com/settings/keys',
} as const;

