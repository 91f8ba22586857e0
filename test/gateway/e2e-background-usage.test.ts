import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { fingerprint } from '../../src/core/redact.js';
import type { UsageRow } from '../../src/gateway/store/types.js';
import { createClientKey } from './support/ops-admin.js';
import { TextCapture } from './support/ops-capture.js';
import { newAdminToken, startOpsRig, type OpsRig } from './support/ops-rig.js';
import { waitUntil } from './support/ops-wait.js';

/**
 * A background response (`background: true`) is answered `queued`, before it is generated: its create reports no
 * tokens. They are counted when a client reads it finished; a client that never reads it through the gateway (it
 * polls the provider some other way, or does not care for the answer) must not spend tokens past its budget, nor
 * leave them out of the usage the operator is billed for. The gateway follows such answers itself until they finish.
 */

const MODEL = 'gpt-4o-mini';
const LIMIT = { timeout: 20_000 };
/** The gateway looks at a background answer this soon after it was made, then every 200 ms at most. */
const BACKGROUND_USAGE = { firstCheckMs: 100, maxCheckIntervalMs: 200, giveUpAfterMs: 60_000 };

describe('e2e: the tokens of background responses are counted even when no client reads them', () => {
  let rig: OpsRig;
  let poolKeys: string[];
  const token = newAdminToken();
  const log = new TextCapture();

  before(async () => {
    rig = await startOpsRig({
      mock: { firstTokenMs: 50, tokensPerSecond: 200 },
      upstreams: (mock) => {
        poolKeys = ['alpha', 'beta'].map((project) => mock.issueKey('openai', undefined, { project }));
        return [{ name: 'pool', provider: 'openai', keys: poolKeys }];
      },
      routes: [{ model: 'agent', targets: [{ upstream: 'pool', model: MODEL }] }],
      limits: { backgroundUsage: BACKGROUND_USAGE },
      operations: { adminToken: token, logLevel: 'warn' },
      logDestination: log,
    });
  });
  after(() => rig?.close());

  const clientWith = (key: string) => new OpenAI({ baseURL: `${rig.gateway.url}/v1`, apiKey: key, maxRetries: 0 });
  const rowsOf = (answerId: string): UsageRow[] => rig.gateway.store.usageRows({ limit: 10_000 }).filter((row) => row.answerId === answerId);
  const tokensOf = (rows: UsageRow[]) => rows.reduce((sum, row) => sum + row.inputTokens + row.outputTokens, 0);
  /** The response as the provider holds it, read straight from the mock with the key whose project has it. */
  async function atProvider(id: string): Promise<{ response: OpenAI.Responses.Response; key: string }> {
    for (const key of poolKeys) {
      const provider = new OpenAI({ baseURL: rig.mock.baseUrls.openai, apiKey: key, maxRetries: 0 });
      const response = await provider.responses.retrieve(id).catch(() => null);
      if (response !== null) return { response, key };
    }
    throw new Error(`no key of the pool holds ${id}`);
  }
  const finishedAtProvider = (id: string) =>
    waitUntil(`${id} finished at the provider`, async () => {
      const held = await atProvider(id);
      return held.response.status === 'completed' ? held : undefined;
    });
  const statusReads = (from: number, id: string) =>
    rig.mock
      .attempts()
      .slice(from)
      .filter((attempt) => attempt.method === 'GET' && attempt.path.endsWith(`/responses/${id}`));

  it('counted once it finishes, on the client key that made it, which spends its budget', LIMIT, async () => {
    const budgeted = await createClientKey(rig.gateway.url, token, { name: 'budgeted', budget_tokens: 1, budget_period: 'day' });
    const attemptsBefore = rig.mock.attempts().length;
    const created = await clientWith(budgeted.key).responses.create({ model: 'agent', input: 'Write a long story.', background: true });
    assert.equal(created.status, 'queued');
    assert.equal(tokensOf(rowsOf(created.id)), 0, 'its create counts no tokens: it had generated none');
    const { value: { response, key } } = await finishedAtProvider(created.id);
    const { value: counted } = await waitUntil('its tokens are counted', () => {
      const rows = rowsOf(created.id).filter((row) => row.inputTokens + row.outputTokens > 0);
      return rows.length > 0 ? rows : undefined;
    });
    assert.equal(counted.length, 1, 'in one row');
    const [row] = counted;
    assert.equal(row!.inputTokens, response.usage!.input_tokens);
    assert.equal(row!.outputTokens, response.usage!.output_tokens);
    assert.equal(row!.clientKeyId, budgeted.id, 'on the client key that made it');
    assert.equal(row!.keyFingerprint, fingerprint(key));
    assert.equal(row!.modelServed, MODEL);
    const reads = statusReads(attemptsBefore, created.id);
    assert.ok(reads.length >= 1);
    assert.deepEqual(new Set(reads.map((read) => read.keyFingerprint)), new Set([fingerprint(key)]), 'every look on the key whose project holds it');
    const refused = await clientWith(budgeted.key)
      .responses.create({ model: 'agent', input: 'Another one.' })
      .catch((error: unknown) => error);
    assert.ok(refused instanceof OpenAI.RateLimitError, 'its budget is spent: the next request is refused');
    assert.match(refused.message, /budget/);
  });

  it('a client that reads it finished counts it; looks of the gateway\'s own count nothing more, whichever comes first', LIMIT, async () => {
    const reader = await createClientKey(rig.gateway.url, token, { name: 'reader' });
    const client = clientWith(reader.key);
    for (let round = 0; round < 3; round++) {
      const created = await client.responses.create({ model: 'agent', input: 'Explain tides.', background: true });
      let final = created;
      while (final.status === 'queued' || final.status === 'in_progress') {
        await new Promise((resolve) => setTimeout(resolve, 20 + round * 60));
        final = await client.responses.retrieve(created.id);
      }
      // Several of the gateway's looks fit in this wait: none may count the answer again
      await new Promise((resolve) => setTimeout(resolve, 600));
      const expected = final.usage!.input_tokens + final.usage!.output_tokens;
      const { value: rows } = await waitUntil('its tokens are counted', () => {
        const found = rowsOf(created.id);
        return tokensOf(found) > 0 ? found : undefined;
      });
      assert.equal(tokensOf(rows), expected, `round ${round}: counted once`);
      assert.ok(rows.every((row) => row.clientKeyId === reader.id));
    }
  });

  it('one made before a restart and finished during it is counted after it, with no client read', LIMIT, async () => {
    const client = await createClientKey(rig.gateway.url, token, { name: 'restarted' });
    const created = await clientWith(client.key).responses.create({ model: 'agent', input: 'Write a long story.', background: true });
    await rig.closeGateway();
    const { value: { response } } = await finishedAtProvider(created.id);
    await rig.restartGateway();
    const { value: rows } = await waitUntil('its tokens are counted after the restart', () => {
      const found = rowsOf(created.id);
      return tokensOf(found) > 0 ? found : undefined;
    });
    assert.equal(tokensOf(rows), response.usage!.input_tokens + response.usage!.output_tokens);
    assert.ok(rows.every((row) => row.clientKeyId === client.id));
  });

  it('one the provider no longer has is given up on, and the log says so without a key', LIMIT, async () => {
    const client = await createClientKey(rig.gateway.url, token, { name: 'deleted' });
    const created = await clientWith(client.key).responses.create({ model: 'agent', input: 'Write a very long essay.', background: true });
    const { key } = await atProvider(created.id);
    await new OpenAI({ baseURL: rig.mock.baseUrls.openai, apiKey: key, maxRetries: 0 }).responses.delete(created.id);
    await waitUntil('the log says its tokens were not counted', () => (log.text().includes(created.id) ? true : undefined));
    const line = log.text().split('\n').find((text) => text.includes(created.id))!;
    assert.match(line, /tokens were not counted/);
    assert.match(line, /no longer has it/);
    for (const secret of [...poolKeys, client.key]) assert.ok(!log.text().includes(secret), 'no key in the log');
    assert.equal(tokensOf(rowsOf(created.id)), 0);
  });
});

