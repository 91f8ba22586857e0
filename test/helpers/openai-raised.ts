import assert from 'node:assert/strict';
import { APIError } from 'openai';

/** The APIError the openai SDK raises for `call`; fails the test when it raises something else, or nothing. */
export async function raisedApiError(call: () => Promise<unknown>): Promise<APIError> {
  try {
    await call();
  } catch (error) {
    assert.ok(error instanceof APIError, String(error));
    return error;
  }
  assert.fail('expected the SDK to raise');
}

/** SDK request options that make the mock play `name` for this request. */
export const mockScenario = (name: string) => ({ headers: { 'x-mock-scenario': name } });
