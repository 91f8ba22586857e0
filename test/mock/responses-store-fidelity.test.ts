import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI, { AuthenticationError, BadRequestError, NotFoundError, RateLimitError } from 'openai';
import { startMock, type RunningMock } from '../../src/mock/start-mock.js';
import { mockScenario, raisedApiError } from '../helpers/openai-raised.js';
import { WRITE_FILE } from '../helpers/tools.js';

/**
 * The Responses API's stored responses through the official openai SDK (6.x): every answer not sent with
 * `store: false` is kept in the project of the key that made it, and only keys of that project can continue
 * it (`previous_response_id`), retrieve, delete or list its input items; everyone else gets the API's
 * "not found" (400 previous_response_not_found, 404 on reads).
 */

const MODEL = 'gpt-4.1';
const LISTED_KEY = 'sk-proj-listed-key-for-the-default-project';

/** The `response.completed` event's response of a streamed create. */
async function streamedResponse(client: OpenAI, ask: OpenAI.Responses.ResponseCreateParamsNonStreaming): Promise<OpenAI.Responses.Response> {
  let completed: OpenAI.Responses.Response | null = null;
  for await (const event of await client.responses.create({ ...ask, stream: true })) if (event.type === 'response.completed') completed = event.response;
  assert.ok(completed, 'the stream completed');
  return completed;
}

