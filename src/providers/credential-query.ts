/** Query parameters that can carry a key (Google reads `key` and `api_key`), in any case: never passed on to an upstream. */
const CREDENTIAL_PARAMETERS: ReadonlySet<string> = new Set(['key', 'api_key', 'api-key']);

export function isCredentialParameter(name: string): boolean {
  return CREDENTIAL_PARAMETERS.has(name.toLowerCase());
}

/** The caller's query without the parameters that can carry a key. */
export function withoutCredentials(query: URLSearchParams): URLSearchParams {
  const kept = new URLSearchParams();
  for (const [name, value] of query) if (!isCredentialParameter(name)) kept.append(name, value);
  return kept;
}
