import { inspectKey } from '../../providers/key-formats.js';
import { AZURE_OPENAI_ENVIRONMENT as AZURE } from '../../providers/azure-openai/environment.js';
import type { Finding } from '../types.js';
import { finding } from './finding.js';
import { resolveVar } from './resolve.js';
import { showKey, showPlain } from './show.js';
import type { VarSource } from './sources.js';

/**
 * Azure OpenAI's variables, read by openai-node's `AzureOpenAI` client: reported with the OpenAI
 * findings (`env.keys`) when any is set, with what would make that client fail or call the wrong URL.
 */
export function azureFinding(layers: readonly VarSource[]): Finding | null {
  const key = resolveVar(AZURE.keyVars[0], layers).winner;
  const endpoint = resolveVar(AZURE.endpointVar, layers).winner;
  if (key === null && endpoint === null) return null;
  const version = resolveVar(AZURE.apiVersionVar, layers).winner;
  const baseUrl = resolveVar(AZURE.baseUrlVar, layers).winner;

  const seen = [
    key ? `${AZURE.keyVars[0]}: ${showKey(key.value)} (${key.place})` : `${AZURE.keyVars[0]}: not set`,
    endpoint ? `${AZURE.endpointVar}: ${showPlain(endpoint.value)} (${endpoint.place})` : `${AZURE.endpointVar}: not set`,
    version ? `${AZURE.apiVersionVar}: ${showPlain(version.value)} (${version.place})` : `${AZURE.apiVersionVar}: not set`,
  ];
  const problems: { text: string; fix: string }[] = [];
  if (!version?.value.trim()) {
    problems.push({
      text: `${AZURE.apiVersionVar} is not set: new AzureOpenAI() throws "${AZURE.missingVersionError}".`,
      fix: `Set ${AZURE.apiVersionVar} to an API version your resource supports (e.g. \`export ${AZURE.apiVersionVar}=2024-10-21\`), or pass apiVersion to new AzureOpenAI().`,
    });
  }
  if (endpoint && baseUrl?.value.trim()) {
    problems.push({
      text: `${AZURE.baseUrlVar} is set (${baseUrl.place}), so AzureOpenAI uses it and ignores ${AZURE.endpointVar}.`,
      fix: `Unset ${AZURE.baseUrlVar} for the Azure client (it is read first), or make it \`<endpoint>/openai\`.`,
    });
  }
  if (endpoint) problems.push(...endpointProblems(endpoint.value));
  if (key) {
    for (const p of inspectKey(key.value, { expectedProvider: 'azure-openai' }).problems) problems.push({ text: `${AZURE.keyVars[0]}: ${p.message}`, fix: p.fix });
  } else {
    problems.push({ text: `${AZURE.keyVars[0]} is not set: AzureOpenAI needs it or an azureADTokenProvider.`, fix: `Copy a key from ${AZURE.keysPage} into ${AZURE.keyVars[0]}.` });
  }
  const detail = [`Read by ${AZURE.sdk}; the OpenAI checks here call the OpenAI API, not Azure.`, ...seen, ...problems.map((p) => `- ${p.text}`)].join('\n');
  return finding('openai', 'env.keys', problems.length > 0 ? 'warn' : 'pass', problems.length > 0 ? `${AZURE.name} configuration: ${problems[0]?.text}` : `${AZURE.name} variables look complete`, detail, {
    category: problems.length > 0 && problems.some((p) => p.text.includes('/openai')) ? 'wrong_endpoint' : null,
    fixes: problems.map((p) => p.fix),
  });
}

function endpointProblems(raw: string): { text: string; fix: string }[] {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return [{ text: `${AZURE.endpointVar} is not a URL.`, fix: `Set it to ${AZURE.endpointExample}.` }];
  }
  const problems: { text: string; fix: string }[] = [];
  const path = url.pathname.replace(/\/+$/, '');
  if (/\/openai(\/|$)/.test(path)) {
    problems.push({
      text: `${AZURE.endpointVar} includes ${path}: the SDK appends ${AZURE.appendedPath} itself, so requests go to ${path}${AZURE.appendedPath}/… and get 404.`,
      fix: `Set ${AZURE.endpointVar} to the resource root only: ${url.origin}.`,
    });
  }
  if (!AZURE.hostSuffixes.some((suffix) => url.hostname.endsWith(suffix))) {
    problems.push({ text: `${AZURE.endpointVar} host ${url.hostname} is not an Azure OpenAI host (${AZURE.hostSuffixes.join(', ')}).`, fix: `Copy the endpoint from ${AZURE.keysPage}.` });
  }
  if (url.protocol !== 'https:') problems.push({ text: `${AZURE.endpointVar} uses ${url.protocol}//: Azure serves HTTPS only.`, fix: 'Use https://.' });
  return problems;
}
