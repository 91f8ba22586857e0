import { randomBytes } from 'node:crypto';

/** A random half per process: ids stay unique across restarts and gateways. */
const PROCESS_PART = `req_${randomBytes(8).toString('hex')}`;
let counter = 0;

/** A request id, `req_` and 32 hex digits: the process's random half, then a counter (no random draw per request). */
export function nextRequestId(): string {
  return PROCESS_PART + (counter++).toString(16).padStart(16, '0');
}
