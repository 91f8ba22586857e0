import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI, { APIError, AuthenticationError, BadRequestError, NotFoundError, RateLimitError } from 'openai';
import { startMock, type RunningMock } from '../../src/mock/start-mock.js';
import { mockScenario, raisedApiError } from '../helpers/openai-raised.js';

/**
 * The Conversations API through the official openai SDK (6.x): a conversation is kept in the project of the
 * key that made it, with its items; only keys of that project can read, change or delete it, list or change
 * its items, or answer in it with `responses.create({ conversation })`. Everyone else gets the API's 404
 * "Conversation with id '…' not found.", and `conversation` with `previous_response_id` the API's 400.
 */

const MODEL = 'gpt-4.1';

const messageOf = (error: APIError): string | undefined => (error.error as { message?: string } | undefined)?.message;

/** Role and text of each message item, in the order given. */
const turns = (items: OpenAI.Conversations.ConversationItem[]) =>
  items.map((item) => (item.type === 'message' ? [item.role, item.content.map((part) => ('text' in part ? part.text : '')).join('')] : [item.type]));

function assertConversationNotFound(error: APIError, id: string): void {
  assert.ok(error instanceof NotFoundError, `${error.constructor.name} ${error.status}`);
  assert.equal(error.status, 404);
  assert.deepEqual([error.type, error.param, error.code], ['invalid_request_error', null, null]);
  assert.equal(messageOf(error), `Conversation with id '${id}' not found.`);
  assert.match(error.requestID ?? '', /^req_[0-9a-f]{32}$/);
}

