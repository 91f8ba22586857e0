import type { Category } from '../../core/categories.js';
import { finding } from '../environment/finding.js';
import { classifyHost, type HostKind } from '../environment/hosts.js';
import { PROVIDER_ENVIRONMENTS, type ProviderEnvironment } from '../environment/provider-environments.js';
import { showPlain } from '../environment/show.js';
import { joinPath } from '../../providers/probe.js';
import type { Finding, FindingStatus, ProviderTarget } from '../types.js';

/**
 * `base_url`: whether the base URL the SDK will use leads to the API. The SDKs join the base URL and
 * the endpoint path as strings, so every defect in the base URL ends up in every request URL.
 */

interface Issue {
  status: Exclude<FindingStatus, 'skip'>;
  category: Category | null;
  text: string;
  fix: string | null;
}

const RANK: Record<Issue['status'], number> = { fail: 2, warn: 1, pass: 0 };

export function baseUrlFinding(target: ProviderTarget): Finding {
  const env = PROVIDER_ENVIRONMENTS[target.provider];
  const raw = target.baseUrl;
  if (target.baseUrlSource === 'default') {
    return finding(target.provider, 'base_url', 'pass', `Default base URL ${env.defaultBaseUrl}`, `No base-URL variable is set (${[...env.baseUrlVars, ...env.extraBaseUrlVars].join(', ')}), so ${env.sdk} calls ${env.defaultBaseUrl}; a request goes to ${joinPath(env.defaultBaseUrl, env.examplePath)}.`);
  }
  const issues = [...textIssues(raw, env, target.baseUrlSource)];
  const url = parse(raw.trim());
  if (url === null) {
    issues.push(notAUrl(raw.trim(), env));
  } else {
    issues.push(...urlIssues(url, env, target));
  }
  const worst = issues.reduce<Issue['status']>((acc, issue) => (RANK[issue.status] > RANK[acc] ? issue.status : acc), 'pass');
  const lead = issues.find((issue) => issue.status === worst);
  const shown = showPlain(raw);
  const requestLine = url !== null ? [`A request goes to ${showPlain(joinPath(raw.trim(), env.examplePath))}.`] : [];
  const detail = [`${target.baseUrlSource}: ${shown}.`, ...requestLine, ...issues.map((issue) => `- ${issue.text}`)].join('\n');
  const title = worst === 'pass' ? `Base URL ${shown} looks right${lead ? `: ${lead.text}` : ''}` : (lead?.text ?? '');
  return finding(target.provider, 'base_url', worst, title, detail, {
    category: issues.find((issue) => issue.status === worst && issue.category !== null)?.category ?? null,
    fixes: [...new Set(issues.filter((issue) => issue.status !== 'pass' && issue.fix !== null).map((issue) => issue.fix as string))],
  });
}

