import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { gatewayConfig, startRig, type Rig } from './support/harness.js';

/** An OpenAI-compatible relay that refuses every key and quotes it whole in its error, as some relays do. */
function startEchoingRelay(): Promise<Server> {
  const server = createServer((req, res) => {
    req.resume();
    const key = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: `Invalid API key: ${key}`, type: 'invalid_request_error', code: 'invalid_api_key' } }));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('an upstream that echoes the key it was sent', () => {
  const secret = `sk-proj-${'Ab3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gI3kM5oQ7sU9wY1aC3eG5iK7mO9qS1uW3yA5cE7gI9k'}`;
  let relay: Server;
  let rig: Rig;
  before(async () => {
    relay = await startEchoingRelay();
    const base = `http://127.0.0.1:${(relay.address() as AddressInfo).port}/v1`;
    rig = await startRig((mock) => gatewayConfig(mock, [{ name: 'relay', provider: 'openai-compatible', keys: [secret], baseUrl: base }]));
  });
  after(async () => {
    await rig.close();
    await new Promise((resolve) => relay.close(resolve));
  });

  it('never hands the gateway\'s upstream key to the client', async () => {
    const answer = await fetch(`${rig.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
    });
    const text = await answer.text();
    assert.equal(answer.status, 401);
    assert.match(text, /Invalid API key/, 'the provider\'s reason is kept');
    assert.equal(text.includes(secret), false);
    assert.equal(text.includes(secret.slice(8, 40)), false, 'not even a long run of it');
  });
});