describe('stored Responses through the official SDK', () => {
  let mock: RunningMock;
  const client = (options?: { project?: string; key?: string }) =>
    new OpenAI({ apiKey: options?.key ?? mock.issueKey('openai', undefined, options), baseURL: mock.baseUrls.openai, maxRetries: 0, logLevel: 'off' });

  before(async () => {
    mock = await startMock({ seed: 11, keys: [LISTED_KEY] });
  });
  after(() => mock.close());

  it('continues a chain of three with previous_response_id, across keys of one project, streamed or not', async () => {
    const [first, second] = [client({ project: 'alpha' }), client({ project: 'alpha' })];
    const one = await first.responses.create({ model: MODEL, input: 'Name a colour.' });
    const two = await streamedResponse(second, { model: MODEL, input: 'Another one.', previous_response_id: one.id });
    const three = await first.responses.create({ model: MODEL, input: 'And one more.', previous_response_id: two.id });
    assert.equal(one.previous_response_id, null);
    assert.equal(two.previous_response_id, one.id);
    assert.equal(three.previous_response_id, two.id);
    assert.equal(new Set([one.id, two.id, three.id]).size, 3);
    for (const response of [one, two, three]) assert.match(response.id, /^resp_[0-9a-f]{50}$/);
  });

  it("refuses another project's previous_response_id with the API's 400", async () => {
    const made = await client({ project: 'alpha' }).responses.create({ model: MODEL, input: 'Remember this.' });
    const error = await raisedApiError(() => client({ project: 'beta' }).responses.create({ model: MODEL, input: 'Go on.', previous_response_id: made.id }));
    assert.ok(error instanceof BadRequestError, error.constructor.name);
    assert.equal(error.status, 400);
    assert.equal(error.code, 'previous_response_not_found');
    assert.equal(error.param, 'previous_response_id');
    assert.equal(error.type, 'invalid_request_error');
    assert.equal((error.error as { message?: string }).message, `Previous response with id '${made.id}' not found.`);
    assert.match(error.requestID ?? '', /^req_[0-9a-f]{32}$/);
    assert.ok(error.headers.get('x-ratelimit-remaining-requests'), 'the rate-limit headers of every API answer');
    // Streamed, the request is refused before any event
    const streamed = await raisedApiError(() => client({ project: 'beta' }).responses.create({ model: MODEL, input: 'Go on.', previous_response_id: made.id, stream: true }));
    assert.equal(streamed.code, 'previous_response_not_found');
  });

  it('keeps nothing of a request with store: false', async () => {
    const owner = client();
    const unstored = await owner.responses.create({ model: MODEL, input: 'Forget this.', store: false });
    assert.equal(Reflect.get(unstored, 'store'), false, 'the response says it is not stored');
    assert.ok(unstored.output_text.length > 0);
    assert.ok((await raisedApiError(() => owner.responses.retrieve(unstored.id))) instanceof NotFoundError);
    const continued = await raisedApiError(() => owner.responses.create({ model: MODEL, input: 'Go on.', previous_response_id: unstored.id }));
    assert.equal(continued.code, 'previous_response_not_found');
  });

  it('retrieves the response the answer carried, byte for byte, streamed or not, and a forced tool call', async () => {
    const owner = client();
    const ask = { model: MODEL, instructions: 'Be brief.', input: 'Describe the sea.', max_output_tokens: 200, metadata: { run: '7' } };
    const createdRaw = await owner.responses.create(ask).asResponse();
    const createdText = await createdRaw.text();
    const created = JSON.parse(createdText) as OpenAI.Responses.Response;
    const retrievedText = await (await owner.responses.retrieve(created.id).asResponse()).text();
    assert.equal(retrievedText, createdText);
    assert.deepEqual(await owner.responses.retrieve(created.id), await owner.responses.retrieve(created.id));
    assert.equal((await owner.responses.retrieve(created.id)).output_text, created.output.flatMap((item) => (item.type === 'message' ? item.content : [])).map((part) => (part.type === 'output_text' ? part.text : '')).join(''));

    const streamed = await streamedResponse(owner, ask);
    assert.notEqual(streamed.id, created.id, 'the same prompt again is another response');
    const retrievedStream = JSON.parse(await (await owner.responses.retrieve(streamed.id).asResponse()).text()) as unknown;
    assert.deepEqual(retrievedStream, streamed);

    const tools = [{ type: 'function' as const, name: WRITE_FILE.name, parameters: WRITE_FILE.parameters, strict: false }];
    const call = await owner.responses.create({ model: MODEL, input: 'Save the notes.', tools, tool_choice: 'required' });
    const retrievedCall = await owner.responses.retrieve(call.id);
    assert.equal(retrievedCall.output[0]?.type, 'function_call');
    assert.deepEqual(retrievedCall, call);
  });

  it('deletes: the API confirms, and the response is gone for every later request', async () => {
    const owner = client({ project: 'gamma' });
    const made = await owner.responses.create({ model: MODEL, input: 'Short lived.' });
    const deleted = await owner.responses.delete(made.id).asResponse();
    assert.equal(deleted.status, 200);
    assert.deepEqual(await deleted.json(), { id: made.id, object: 'response.deleted', deleted: true });
    const error = await raisedApiError(() => owner.responses.retrieve(made.id));
    assert.ok(error instanceof NotFoundError, error.constructor.name);
    assert.equal((error.error as { message?: string }).message, `Response with id '${made.id}' not found.`);
    assert.deepEqual([error.type, error.param, error.code], ['invalid_request_error', null, null]);
    assert.ok((await raisedApiError(() => owner.responses.delete(made.id))) instanceof NotFoundError);
    assert.equal((await raisedApiError(() => owner.responses.inputItems.list(made.id))).status, 404);
    assert.equal((await raisedApiError(() => owner.responses.create({ model: MODEL, input: 'Go on.', previous_response_id: made.id }))).status, 400);
  });

  it('lists the input items, newest first: a string as one user message, a list as sent with ids added', async () => {
    const owner = client();
    const plain = await owner.responses.create({ model: MODEL, input: 'Count the stars.' });
    const page = await owner.responses.inputItems.list(plain.id);
    assert.deepEqual(page.data.map((item) => (item.type === 'message' ? [item.type, item.role, item.content] : [item.type])), [
      ['message', 'user', [{ type: 'input_text', text: 'Count the stars.' }]],
    ]);
    assert.match(page.data[0]!.id, /^msg_[0-9a-f]{50}$/);

    const input = [
      { role: 'developer' as const, content: 'Answer in French.' },
      { type: 'message' as const, role: 'user' as const, content: [{ type: 'input_text' as const, text: 'Hello' }], id: 'msg_given' },
    ];
    const listed = await owner.responses.create({ model: MODEL, input });
    const raw = (await (await owner.responses.inputItems.list(listed.id).asResponse()).json()) as { object: string; data: { id: string }[]; first_id: string; last_id: string; has_more: boolean };
    assert.equal(raw.object, 'list');
    assert.equal(raw.has_more, false);
    const [newest, oldest] = raw.data;
    assert.deepEqual(newest, input[1]);
    assert.match(oldest!.id, /^msg_[0-9a-f]{50}$/);
    assert.deepEqual(oldest, { id: oldest!.id, ...input[0] });
    assert.deepEqual([raw.first_id, raw.last_id], ['msg_given', oldest!.id]);
  });

  it("cannot retrieve, list or delete another project's response; its own project still can", async () => {
    const owner = client({ project: 'delta' });
    const made = await owner.responses.create({ model: MODEL, input: 'Private.' });
    const stranger = client({ project: 'epsilon' });
    const defaultProject = client();
    for (const other of [stranger, defaultProject]) {
      assert.equal((await raisedApiError(() => other.responses.retrieve(made.id))).status, 404);
      assert.equal((await raisedApiError(() => other.responses.inputItems.list(made.id))).status, 404);
      assert.equal((await raisedApiError(() => other.responses.delete(made.id))).status, 404);
    }
    assert.equal((await client({ project: 'delta' }).responses.retrieve(made.id)).id, made.id);
  });

  it('puts keys that name no project and the listed keys in one default project', async () => {
    const made = await client().responses.create({ model: MODEL, input: 'Shared.' });
    const listed = client({ key: LISTED_KEY });
    assert.equal((await listed.responses.retrieve(made.id)).id, made.id);
    const continued = await listed.responses.create({ model: MODEL, input: 'Go on.', previous_response_id: made.id });
    assert.equal(continued.previous_response_id, made.id);
  });

  it('reads go through the key check, the scenarios and the rate limit like any request', async () => {
    const owner = client();
    const made = await owner.responses.create({ model: MODEL, input: 'Guarded.' });
    assert.ok((await raisedApiError(() => client({ key: 'sk-proj-' + 'n'.repeat(40) }).responses.retrieve(made.id))) instanceof AuthenticationError);
    assert.ok((await raisedApiError(() => owner.responses.retrieve(made.id, {}, mockScenario('rate_limited')))) instanceof RateLimitError);
    const { response } = await owner.responses.retrieve(made.id).withResponse();
    assert.ok(response.headers.get('x-ratelimit-limit-requests'));
    assert.match(response.headers.get('x-request-id') ?? '', /^req_[0-9a-f]{32}$/);
    // A failed delete keeps the response
    assert.equal((await raisedApiError(() => owner.responses.delete(made.id, mockScenario('server_error')))).status, 500);
    assert.equal((await owner.responses.retrieve(made.id)).id, made.id);
  });

  it('issues keys of a project over HTTP, and refuses a project that is not a string', async () => {
    const issued = await fetch(`${mock.url}/__mock/keys`, { method: 'POST', body: '{"provider":"openai","project":"zeta"}' });
    assert.equal(issued.status, 201);
    const { key, project } = (await issued.json()) as { key: string; project: string };
    assert.equal(project, 'zeta');
    const made = await client({ key }).responses.create({ model: MODEL, input: 'Over HTTP.' });
    assert.equal((await client({ project: 'zeta' }).responses.retrieve(made.id)).id, made.id);
    assert.equal((await raisedApiError(() => client().responses.retrieve(made.id))).status, 404);
    const bad = await fetch(`${mock.url}/__mock/keys`, { method: 'POST', body: '{"provider":"openai","project":7}' });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { error: string }).error, /"project" must be a non-empty string/);
  });
});

