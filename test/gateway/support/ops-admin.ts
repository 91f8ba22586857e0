import assert from 'node:assert/strict';

/** One answer of the gateway's admin API (or /metrics, /readyz): status, headers, the body as text and as JSON. */
export interface AdminAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed, or null when it is not JSON. */
  json: Record<string, unknown> | null;
}

export interface AdminRequest {
  method?: string;
  /** Sent as `Authorization: Bearer <token>`; null: no token at all. */
  token: string | null;
  body?: unknown;
  headers?: Record<string, string>;
}

export async function adminRequest(gatewayUrl: string, path: string, request: AdminRequest): Promise<AdminAnswer> {
  const headers: Record<string, string> = { ...request.headers };
  if (request.token !== null) headers.authorization = `Bearer ${request.token}`;
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${gatewayUrl}${path}`, {
    method: request.method ?? 'GET',
    headers,
    body: request.body === undefined ? undefined : JSON.stringify(request.body),
  });
  const text = await response.text();
  let json: Record<string, unknown> | null = null;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = null;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** A client key as `POST /admin/keys` and `/rotate` answer: the whole key (shown once) and its record. */
export interface IssuedKey {
  key: string;
  id: string;
  answer: AdminAnswer;
}

/** Creates a client key through the admin API with a snake_case spec (`{ rpm: 2, models: [...] }`). */
export async function createClientKey(gatewayUrl: string, token: string, spec: Record<string, unknown> = {}): Promise<IssuedKey> {
  const answer = await adminRequest(gatewayUrl, '/admin/keys', { method: 'POST', token, body: spec });
  assert.equal(answer.status, 201, `POST /admin/keys: ${answer.text}`);
  return issuedOf(answer);
}

export async function rotateClientKey(gatewayUrl: string, token: string, id: string): Promise<IssuedKey> {
  const answer = await adminRequest(gatewayUrl, `/admin/keys/${id}/rotate`, { method: 'POST', token });
  assert.equal(answer.status, 201, `POST /admin/keys/${id}/rotate: ${answer.text}`);
  return issuedOf(answer);
}

export async function revokeClientKey(gatewayUrl: string, token: string, id: string): Promise<AdminAnswer> {
  const answer = await adminRequest(gatewayUrl, `/admin/keys/${id}`, { method: 'DELETE', token });
  assert.equal(answer.status, 200, `DELETE /admin/keys/${id}: ${answer.text}`);
  return answer;
}

function issuedOf(answer: AdminAnswer): IssuedKey {
  const key = answer.json?.key;
  const id = answer.json?.id;
  assert.ok(typeof key === 'string' && key.startsWith('llmd_'), 'the answer carries the whole key');
  assert.ok(typeof id === 'string' && id.startsWith('ck_'), 'the answer carries the key id');
  return { key, id, answer };
}
