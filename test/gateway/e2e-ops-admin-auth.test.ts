import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { adminRequest } from './support/ops-admin.js';
import { newAdminToken, oneOpenaiUpstream, startOpsRig, type OpsRig } from './support/ops-rig.js';

const ENDPOINTS: ReadonlyArray<{ method: string; path: string; body?: unknown }> = [
  { method: 'GET', path: '/admin/keys' },
  { method: 'POST', path: '/admin/keys', body: { name: 'intruder' } },
  { method: 'GET', path: '/admin/keys/ck_0000000000000000' },
  { method: 'DELETE', path: '/admin/keys/ck_0000000000000000' },
  { method: 'POST', path: '/admin/keys/ck_0000000000000000/rotate' },
  { method: 'GET', path: '/admin/upstreams' },
  { method: 'GET', path: '/admin/usage' },
  { method: 'GET', path: '/admin/no-such-thing' },
];

/** Wrong tokens an attacker might try: near misses of every kind, and tokens in the wrong place. */
function wrongTokens(token: string): Array<{ what: string; headers: Record<string, string> }> {
  const flipped = token.slice(0, -1) + (token.endsWith('0') ? '1' : '0');
  return [
    { what: 'last character changed', headers: { authorization: `Bearer ${flipped}` } },
    { what: 'a prefix', headers: { authorization: `Bearer ${token.slice(0, -1)}` } },
    { what: 'one character more', headers: { authorization: `Bearer ${token}0` } },
    { what: 'another token', headers: { authorization: `Bearer ${newAdminToken()}` } },
    { what: 'as Basic', headers: { authorization: `Basic ${Buffer.from(`admin:${token}`).toString('base64')}` } },
    { what: 'bare, no scheme', headers: { authorization: token } },
    { what: 'empty Bearer', headers: { authorization: 'Bearer ' } },
    { what: 'wrong x-admin-token', headers: { 'x-admin-token': flipped } },
    { what: 'as a client key header', headers: { 'x-api-key': token } },
  ];
}

describe('e2e ops: the admin API and /metrics with an admin token', () => {
  let rig: OpsRig;
  const token = newAdminToken();

  before(async () => {
    rig = await startOpsRig({ upstreams: oneOpenaiUpstream, operations: { adminToken: token } });
  });
  after(() => rig?.close());

  it('a wrong token gets the same 401 as no token, on every endpoint, and changes nothing', async () => {
    for (const endpoint of ENDPOINTS) {
      const missing = await adminRequest(rig.gateway.url, endpoint.path, { method: endpoint.method, token: null, body: endpoint.body });
      assert.equal(missing.status, 401, `${endpoint.method} ${endpoint.path} without a token`);
      assert.equal(missing.headers.get('www-authenticate'), 'Bearer');
      assert.equal((missing.json?.error as Record<string, unknown>)?.code, 'unauthorized');
      for (const wrong of wrongTokens(token)) {
        const answer = await adminRequest(rig.gateway.url, endpoint.path, { method: endpoint.method, token: null, headers: wrong.headers, body: endpoint.body });
        assert.equal(answer.status, 401, `${endpoint.method} ${endpoint.path} with ${wrong.what}`);
        assert.equal(answer.text, missing.text, `${endpoint.method} ${endpoint.path} with ${wrong.what}: the same body as without a token`);
      }
    }
    assert.deepEqual(rig.gateway.store.listClientKeys({ includeRevoked: true }), [], 'no key was created by a refused request');
  });

  it('the right token, as Bearer or x-admin-token, is let in', async () => {
    const bearer = await adminRequest(rig.gateway.url, '/admin/upstreams', { token });
    assert.equal(bearer.status, 200, bearer.text);
    const header = await adminRequest(rig.gateway.url, '/admin/keys', { token: null, headers: { 'x-admin-token': token } });
    assert.equal(header.status, 200, header.text);
    assert.deepEqual(header.json, { keys: [] });
    const unknown = await adminRequest(rig.gateway.url, '/admin/no-such-thing', { token });
    assert.equal(unknown.status, 404, 'past the token, an unknown endpoint is a 404');
  });

  it('/metrics needs the admin token', async () => {
    const missing = await adminRequest(rig.gateway.url, '/metrics', { token: null });
    assert.equal(missing.status, 401);
    assert.match(missing.headers.get('www-authenticate') ?? '', /^Bearer/);
    assert.doesNotMatch(missing.text, /llmdoctor_/);
    for (const wrong of wrongTokens(token)) {
      const answer = await adminRequest(rig.gateway.url, '/metrics', { token: null, headers: wrong.headers });
      assert.equal(answer.status, 401, `/metrics with ${wrong.what}`);
      assert.equal(answer.text, missing.text);
    }
    const allowed = await adminRequest(rig.gateway.url, '/metrics', { token });
    assert.equal(allowed.status, 200);
    assert.match(allowed.headers.get('content-type') ?? '', /^text\/plain/);
    assert.match(allowed.text, /^# (HELP|TYPE) llmdoctor_/m);
  });
});

describe('e2e ops: without an admin token', () => {
  let rig: OpsRig;

  before(async () => {
    rig = await startOpsRig({ upstreams: oneOpenaiUpstream });
  });
  after(() => rig?.close());

  it('the admin API is off: 404 saying how to turn it on, whatever the token', async () => {
    for (const endpoint of ENDPOINTS) {
      for (const token of [null, newAdminToken()]) {
        const answer = await adminRequest(rig.gateway.url, endpoint.path, { method: endpoint.method, token, body: endpoint.body });
        assert.equal(answer.status, 404, `${endpoint.method} ${endpoint.path}`);
        const error = answer.json?.error as Record<string, unknown>;
        assert.equal(error?.code, 'admin_disabled');
        assert.match(String(error?.message), /LLMDOCTOR_ADMIN_TOKEN/);
      }
    }
    assert.deepEqual(rig.gateway.store.listClientKeys({ includeRevoked: true }), []);
  });

  it('/metrics is open', async () => {
    const answer = await adminRequest(rig.gateway.url, '/metrics', { token: null });
    assert.equal(answer.status, 200);
    assert.match(answer.text, /^# (HELP|TYPE) llmdoctor_/m);
  });
});