describe('OpenAI conversations through the official SDK', () => {
  let mock: RunningMock;
  const client = (options?: { project?: string; key?: string }) =>
    new OpenAI({ apiKey: options?.key ?? mock.issueKey('openai', undefined, options), baseURL: mock.baseUrls.openai, maxRetries: 0, logLevel: 'off' });

  before(async () => {
    mock = await startMock({ seed: 17 });
  });
  after(() => mock.close());

  it('creates, retrieves, updates, lists, adds, reads and deletes items, and deletes the conversation', async () => {
    const owner = client({ project: 'alpha' });
    const before = Math.floor(Date.now() / 1000);
    const created = await owner.conversations.create({
      metadata: { topic: 'birds' },
      items: [
        { type: 'message', role: 'developer', content: 'Answer briefly.' },
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hello' }] },
      ],
    });
    assert.match(created.id, /^conv_[0-9a-f]{48}$/);
    assert.deepEqual(Object.keys(created).sort(), ['created_at', 'id', 'metadata', 'object']);
    assert.equal(created.object, 'conversation');
    assert.deepEqual(created.metadata, { topic: 'birds' });
    assert.ok(created.created_at >= before && created.created_at <= Math.floor(Date.now() / 1000) + 1);
    assert.deepEqual(await owner.conversations.retrieve(created.id), created);

    const updated = await owner.conversations.update(created.id, { metadata: { topic: 'fish' } });
    assert.deepEqual(updated, { ...created, metadata: { topic: 'fish' } });
    assert.deepEqual((await owner.conversations.retrieve(created.id)).metadata, { topic: 'fish' });

    // Newest first by default; string content is stored in the parts form
    const initial = await owner.conversations.items.list(created.id);
    assert.equal(initial.data.length, 2);
    const [hello, developer] = initial.data;
    assert.deepEqual(developer, { id: developer!.id, type: 'message', status: 'completed', content: [{ type: 'input_text', text: 'Answer briefly.' }], role: 'developer' });
    assert.deepEqual(hello, { id: hello!.id, type: 'message', status: 'completed', content: [{ type: 'input_text', text: 'Hello' }], role: 'user' });
    for (const item of initial.data) assert.match(item.id!, /^msg_[0-9a-f]{50}$/);
    const raw = (await (await owner.conversations.items.list(created.id).asResponse()).json()) as Record<string, unknown>;
    assert.deepEqual(raw, { object: 'list', data: initial.data, first_id: hello!.id, last_id: developer!.id, has_more: false });

    const added = await owner.conversations.items.create(created.id, { items: [{ type: 'message', role: 'assistant', content: 'Hi there.' }, { role: 'user', content: 'Again' }] });
    assert.equal(added.object, 'list');
    assert.deepEqual(turns(added.data), [['assistant', 'Hi there.'], ['user', 'Again']]);
    assert.deepEqual(added.data[0]!.type === 'message' && added.data[0]!.content[0], { type: 'output_text', annotations: [], logprobs: [], text: 'Hi there.' });
    assert.deepEqual([added.first_id, added.last_id, added.has_more], [added.data[0]!.id, added.data[1]!.id, false]);
    const ids = [developer!.id, hello!.id, ...added.data.map((item) => item.id)];
    assert.equal(new Set(ids).size, 4, 'item ids never repeat');

    const ascending = await owner.conversations.items.list(created.id, { order: 'asc' });
    assert.deepEqual(turns(ascending.data), [['developer', 'Answer briefly.'], ['user', 'Hello'], ['assistant', 'Hi there.'], ['user', 'Again']]);
    // Pages of two, followed through the SDK's cursor
    const paged: string[] = [];
    for await (const item of owner.conversations.items.list(created.id, { order: 'asc', limit: 2 })) paged.push(item.id!);
    assert.deepEqual(paged, ids);
    const firstPage = await owner.conversations.items.list(created.id, { limit: 3 });
    assert.equal(firstPage.has_more, true);

    assert.deepEqual(await owner.conversations.items.retrieve(hello!.id!, { conversation_id: created.id }), hello);
    const afterDelete = await owner.conversations.items.delete(hello!.id!, { conversation_id: created.id });
    assert.deepEqual(afterDelete, { ...created, metadata: { topic: 'fish' } }, 'deleting an item answers the conversation');
    assert.deepEqual(turns((await owner.conversations.items.list(created.id, { order: 'asc' })).data), [['developer', 'Answer briefly.'], ['assistant', 'Hi there.'], ['user', 'Again']]);
    const itemGone = await raisedApiError(() => owner.conversations.items.retrieve(hello!.id!, { conversation_id: created.id }));
    assert.ok(itemGone instanceof NotFoundError);
    assert.equal(messageOf(itemGone), `Item with id '${hello!.id}' not found in conversation.`);
    assert.equal((await raisedApiError(() => owner.conversations.items.delete(hello!.id!, { conversation_id: created.id }))).status, 404);

    const deleted = await owner.conversations.delete(created.id).asResponse();
    assert.equal(deleted.status, 200);
    assert.deepEqual(await deleted.json(), { id: created.id, object: 'conversation.deleted', deleted: true });
  });

  it('keeps two responses in a conversation: each turn input then output, in order, and says so on the response', async () => {
    const owner = client({ project: 'beta' });
    const conversation = await owner.conversations.create();
    assert.deepEqual(conversation.metadata, {});
    assert.deepEqual((await owner.conversations.items.list(conversation.id)).data, []);

    const first = await owner.responses.create({ model: MODEL, input: 'Name a colour.', conversation: conversation.id });
    let streamed: OpenAI.Responses.Response | null = null;
    const stream = await owner.responses.create({ model: MODEL, input: [{ role: 'user', content: 'Name a colour.' }], conversation: { id: conversation.id }, stream: true });
    for await (const event of stream) if (event.type === 'response.completed') streamed = event.response;
    assert.ok(streamed);
    assert.deepEqual(first.conversation, { id: conversation.id });
    assert.deepEqual(streamed.conversation, { id: conversation.id });
    assert.deepEqual((await owner.responses.retrieve(first.id)).conversation, { id: conversation.id });

    const items = (await owner.conversations.items.list(conversation.id, { order: 'asc' })).data;
    assert.deepEqual(turns(items), [
      ['user', 'Name a colour.'],
      ['assistant', first.output_text],
      ['user', 'Name a colour.'],
      ['assistant', streamed.output.flatMap((item) => (item.type === 'message' ? item.content : [])).map((part) => (part.type === 'output_text' ? part.text : '')).join('')],
    ]);
    assert.deepEqual(items[1], first.output[0], 'the output item is stored as the response gave it');
    assert.deepEqual(items[3], streamed.output[0]);
    assert.equal(new Set(items.map((item) => item.id)).size, 4, 'the same prompt twice still makes new item ids');
    // Default order is newest first
    assert.deepEqual((await owner.conversations.items.list(conversation.id)).data, [...items].reverse());
    // A response not in a conversation says nothing of one
    const plain = await owner.responses.create({ model: MODEL, input: 'Alone.' });
    assert.equal(Reflect.has(plain, 'conversation'), false);
  });

  it("answers another project's key with the API's 404 on every endpoint and on responses.create", async () => {
    const owner = client({ project: 'gamma' });
    const made = await owner.conversations.create({ items: [{ role: 'user', content: 'Private.' }] });
    const itemId = (await owner.conversations.items.list(made.id)).data[0]!.id!;
    for (const stranger of [client({ project: 'delta' }), client()]) {
      const calls: (() => Promise<unknown>)[] = [
        () => stranger.conversations.retrieve(made.id),
        () => stranger.conversations.update(made.id, { metadata: { x: 'y' } }),
        () => stranger.conversations.delete(made.id),
        () => stranger.conversations.items.list(made.id),
        () => stranger.conversations.items.create(made.id, { items: [{ role: 'user', content: 'Intrude.' }] }),
        () => stranger.conversations.items.retrieve(itemId, { conversation_id: made.id }),
        () => stranger.conversations.items.delete(itemId, { conversation_id: made.id }),
        () => stranger.responses.create({ model: MODEL, input: 'Go on.', conversation: made.id }),
        () => stranger.responses.create({ model: MODEL, input: 'Go on.', conversation: { id: made.id }, stream: true }),
      ];
      for (const call of calls) assertConversationNotFound(await raisedApiError(call), made.id);
    }
    // Nothing the strangers tried changed it
    assert.deepEqual(await owner.conversations.retrieve(made.id), made);
    assert.deepEqual(turns((await client({ project: 'gamma' }).conversations.items.list(made.id)).data), [['user', 'Private.']]);
    // A response id is not a conversation, nor a conversation id a response
    const response = await owner.responses.create({ model: MODEL, input: 'Hi.' });
    assertConversationNotFound(await raisedApiError(() => owner.conversations.retrieve(response.id)), response.id);
    assert.equal((await raisedApiError(() => owner.responses.retrieve(made.id))).status, 404);
  });

  it('refuses conversation with previous_response_id: the API 400, before looking either up', async () => {
    const owner = client();
    const conversation = await owner.conversations.create();
    const previous = await owner.responses.create({ model: MODEL, input: 'First.' });
    const error = await raisedApiError(() => owner.responses.create({ model: MODEL, input: 'Both.', conversation: conversation.id, previous_response_id: previous.id }));
    assert.ok(error instanceof BadRequestError, error.constructor.name);
    assert.deepEqual([error.status, error.type, error.param, error.code], [400, 'invalid_request_error', null, 'mutually_exclusive_parameters']);
    assert.equal(messageOf(error), "Mutually exclusive parameters: ''. Ensure you are only providing one of: 'pre..._id' or 'conversation'.");
    const unknownBoth = await raisedApiError(() => owner.responses.create({ model: MODEL, input: 'Both.', conversation: 'conv_missing', previous_response_id: 'resp_missing' }));
    assert.equal(unknownBoth.code, 'mutually_exclusive_parameters');
    assert.deepEqual((await owner.conversations.items.list(conversation.id)).data, [], 'the refused request added nothing');
  });

  it('forgets a deleted conversation for every later request', async () => {
    const owner = client({ project: 'epsilon' });
    const made = await owner.conversations.create({ items: [{ role: 'user', content: 'Short lived.' }] });
    await owner.conversations.delete(made.id);
    assertConversationNotFound(await raisedApiError(() => owner.conversations.retrieve(made.id)), made.id);
    assertConversationNotFound(await raisedApiError(() => owner.conversations.delete(made.id)), made.id);
    assertConversationNotFound(await raisedApiError(() => owner.conversations.items.list(made.id)), made.id);
    assertConversationNotFound(await raisedApiError(() => owner.responses.create({ model: MODEL, input: 'Go on.', conversation: made.id })), made.id);
  });

  it('goes through the key check, the scenarios and the rate limit like any request', async () => {
    const owner = client();
    const made = await owner.conversations.create({ metadata: { kept: 'yes' } });
    assert.ok((await raisedApiError(() => client({ key: 'sk-proj-' + 'n'.repeat(40) }).conversations.retrieve(made.id))) instanceof AuthenticationError);
    assert.ok((await raisedApiError(() => owner.conversations.retrieve(made.id, mockScenario('rate_limited')))) instanceof RateLimitError);
    const { response } = await owner.conversations.retrieve(made.id).withResponse();
    assert.ok(response.headers.get('x-ratelimit-limit-requests'));
    assert.match(response.headers.get('x-request-id') ?? '', /^req_[0-9a-f]{32}$/);
    // A failed change changes nothing
    assert.equal((await raisedApiError(() => owner.conversations.delete(made.id, mockScenario('server_error')))).status, 500);
    assert.equal((await raisedApiError(() => owner.conversations.update(made.id, { metadata: { kept: 'no' } }, mockScenario('server_error')))).status, 500);
    assert.deepEqual((await owner.conversations.retrieve(made.id)).metadata, { kept: 'yes' });
  });

  it("validates bodies as the API does: metadata is required to update, items must be a list of at most 20", async () => {
    const owner = client();
    const made = await owner.conversations.create();
    const missing = await raisedApiError(() => owner.post(`/conversations/${made.id}`, { body: {} }));
    assert.deepEqual([missing.status, missing.param, missing.code], [400, 'metadata', 'missing_required_parameter']);
    const tooMany = await raisedApiError(() => owner.conversations.create({ items: Array.from({ length: 21 }, () => ({ role: 'user' as const, content: 'x' })) }));
    assert.deepEqual([tooMany.status, tooMany.param, tooMany.code], [400, 'items', 'array_above_max_length']);
    const notAList = await raisedApiError(() => owner.post(`/conversations/${made.id}/items`, { body: { items: 'x' } }));
    assert.deepEqual([notAList.status, notAList.param, notAList.code], [400, 'items', 'invalid_type']);
  });
});