function textIssues(raw: string, env: ProviderEnvironment, source: string): Issue[] {
  const issues: Issue[] = [];
  const trimmed = raw.trim();
  const variable = sourceVariable(source, env);
  if (/["'`‘’“”]/.test(trimmed)) {
    issues.push({ status: 'fail', category: 'wrong_endpoint', text: 'The base URL contains quotes, which became part of the value: the SDK throws "Invalid URL" or calls a wrong address.', fix: `Remove the quotes around the value${variable ? ` of ${variable}` : ''} (in docker-compose \`environment:\` and some env files they are kept literally).` });
  }
  if (/\s/.test(trimmed)) {
    issues.push({ status: 'fail', category: 'wrong_endpoint', text: 'The base URL contains whitespace inside it.', fix: 'Remove the spaces or line breaks inside the URL.' });
  }
  if (trimmed !== raw) {
    issues.push({ status: 'warn', category: null, text: `The value has whitespace around it (${JSON.stringify(raw.slice(raw.indexOf(trimmed) + trimmed.length) || raw.slice(0, raw.indexOf(trimmed)))}): ${env.sdk} trims variables it reads itself, but code that passes the value on (baseURL: process.env.…) and other clients do not.`, fix: 'Remove the whitespace around the URL where it is set.' });
  }
  if (variable !== null && env.extraBaseUrlVars.includes(variable)) {
    issues.push({ status: 'warn', category: 'wrong_endpoint', text: `${variable} is not read by ${env.sdk} (it reads ${env.baseUrlVars.join(', ')}): llmdoctor checks this URL, but the SDK calls ${env.defaultBaseUrl} unless your code passes it.`, fix: `Rename ${variable} to ${env.baseUrlVars[0]}, or pass it in code (httpOptions: { baseUrl }).` });
  }
  return issues;
}

function notAUrl(text: string, env: ProviderEnvironment): Issue {
  const noScheme = /^[\w.-]+\.[a-z]{2,}(:\d+)?(\/|$)/i.test(text) || /^[\w.-]+:\d+(\/|$)/.test(text);
  return {
    status: 'fail',
    category: 'wrong_endpoint',
    text: noScheme ? `The base URL has no scheme: the SDK cannot build a URL from it ("Invalid URL").` : `The base URL is not a valid URL.`,
    fix: noScheme ? `Write it with its scheme: https://${text}` : `Set it to the full URL, like ${env.defaultBaseUrl}.`,
  };
}

function urlIssues(url: URL, env: ProviderEnvironment, target: ProviderTarget): Issue[] {
  const issues: Issue[] = [];
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return [{ status: 'fail', category: 'wrong_endpoint', text: `The base URL uses ${url.protocol}//, not http(s).`, fix: `Use https://, like ${env.defaultBaseUrl}.` }];
  }
  if (url.username || url.password) {
    issues.push({ status: 'fail', category: 'wrong_endpoint', text: 'The base URL carries credentials (user:password@): fetch refuses such URLs ("Request cannot be constructed from a URL that includes credentials").', fix: 'Remove user:password@ from the URL; give the relay its key through the API-key variable or a header.' });
  }
  if (url.search || url.hash) {
    issues.push({ status: 'fail', category: 'wrong_endpoint', text: `The base URL has a ${url.search ? 'query string' : 'fragment'}: the SDK appends the endpoint path after it, so the path ends up inside the ${url.search ? 'query' : 'fragment'}.`, fix: `Remove ${url.search ? '?…' : '#…'} from the base URL (send keys in headers, not in the URL).` });
  }
  const host = classifyHost(url.hostname, env.provider);
  issues.push(...hostIssues(host, url, env));
  issues.push(...pathIssues(url, host, env));
  if (host.kind === 'own' && target.baseUrlSource !== 'default' && issues.length === 0) {
    issues.push({ status: 'pass', category: null, text: `${env.name}'s own API, set explicitly`, fix: null });
  }
  return issues;
}

function hostIssues(host: HostKind, url: URL, env: ProviderEnvironment): Issue[] {
  const plainHttp = url.protocol === 'http:';
  switch (host.kind) {
    case 'own':
      return plainHttp ? [{ status: 'fail', category: 'wrong_endpoint', text: `${url.hostname} is called over http://: ${env.name}'s API serves HTTPS only.`, fix: `Use ${env.defaultBaseUrl}.` }] : [];
    case 'near_miss':
      return [{ status: 'fail', category: 'wrong_endpoint', text: `The host ${url.hostname} is not ${env.name}'s API host ${host.of} (a typo, or the website or another service of the same company).`, fix: `Use ${env.defaultBaseUrl}, or unset ${env.baseUrlVars[0]}.` }];
    case 'other_provider':
      return [{ status: 'warn', category: null, text: `The base URL is ${host.name}'s API (${url.hostname}), not ${env.name}'s: this works only with ${host.name}'s OpenAI-compatible endpoint and a ${host.name} key.`, fix: `Unset ${env.baseUrlVars[0]} to call ${env.name}; keep it only if you mean ${host.name} through the ${env.sdk} client.` }];
    case 'relay':
      return [{ status: 'warn', category: null, text: `The base URL is a relay, ${host.name} (${url.hostname}), not ${env.name}'s own API: the key must be a ${host.name} key, and errors, limits and models are the relay's.`, fix: `Keep it if you mean ${host.name}; to call ${env.name} directly, unset ${env.baseUrlVars[0]}.` }];
    case 'loopback':
      return [{ status: 'pass', category: null, text: `The base URL is a server on this machine (${url.host}): a gateway, proxy or simulator, not ${env.name} itself; the network checks test that server.`, fix: null }];
    case 'private':
      return [{ status: 'warn', category: null, text: `The base URL is a host on your network (${url.host}), a gateway or relay, not ${env.name}'s API: the checks test that server, and it must be reachable from where the app runs (another host inside a container).`, fix: `Keep it if you mean that gateway; unset ${env.baseUrlVars[0]} to call ${env.name} directly.` }];
    case 'public':
      return [
        { status: 'warn', category: null, text: `The base URL is a relay or gateway host (${url.hostname}), not ${env.name}'s own API (${env.ownHosts.join(', ')}): keys, errors, limits and models are the relay's.`, fix: `Keep it if you mean that relay; unset ${env.baseUrlVars[0]} to call ${env.name} directly.` },
        ...(plainHttp ? [{ status: 'warn' as const, category: null, text: `It is called over http://: the key crosses the network unencrypted.`, fix: `Use https:// for ${url.hostname}.` }] : []),
      ];
  }
}

