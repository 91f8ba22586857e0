import { ANTHROPIC_ENVIRONMENT } from '../../providers/anthropic/environment.js';
import { GEMINI_ENVIRONMENT } from '../../providers/gemini/environment.js';
import { OPENAI_ENVIRONMENT } from '../../providers/openai/environment.js';
import type { UpstreamProvider } from '../../providers/wire.js';

export const UPSTREAM_PROVIDERS: readonly UpstreamProvider[] = ['openai', 'anthropic', 'gemini', 'azure-openai', 'openai-compatible'];

/** Where an upstream goes when the config names no base URL; null: the provider has no public endpoint, so one is required. */
export const DEFAULT_BASE_URLS: Record<UpstreamProvider, string | null> = {
  openai: OPENAI_ENVIRONMENT.defaultBaseUrl,
  anthropic: ANTHROPIC_ENVIRONMENT.defaultBaseUrl,
  gemini: GEMINI_ENVIRONMENT.defaultBaseUrl,
  'azure-openai': null,
  'openai-compatible': null,
};

export function isUpstreamProvider(name: string): name is UpstreamProvider {
  return (UPSTREAM_PROVIDERS as readonly string[]).includes(name);
}

/** What zero-config reads for one provider: its SDK's key and base-URL variables. */
export interface EnvironmentProvider {
  provider: 'openai' | 'anthropic' | 'gemini';
  name: string;
  keyVars: readonly string[];
  baseUrlVars: readonly string[];
  defaultBaseUrl: string;
}

/**
 * ANTHROPIC_AUTH_TOKEN is left out: it is a bearer token for servers that speak Anthropic's API
 * (gateways, proxies), not an API key the Anthropic API takes as `x-api-key`.
 */
export const NOT_API_KEY_VARS: readonly string[] = ['ANTHROPIC_AUTH_TOKEN'];

export const ENVIRONMENT_PROVIDERS: readonly EnvironmentProvider[] = [OPENAI_ENVIRONMENT, ANTHROPIC_ENVIRONMENT, GEMINI_ENVIRONMENT].map(
  (environment) => ({
    provider: environment.provider,
    name: environment.name,
    keyVars: environment.keyVars.filter((name) => !NOT_API_KEY_VARS.includes(name)),
    baseUrlVars: [...environment.baseUrlVars, ...environment.extraBaseUrlVars],
    defaultBaseUrl: environment.defaultBaseUrl,
  }),
);
