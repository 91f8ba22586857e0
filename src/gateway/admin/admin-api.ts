import type { IncomingMessage, ServerResponse } from 'node:http';
import { ClientKeySpecError, parseClientKeySpec } from '../clients/client-key-spec.js';
import { issueClientKey, rotateClientKey } from '../clients/issue-client-key.js';
import { readBody } from '../server/read-body.js';
import { isStoreBusy } from '../store/store-busy.js';
import type { GatewayStore, UsageQuery, UsageSummaryRow } from '../store/types.js';
import { adminAuthorized } from './admin-auth.js';
import { sendError, sendJson } from './admin-reply.js';
import type { AdminView } from './admin-view.js';
import { clientKeyJson } from './client-key-json.js';
import { upstreamsJson } from './upstreams-json.js';
import { UsageQueryError, usageJson, usageQueryOf } from './usage-json.js';

export interface AdminApiOptions {
  store: GatewayStore;
  /** null (or empty): the admin API is off and says how to turn it on. */
  adminToken: string | null;
  view: AdminView;
  now?: () => number;
  /** Called after a key was created, revoked or rotated here, so the gateway applies it at once. */
  onKeysChanged?: () => void;
  /** Where `/admin/usage` is summed (the gateway's usage thread); the store, on this thread, by default. */
  usageSummary?: (query: UsageQuery) => Promise<UsageSummaryRow[]>;
}

/** Answers `/admin/*`; resolves false for any other path, true once it answered. */
export type AdminApi = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

/** Request bodies are small JSON specs: anything bigger is a mistake or an attack. */
export const ADMIN_MAX_BODY_BYTES = 64 * 1024;

const DISABLED_MESSAGE =
  'The admin API is off. Turn it on by giving the gateway an admin token: set LLMDOCTOR_ADMIN_TOKEN in its environment ' +
  '(or admin_token in its config file), restart it, and send the token as "Authorization: Bearer <token>" or "x-admin-token: <token>".';

// One body for a missing and a wrong token: a caller learns nothing about which, nor about the token.
const UNAUTHORIZED_MESSAGE = 'Admin token missing or wrong: send the token as "Authorization: Bearer <token>" or "x-admin-token: <token>".';

interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  /** The path's variable part (a key id), decoded. */
  id: string;
  query: URLSearchParams;
}

type Handler = (exchange: Exchange) => void | Promise<void>;

interface Route {
  /** Matches the whole path; its first group, if any, is the key id. */
  pattern: RegExp;
  methods: Record<string, Handler>;
}

