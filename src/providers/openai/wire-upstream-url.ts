import { isCredentialParameter } from '../credential-query.js';
import type { EndpointMatch } from '../wire.js';
import { modelIdPath, OPENAI_OPERATION_PATHS } from './wire-endpoints.js';

/**
 * Upstream URLs for the OpenAI format (OpenAI, Azure's v1 API, compatible servers): the base URL,
 * which already ends in its `/v1`, plus the operation's path, plus the caller's query without
 * credentials. A base URL may carry its own query (`?api-version=preview`); the caller's joins it.
 */

export function openaiUpstreamUrl(baseUrl: string, match: EndpointMatch, model: string | null, query: URLSearchParams): string {
  const queryAt = baseUrl.indexOf('?');
  if (queryAt < 0 && query.size === 0) return baseUrl + operationPath(match, model);
  const base = queryAt < 0 ? baseUrl : baseUrl.slice(0, queryAt);
  const params = new URLSearchParams(queryAt < 0 ? '' : baseUrl.slice(queryAt + 1));
  for (const [name, value] of query) if (!isCredentialParameter(name)) params.append(name, value);
  const search = params.toString();
  return base + operationPath(match, model) + (search === '' ? '' : `?${search}`);
}

function operationPath(match: EndpointMatch, model: string | null): string {
  if (match.objectPath !== undefined) return match.objectPath;
  const path = OPENAI_OPERATION_PATHS[match.operation];
  if (path === undefined) throw new Error(`the OpenAI format has no endpoint for operation "${match.operation}"`);
  if (match.operation !== 'models.get') return path;
  const id = model ?? match.pathModel;
  return id === null ? path : `${path}/${modelIdPath(id)}`;
}

/** A base URL as configured, without trailing slashes or surrounding whitespace. */
export function trimBaseUrl(baseUrl: string): string {
  return baseUrl.trim().replace(/\/+$/, '');
}
