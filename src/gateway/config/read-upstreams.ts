import { closestName } from './closest-name.js';
import { checkHttpUrl, displayUrl, httpUrlAdvice, withoutTrailingSlashes } from './http-url.js';
import { DEFAULT_BASE_URLS, isUpstreamProvider, UPSTREAM_PROVIDERS } from './providers.js';
import { readKeys } from './read-keys.js';
import { readName, readText } from './read-values.js';
import { shorten } from './shorten.js';
import { configError, entriesOf, fieldsOf, given, itemsOf, required, type Setting } from './setting.js';
import { pointsAtListenAddress } from './self-loop.js';
import type { UpstreamConfig } from './types.js';

const UPSTREAM_FIELDS = ['name', 'provider', 'base_url', 'keys', 'proxy', 'region_proxy', 'headers'] as const;

/** HTTP header names are RFC 9110 tokens. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export function readUpstreams(
  setting: Setting,
  listen: { host: string; port: number },
): { upstreams: UpstreamConfig[]; keyVariables: string[] } {
  const items = itemsOf(setting, 'upstreams');
  if (items.length === 0) throw configError(setting, 'upstreams is empty: add at least one upstream (name, provider, keys)');
  const upstreams: UpstreamConfig[] = [];
  const keyVariables: string[] = [];
  const lines = new Map<string, number | null>();
  for (const item of items) {
    const { upstream, variables } = readUpstream(item, listen);
    if (lines.has(upstream.name)) {
      throw configError(item, `${item.path}: the upstream name "${shorten(upstream.name)}" is already used (line ${lines.get(upstream.name)}): give each upstream its own name`);
    }
    lines.set(upstream.name, item.line);
    upstreams.push(upstream);
    for (const name of variables) if (!keyVariables.includes(name)) keyVariables.push(name);
  }
  return { upstreams, keyVariables };
}

function readUpstream(item: Setting, listen: { host: string; port: number }): { upstream: UpstreamConfig; variables: string[] } {
  const fields = fieldsOf(item, UPSTREAM_FIELDS);
  const name = readName(required(fields.name, item, `${item.path} has no name: add name: <a name routes can refer to>`));
  const providerSetting = required(fields.provider, item, `${item.path} has no provider: add provider: (one of ${UPSTREAM_PROVIDERS.join(', ')})`);
  const provider = readText(providerSetting).trim();
  if (!isUpstreamProvider(provider)) {
    const suggestion = closestName(provider, UPSTREAM_PROVIDERS);
    const hint = suggestion === null ? '' : `did you mean ${suggestion}? `;
    throw configError(providerSetting, `${providerSetting.path}: "${shorten(provider)}" is not a provider; ${hint}use one of ${UPSTREAM_PROVIDERS.join(', ')}`);
  }
  const { keys, variables } = readKeys(fields.keys, item);
  return {
    upstream: {
      name,
      provider,
      baseUrl: readBaseUrl(given(fields.base_url), item, provider, listen),
      keys,
      proxy: readProxy(given(fields.proxy)),
      regionProxy: readProxy(given(fields.region_proxy)),
      headers: readHeaders(given(fields.headers)),
    },
    variables,
  };
}

function readBaseUrl(setting: Setting | undefined, item: Setting, provider: keyof typeof DEFAULT_BASE_URLS, listen: { host: string; port: number }): string {
  const fallback = DEFAULT_BASE_URLS[provider];
  if (setting === undefined) {
    if (fallback !== null) return fallback;
    throw configError(item, `${item.path}: provider ${provider} needs a base_url: add base_url: https://<your endpoint>`);
  }
  const text = readText(setting);
  const check = checkHttpUrl(text, { allowCredentials: false });
  if (!check.ok) throw configError(setting, `${setting.path} ${httpUrlAdvice(check.problem, 'base URL')}`);
  if (pointsAtListenAddress(check.url, listen)) {
    throw configError(
      setting,
      `${setting.path} (${displayUrl(check.url)}) is this gateway's own address ${listen.host}:${listen.port}: requests would loop back to it; point it at the provider${fallback === null ? '' : ` (or remove it to use ${fallback})`}`,
    );
  }
  return withoutTrailingSlashes(text);
}

function readProxy(setting: Setting | undefined): string | null {
  if (setting === undefined) return null;
  const text = readText(setting).trim();
  const check = checkHttpUrl(text, { allowCredentials: true });
  if (!check.ok) throw configError(setting, `${setting.path} ${httpUrlAdvice(check.problem, 'proxy')}`);
  return text;
}

/** Static headers; values may hold secrets, so no message shows them. */
function readHeaders(setting: Setting | undefined): Record<string, string> {
  if (setting === undefined) return {};
  const headers: Record<string, string> = {};
  for (const { name, setting: field } of entriesOf(setting)) {
    if (!HEADER_NAME.test(name)) throw configError(field, `${setting.path}: "${shorten(name)}" is not a valid header name`);
    const value = given(field) === undefined ? '' : readText(field);
    if (/[\r\n]/.test(value)) throw configError(field, `${field.path} contains a line break: a header value must be one line`);
    headers[name] = value;
  }
  return headers;
}