export function createAdminApi(options: AdminApiOptions): AdminApi {
  const { store, view } = options;
  const usageSummary = options.usageSummary ?? ((query: UsageQuery) => Promise.resolve(store.usageSummary(query)));
  const now = options.now ?? Date.now;
  const token = options.adminToken === null || options.adminToken === '' ? null : options.adminToken;

  const routes: Route[] = [
    {
      pattern: /^\/admin\/keys$/,
      methods: {
        GET: ({ res, query }) => {
          const includeRevoked = ['1', 'true', 'yes'].includes(query.get('include_revoked') ?? '');
          const at = now();
          sendJson(res, 200, { keys: store.listClientKeys({ includeRevoked }).map((record) => clientKeyJson(record, at)) });
        },
        POST: async ({ req, res }) => {
          const input = await readJson(req, res);
          if (input === undefined) return;
          const at = now();
          let spec;
          try {
            spec = parseClientKeySpec(input, at);
          } catch (error) {
            if (error instanceof ClientKeySpecError) return sendError(res, 400, 'invalid_key_spec', error.message);
            throw error;
          }
          const { key, record } = issueClientKey(store, spec, at);
          options.onKeysChanged?.();
          sendJson(res, 201, { key, ...clientKeyJson(record, at) });
        },
      },
    },
    {
      pattern: /^\/admin\/keys\/([^/]+)$/,
      methods: {
        GET: ({ res, id }) => {
          const record = store.clientKeyById(id);
          if (record === null) return noSuchKey(res, id);
          sendJson(res, 200, clientKeyJson(record, now()));
        },
        DELETE: ({ res, id }) => {
          const record = store.clientKeyById(id);
          if (record === null) return noSuchKey(res, id);
          // Revoking twice keeps the first time: the record says when the key stopped working.
          const at = now();
          if (record.revokedAt === null) store.revokeClientKey(id, at);
          options.onKeysChanged?.();
          const revoked = store.clientKeyById(id);
          if (revoked === null) return noSuchKey(res, id);
          sendJson(res, 200, clientKeyJson(revoked, at));
        },
      },
    },
    {
      pattern: /^\/admin\/keys\/([^/]+)\/rotate$/,
      methods: {
        POST: ({ req, res, id }) => {
          req.resume();
          const existing = store.clientKeyById(id);
          if (existing === null) return noSuchKey(res, id);
          if (existing.revokedAt !== null) {
            return sendError(res, 409, 'key_revoked', `Client key ${id} is revoked${existing.replacedBy ? ` (replaced by ${existing.replacedBy})` : ''}: rotate the key in use, or create a new one with POST /admin/keys.`);
          }
          const at = now();
          const rotated = rotateClientKey(store, id, at);
          if (rotated === null) return noSuchKey(res, id);
          options.onKeysChanged?.();
          sendJson(res, 201, { key: rotated.key, ...clientKeyJson(rotated.record, at), replaces: id });
        },
      },
    },
    {
      pattern: /^\/admin\/upstreams$/,
      methods: { GET: ({ res }) => sendJson(res, 200, upstreamsJson(view, now())) },
    },
    {
      pattern: /^\/admin\/usage$/,
      methods: {
        GET: async ({ res, query }) => {
          let usageQuery;
          try {
            usageQuery = usageQueryOf(query);
          } catch (error) {
            if (error instanceof UsageQueryError) return sendError(res, 400, 'invalid_query', error.message);
            throw error;
          }
          sendJson(res, 200, usageJson(usageQuery, await usageSummary(usageQuery)));
        },
      },
    },
  ];

  return async (req, res) => {
    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    const path = queryAt === -1 ? url : url.slice(0, queryAt);
    if (path !== '/admin' && !path.startsWith('/admin/')) return false;
    if (token === null) {
      req.resume();
      sendError(res, 404, 'admin_disabled', DISABLED_MESSAGE);
      return true;
    }
    if (!adminAuthorized(req, token)) {
      req.resume();
      sendError(res, 401, 'unauthorized', UNAUTHORIZED_MESSAGE, { 'www-authenticate': 'Bearer' });
      return true;
    }
    const found = findRoute(routes, path);
    if (found === null) {
      req.resume();
      sendError(res, 404, 'not_found', `No admin endpoint ${path}. The admin API has: GET/POST /admin/keys, GET/DELETE /admin/keys/<id>, POST /admin/keys/<id>/rotate, GET /admin/upstreams, GET /admin/usage.`);
      return true;
    }
    const method = req.method ?? 'GET';
    const handler = found.route.methods[method];
    if (handler === undefined) {
      req.resume();
      const allowed = Object.keys(found.route.methods).join(', ');
      sendError(res, 405, 'method_not_allowed', `${method} is not allowed on ${path}: use ${allowed}.`, { allow: allowed });
      return true;
    }
    try {
      await handler({ req, res, id: found.id, query: new URLSearchParams(queryAt === -1 ? '' : url.slice(queryAt + 1)) });
    } catch (error) {
      if (!isStoreBusy(error) || res.headersSent) throw error;
      sendError(res, 503, 'store_busy', storeBusyMessage(store.location), { 'retry-after': '1' });
    }
    return true;
  };
}

function findRoute(routes: readonly Route[], path: string): { route: Route; id: string } | null {
  for (const route of routes) {
    const match = route.pattern.exec(path);
    if (match === null) continue;
    let id = '';
    try {
      id = match[1] === undefined ? '' : decodeURIComponent(match[1]);
    } catch {
      return null;
    }
    return { route, id };
  }
  return null;
}

function storeBusyMessage(location: string): string {
  return (
    `The store ${location} is locked by another process (llmdoctor keys, a backup, sqlite3 writing to the file), ` +
    'and the gateway does not hold up requests waiting for it. Nothing was changed: try again in a moment.'
  );
}

function noSuchKey(res: ServerResponse, id: string): void {
  sendError(res, 404, 'key_not_found', `No client key ${JSON.stringify(id.slice(0, 64))}. List them with GET /admin/keys?include_revoked=1.`);
}

/** The request body as JSON ({} when empty), or undefined once an error was answered. */
async function readJson(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
  const read = await readBody(req, ADMIN_MAX_BODY_BYTES);
  if (!read.ok) {
    if (read.tooLarge) sendError(res, 413, 'body_too_large', `The request body is larger than ${ADMIN_MAX_BODY_BYTES / 1024} kB: a client key spec is a small JSON object.`);
    else sendError(res, 400, 'body_unreadable', `The request body could not be read: ${read.error.message}.`);
    return undefined;
  }
  const text = read.bytes.toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    sendError(res, 400, 'invalid_json', `The request body is not valid JSON: ${jsonProblem(error)}. Send a JSON object, e.g. {"name": "ci", "rpm": 60}.`);
    return undefined;
  }
}

/** V8's parse error without the quoted start of the body it may add (which could be a pasted secret). */
function jsonProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/,\s*".*$/s, '').replace(/\.$/, '');
}
