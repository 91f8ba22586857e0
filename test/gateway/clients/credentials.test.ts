import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import { describe, it } from 'node:test';
import { credentialOf } from '../../../src/gateway/clients/credentials.js';

const none = new URLSearchParams();

describe('credentialOf', () => {
  it('reads the key where each SDK sends it', () => {
    assert.equal(credentialOf({ authorization: 'Bearer llmd_a' }, none), 'llmd_a');
    assert.equal(credentialOf({ 'x-api-key': 'llmd_b' }, none), 'llmd_b');
    assert.equal(credentialOf({ 'x-goog-api-key': 'llmd_c' }, none), 'llmd_c');
    assert.equal(credentialOf({}, new URLSearchParams('alt=sse&key=llmd_d')), 'llmd_d');
  });

  it('takes the first present in the order Bearer, x-api-key, x-goog-api-key, ?key=', () => {
    const all: IncomingHttpHeaders = { authorization: 'Bearer first', 'x-api-key': 'second', 'x-goog-api-key': 'third' };
    const query = new URLSearchParams('key=fourth');
    assert.equal(credentialOf(all, query), 'first');
    assert.equal(credentialOf({ ...all, authorization: undefined }, query), 'second');
    assert.equal(credentialOf({ 'x-goog-api-key': 'third' }, query), 'third');
  });

  it('trims, reads the scheme in any case, and takes the first of repeated headers', () => {
    assert.equal(credentialOf({ authorization: 'bearer   llmd_x \n' }, none), 'llmd_x');
    assert.equal(credentialOf({ authorization: 'BEARER llmd_y' }, none), 'llmd_y');
    assert.equal(credentialOf({ 'x-api-key': ['one', 'two'] as unknown as string }, none), 'one');
  });

  it('skips empty values and other schemes, and is null when nothing is left', () => {
    assert.equal(credentialOf({ authorization: 'Bearer   ', 'x-api-key': 'llmd_z' }, none), 'llmd_z');
    assert.equal(credentialOf({ authorization: 'Basic dXNlcjpwYXNz' }, none), null);
    assert.equal(credentialOf({ 'x-api-key': '' }, new URLSearchParams('key=')), null);
    assert.equal(credentialOf({}, none), null);
  });
});