describe('the store of conversations', () => {
  it('reset forgets every conversation', async () => {
    const mock = await startMock({ seed: 5 });
    try {
      const openai = () => new OpenAI({ apiKey: mock.issueKey('openai'), baseURL: mock.baseUrls.openai, maxRetries: 0, logLevel: 'off' });
      const made = await openai().conversations.create({ items: [{ role: 'user', content: 'Before the reset.' }] });
      const over = await fetch(`${mock.url}/__mock/reset`, { method: 'POST' });
      assert.equal(over.status, 200);
      assertConversationNotFound(await raisedApiError(() => openai().conversations.retrieve(made.id)), made.id);
    } finally {
      await mock.close();
    }
  });

  it('shares the storedObjects bound with stored responses, dropping the oldest', async () => {
    const mock = await startMock({ seed: 5, storedObjects: 2 });
    try {
      const openai = new OpenAI({ apiKey: mock.issueKey('openai'), baseURL: mock.baseUrls.openai, maxRetries: 0, logLevel: 'off' });
      const oldest = await openai.conversations.create();
      const newer = await openai.conversations.create();
      const response = await openai.responses.create({ model: MODEL, input: 'Third.' });
      assertConversationNotFound(await raisedApiError(() => openai.conversations.retrieve(oldest.id)), oldest.id);
      assert.equal((await openai.conversations.retrieve(newer.id)).id, newer.id);
      assert.equal((await openai.responses.retrieve(response.id)).id, response.id);
    } finally {
      await mock.close();
    }
  });
});
