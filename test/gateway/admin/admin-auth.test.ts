import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { syncBuiltinESMExports } from 'node:module';
import { describe, mock, test } from 'node:test';
import { adminAuthorized } from '../../../src/gateway/admin/admin-auth.js';

const TOKEN = 'adm-7Hq2Lx9Pz4Vw1Ks8';

function request(headers: Record<string, string | string[]>): IncomingMessage {
  return { headers } as unknown as IncomingMessage;
}

describe('adminAuthorized', () => {
  test('accepts the token as a Bearer credential or in x-admin-token', () => {
    assert.equal(adminAuthorized(request({ authorization: `Bearer ${TOKEN}` }), TOKEN), true);
    assert.equal(adminAuthorized(request({ authorization: `bearer   ${TOKEN}` }), TOKEN), true);
    assert.equal(adminAuthorized(request({ 'x-admin-token': TOKEN }), TOKEN), true);
    assert.equal(adminAuthorized(request({ authorization: 'Bearer wrong', 'x-admin-token': TOKEN }), TOKEN), true);
  });

  test('refuses a missing, wrong, partial, longer or differently cased token, and other schemes', () => {
    const refused: Array<Record<string, string>> = [
      {},
      { authorization: 'Bearer ' },
      { authorization: `Bearer ${TOKEN.slice(0, -1)}` },
      { authorization: `Bearer ${TOKEN}x` },
      { authorization: `Bearer ${TOKEN.toUpperCase()}` },
      { authorization: `Basic ${TOKEN}` },
      { authorization: TOKEN },
      { authorization: `Bearer ${TOKEN} extra` },
      { 'x-admin-token': '' },
      { 'x-admin-token': 'x'.repeat(10_000) },
      { 'x-api-key': TOKEN },
    ];
    for (const headers of refused) {
      assert.equal(adminAuthorized(request(headers), TOKEN), false, JSON.stringify(headers).slice(0, 80));
    }
  });

  test('an empty configured token admits nobody, not even an empty credential', () => {
    assert.equal(adminAuthorized(request({ 'x-admin-token': '' }), ''), false);
    assert.equal(adminAuthorized(request({ authorization: 'Bearer ' }), ''), false);
  });

  test('compares fixed-length digests with timingSafeEqual, whatever the length offered', () => {
    const compared: Array<[number, number]> = [];
    const original = crypto.timingSafeEqual;
    const spy = mock.method(crypto, 'timingSafeEqual', (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      compared.push([a.byteLength, b.byteLength]);
      return original(a, b);
    });
    syncBuiltinESMExports();
    try {
      assert.equal(adminAuthorized(request({ authorization: 'Bearer a' }), TOKEN), false);
      assert.equal(adminAuthorized(request({ 'x-admin-token': 'b'.repeat(5000) }), TOKEN), false);
      assert.equal(adminAuthorized(request({ 'x-admin-token': TOKEN }), TOKEN), true);
    } finally {
      spy.mock.restore();
      syncBuiltinESMExports();
    }
    assert.deepEqual(compared, [[32, 32], [32, 32], [32, 32]]);
  });
});
