import type { KeyFormat } from '../../core/key-format.js';

/** Anthropic keys: `sk-ant-<type><version>-` + 93 characters of [A-Za-z0-9_-] + `AA`. */
const URL_SAFE = /^[A-Za-z0-9_-]+$/;
const BODY_LENGTH = 95;

const ANTHROPIC = {
  provider: 'anthropic',
  providerName: 'Anthropic',
  body: URL_SAFE,
  identifiedBy: 'prefix',
  sendAs: 'x-api-key: <key>',
  obtainFrom: 'https://console.anthropic.com/settings/keys',
} as const;

export const ANTHROPIC_KEY_FORMATS: readonly KeyFormat[] = [
  {
    ...ANTHROPIC,
    id: 'anthropic-api',
    kind: 'api',
    label: 'Anthropic API key',
    prefix: 'sk-ant-api03-',
    lengths: ['sk-ant-api03-'.length + BODY_LENGTH],
    signature: /AA$/,
    canCallModels: true,
    envVars: ['ANTHROPIC_API_KEY'],
  },
  {
    ...ANTHROPIC,
    id: 'anthropic-admin',
    kind: 'admin',
    label: 'Anthropic Admin API key',
    prefix: 'sk-ant-admin01-',
    lengths: ['sk-ant-admin01-'.length + BODY_LENGTH],
    signature: /AA$/,
    canCallModels: false,
    envVars: ['ANTHROPIC_ADMIN_KEY'],
    note: 'Admin API keys manage the organization (members, workspaces, API keys, usage reports) and cannot call models.',
    remedy: 'Use a regular API key (sk-ant-api03-…) for model calls, created at https://console.anthropic.com/settings/keys; keep the admin key for the Admin API only.',
  },
  {
    ...ANTHROPIC,
    id: 'anthropic-oauth-access',
    kind: 'oauth_access',
    label: 'Claude subscription OAuth token',
    prefix: 'sk-ant-oat01-',
    lengths: [{ min: 40, max: 400 }],
    canCallModels: false,
    sendAs: 'Authorization: Bearer <token> (Claude Code only)',
    envVars: ['CLAUDE_CODE_OAUTH_TOKEN'],
    note: 'an OAuth token of a Claude Pro/Max subscription (from `claude setup-token` or the Claude Code login), not an API key; the API answers "OAuth authentication is currently not supported".',
    remedy: 'For API calls create an API key (sk-ant-api03-…) at https://console.anthropic.com/settings/keys, billed separately from the subscription; the subscription token is for Claude Code.',
  },
  {
    ...ANTHROPIC,
    id: 'anthropic-oauth-refresh',
    kind: 'oauth_refresh',
    label: 'Claude OAuth refresh token',
    prefix: 'sk-ant-ort01-',
    lengths: [{ min: 40, max: 400 }],
    canCallModels: false,
    note: 'a refresh token, used only to obtain new OAuth access tokens; it authenticates no request by itself.',
    remedy: 'Use an API key (sk-ant-api03-…) from https://console.anthropic.com/settings/keys for API calls.',
  },
  {
    // Any other `sk-ant-` key (a type or version we do not know yet) is still Anthropic's.
    ...ANTHROPIC,
    id: 'anthropic-other',
    kind: 'api',
    label: 'Anthropic key of an unrecognized type',
    prefix: 'sk-ant-',
    lengths: [{ min: 20, max: 400 }],
    canCallModels: true,
    envVars: ['ANTHROPIC_API_KEY'],
  },
];
