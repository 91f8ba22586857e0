import type { Environment } from './gateway-environment.js';
import { defaultLimits, defaultPolicies } from './default-settings.js';
import { environmentKeys } from './environment-keys.js';
import { checkHttpUrl, displayUrl, httpUrlAdvice, withoutTrailingSlashes } from './http-url.js';
import { ENVIRONMENT_PROVIDERS, NOT_API_KEY_VARS, type EnvironmentProvider } from './providers.js';
import type { ListenAddress } from './read-listen.js';
import { pointsAtListenAddress } from './self-loop.js';
import { GatewayConfigError, type GatewayConfig, type GatewayOperations, type UpstreamConfig } from './types.js';

/**
 * Zero config: one upstream per provider that has keys in the environment, named after the provider,
 * with the provider's base URL variable (how tests point the gateway at `llmdoctor mock`), no routes,
 * the default policies and limits, and `operations` as given (the environment's over the defaults).
 */
export function configFromEnvironment(env: Environment, listen: ListenAddress, operations: GatewayOperations): { config: GatewayConfig; warnings: string[] } {
  const warnings: string[] = [];
  const upstreams: UpstreamConfig[] = [];
  const keyVariables: string[] = [];
  for (const provider of ENVIRONMENT_PROVIDERS) {
    const keys = environmentKeys(provider.keyVars, env, warnings);
    if (keys.length === 0) continue;
    upstreams.push({
      name: provider.provider,
      provider: provider.provider,
      baseUrl: environmentBaseUrl(provider, env, listen, warnings),
      keys: keys.map((key) => ({ secret: key.secret, label: key.label, maxInFlight: null, requestsPerMinute: null, tokensPerMinute: null })),
      proxy: null,
      regionProxy: null,
      headers: {},
    });
    for (const key of keys) if (!keyVariables.includes(key.variable)) keyVariables.push(key.variable);
  }
  if (upstreams.length === 0) throw new GatewayConfigError(noKeysMessage(env));
  for (const name of NOT_API_KEY_VARS) {
    if (env[name]?.trim()) warnings.push(`${name} is set but not used: it is a bearer token for servers other than the provider's API; the gateway reads API keys only`);
  }
  return {
    config: { listen, upstreams, routes: [], policies: defaultPolicies(), limits: defaultLimits(), operations, source: { file: null, keyVariables } },
    warnings,
  };
}

/** The first base-URL variable set, unless it leads back to this gateway (then the provider's own URL, with a warning). */
function environmentBaseUrl(provider: EnvironmentProvider, env: Environment, listen: ListenAddress, warnings: string[]): string {
  for (const variable of provider.baseUrlVars) {
    const text = env[variable]?.trim();
    if (!text) continue;
    const check = checkHttpUrl(text, { allowCredentials: false });
    if (!check.ok) throw new GatewayConfigError(`${variable} ${httpUrlAdvice(check.problem, 'base URL')} (or unset it to use ${provider.defaultBaseUrl})`);
    if (pointsAtListenAddress(check.url, listen)) {
      warnings.push(
        `${variable} (${displayUrl(check.url)}) points at this gateway's own address ${listen.host}:${listen.port}, which would loop: ignored for the gateway's ${provider.name} upstream, which uses ${provider.defaultBaseUrl}`,
      );
      return provider.defaultBaseUrl;
    }
    return withoutTrailingSlashes(text);
  }
  return provider.defaultBaseUrl;
}

function noKeysMessage(env: Environment): string {
  const perProvider = ENVIRONMENT_PROVIDERS.map((provider) => `${provider.name}: ${provider.keyVars.join(' or ')}`).join('; ');
  const ignored = NOT_API_KEY_VARS.filter((name) => env[name]?.trim()).map((name) => ` (${name} is set, but it is not an API key)`).join('');
  return (
    `no provider keys found in the environment or in .env${ignored}. Set at least one of: ${perProvider}. ` +
    'Several keys per provider: numbered variables (OPENAI_API_KEY_1, OPENAI_API_KEY_2…) or a comma-separated list (OPENAI_API_KEYS=key1,key2). ' +
    'Or pass --config <file> to name upstreams and keys yourself.'
  );
}