describe('e2e: a background response still unfinished after the give-up time', () => {
  let rig: OpsRig;
  const log = new TextCapture();

  before(async () => {
    rig = await startOpsRig({
      // About 40 tokens at 5 a second: several seconds, far past the give-up time
      mock: { firstTokenMs: 50, tokensPerSecond: 5 },
      upstreams: (mock) => [{ name: 'pool', provider: 'openai', keys: [mock.issueKey('openai')] }],
      routes: [{ model: 'agent', targets: [{ upstream: 'pool', model: MODEL }] }],
      limits: { backgroundUsage: { firstCheckMs: 50, maxCheckIntervalMs: 100, giveUpAfterMs: 400 } },
      operations: { logLevel: 'warn' },
      logDestination: log,
    });
  });
  after(() => rig?.close());

  it('is given up on, and the log says so', LIMIT, async () => {
    const client = new OpenAI({ baseURL: `${rig.gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const created = await client.responses.create({ model: 'agent', input: 'Write a long story.', background: true });
    const attemptsBefore = rig.mock.attempts().length;
    // Within waitUntil's 3 s, while the answer is still being generated
    const { value: line } = await waitUntil('the log says its tokens were not counted', () => log.text().split('\n').find((text) => text.includes(created.id)));
    assert.match(line, /still not finished after 400 ms/);
    const looks = rig.mock.attempts().length - attemptsBefore;
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(rig.mock.attempts().length - attemptsBefore, looks, 'and no longer looked at');
  });
});
