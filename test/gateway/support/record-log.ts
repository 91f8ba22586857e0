import type { RequestRecord } from '../../../src/gateway/engine/trail.js';

/**
 * Collects what `hooks.onRecord` receives. A record is handed over once the request ended on the
 * gateway's side, which may be a moment after the client read the last byte: `waitFor` polls.
 */
export class RecordLog {
  readonly records: RequestRecord[] = [];

  readonly onRecord = (record: RequestRecord): void => {
    this.records.push(record);
  };

  async waitFor(requestId: string | null, timeoutMs = 2_000): Promise<RequestRecord> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.records.find((record) => record.requestId === requestId);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no record for request ${requestId} within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}