describe('the store of stored Responses', () => {
  it('reset forgets every stored response', async () => {
    const mock = await startMock({ seed: 3 });
    try {
      const openai = () => new OpenAI({ apiKey: mock.issueKey('openai'), baseURL: mock.baseUrls.openai, maxRetries: 0, logLevel: 'off' });
      const made = await openai().responses.create({ model: MODEL, input: 'Before the reset.' });
      mock.reset();
      assert.ok((await raisedApiError(() => openai().responses.retrieve(made.id))) instanceof NotFoundError);
    } finally {
      await mock.close();
    }
  });

  it('keeps the newest storedObjects, dropping the oldest', async () => {
    const mock = await startMock({ seed: 3, storedObjects: 2 });
    try {
      const openai = new OpenAI({ apiKey: mock.issueKey('openai'), baseURL: mock.baseUrls.openai, maxRetries: 0, logLevel: 'off' });
      const ids: string[] = [];
      for (const input of ['one', 'two', 'three']) ids.push((await openai.responses.create({ model: MODEL, input })).id);
      assert.equal((await raisedApiError(() => openai.responses.retrieve(ids[0]!))).status, 404);
      for (const id of ids.slice(1)) assert.equal((await openai.responses.retrieve(id)).id, id);
    } finally {
      await mock.close();
    }
  });
});
