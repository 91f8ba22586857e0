import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEFAULTS } from '../../src/core/defaults.js';
import { usageRow } from './store/support/store-fixtures.js';
import { adminRequest } from './support/ops-admin.js';
import { newAdminToken, oneOpenaiUpstream, startOpsRig, type OpsRig } from './support/ops-rig.js';

/** Enough rows that summing them takes far longer than answering /healthz (about 0.5 s against 1 ms here). */
const EARLIER_ROWS = 300_000;
const BATCH = 10_000;

/**
 * A gateway that no longer records usage still reports the rows of its earlier runs. Summing them must not
 * run on the request thread, or every request waits for the report.
 */
describe('e2e ops: usage reports with recording off', () => {
  let rig: OpsRig;
  const token = newAdminToken();

  before(async () => {
    rig = await startOpsRig({ upstreams: oneOpenaiUpstream, operations: { adminToken: token, usage: { ...DEFAULTS.gateway.usage, record: false } } });
    const time = Date.now() - 60_000;
    for (let written = 0; written < EARLIER_ROWS; written += BATCH) {
      rig.gateway.store.appendUsage(Array.from({ length: BATCH }, (_, index) => usageRow({ requestId: `req_${written + index}`, clientKeyId: 'ck_earlier', time, inputTokens: 2, outputTokens: 3 })));
    }
  });
  after(() => rig?.close());

  it('sums the stored rows off the request thread: /healthz is answered while the report is summed', async () => {
    const order: string[] = [];
    const report = adminRequest(rig.gateway.url, '/admin/usage', { token }).then((answer) => {
      order.push('report');
      return answer;
    });
    const health = await adminRequest(rig.gateway.url, '/healthz', { token: null });
    order.push('healthz');
    const answer = await report;

    assert.equal(health.status, 200);
    assert.deepEqual(order, ['healthz', 'report'], 'the report held up the request thread');
    assert.equal(answer.status, 200);
    const rows = answer.json?.rows as { client_key_id: string; requests: number; input_tokens: number; output_tokens: number }[];
    assert.deepEqual(
      rows.map((row) => [row.client_key_id, row.requests, row.input_tokens, row.output_tokens]),
      [['ck_earlier', EARLIER_ROWS, 2 * EARLIER_ROWS, 3 * EARLIER_ROWS]],
    );
  });
});