function pathIssues(url: URL, host: HostKind, env: ProviderEnvironment): Issue[] {
  const path = url.pathname.replace(/\/+$/, '');
  const issues: Issue[] = [];
  const doubled = /(\/[^/]+)\1(?=\/|$)/.exec(path);
  if (doubled) {
    issues.push({ status: 'fail', category: 'wrong_endpoint', text: `The path ${path} repeats ${doubled[1]}: requests go to the wrong address (404).`, fix: `Remove the repeated ${doubled[1]}.` });
  }
  const appended = env.appendedPaths.find((suffix) => path.endsWith(suffix));
  const generic = /:(?:generateContent|streamGenerateContent)$/.test(path) ? path.slice(path.lastIndexOf('/')) : null;
  const endpoint = appended ?? generic;
  if (endpoint) {
    issues.push({ status: 'fail', category: 'wrong_endpoint', text: `The base URL ends with the endpoint ${endpoint}, which the SDK appends itself: requests go to ${url.origin}${path}${env.examplePath}.`, fix: `Cut the URL before ${endpoint}: ${url.origin}${path.slice(0, path.length - endpoint.length)}.` });
    return issues;
  }
  const version = env.addedVersions.find((v) => path.endsWith(`/${v}`));
  if (version) {
    issues.push({ status: 'fail', category: 'wrong_endpoint', text: `The base URL ends with /${version}, and ${env.sdk} adds the version itself: requests go to ${url.origin}${path}${env.examplePath}.`, fix: `Remove /${version}: ${url.origin}${path.slice(0, -version.length - 1)}.` });
    return issues;
  }
  if (host.kind === 'own' && path !== env.ownBasePath) {
    const missing = env.ownBasePath !== '' && !path.endsWith(env.ownBasePath);
    issues.push({ status: 'fail', category: 'wrong_endpoint', text: missing ? `The base URL lacks ${env.ownBasePath}: requests go to ${url.origin}${path}${env.examplePath} and get 404.` : `The path ${path || '/'} is not ${env.name}'s API path (${env.ownBasePath || '/'}).`, fix: `Use ${env.defaultBaseUrl}.` });
  } else if (host.kind !== 'own' && host.kind !== 'other_provider' && !isRelayOwnPath(host, path) && env.compatibleBasePath !== '' && !/\/v\d+[a-z0-9]*$/.test(path)) {
    issues.push({ status: 'warn', category: 'wrong_endpoint', text: `The path does not end with ${env.compatibleBasePath}: most OpenAI-compatible servers serve under ${env.compatibleBasePath}, and the SDK appends only ${env.examplePath}, so this calls ${url.origin}${path}${env.examplePath}.`, fix: `Add ${env.compatibleBasePath} unless the server's documentation says otherwise: ${url.origin}${path}${env.compatibleBasePath}.` });
  }
  return issues;
}

/** The path a known relay documents (DeepSeek serves at its root). */
function isRelayOwnPath(host: HostKind, path: string): boolean {
  return host.kind === 'relay' && new URL(host.baseUrl).pathname.replace(/\/+$/, '') === path;
}

/** The variable a source names: `environment OPENAI_BASE_URL`, `.env line 2 (GEMINI_BASE_URL)`. */
function sourceVariable(source: string, env: ProviderEnvironment): string | null {
  return [...env.baseUrlVars, ...env.extraBaseUrlVars].find((name) => new RegExp(`\\b${name}\\b`).test(source)) ?? null;
}

function parse(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}
