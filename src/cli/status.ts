import { DEFAULTS } from '../core/defaults.js';
import { parseJsonObject } from '../providers/probe.js';
import { stringOption as text, UsageError, type OptionSpec } from './args.js';
import { commandOptions } from './command-options.js';
import { palette, shouldUseColor, type Palette } from './color.js';
import { printOut, toRedactedJson } from './output.js';

const OPTIONS: readonly OptionSpec[] = [
  { name: 'url', takesValue: true, valueName: 'url' },
  { name: 'token-file', takesValue: true, valueName: 'path' },
  { name: 'json', takesValue: false },
  { name: 'help', takesValue: false, short: 'h' },
];

const TOKEN_VARIABLE = 'LLMDOCTOR_ADMIN_TOKEN';
const DEFAULT_URL = `http://${DEFAULTS.gateway.host}:${DEFAULTS.gateway.port}`;
const TIMEOUT_MS = 10_000;

export const STATUS_HELP = `llmdoctor status: every upstream key of a running gateway (healthy, cooling down, disabled and why) and its breakers

Usage
  llmdoctor status [--url ${DEFAULT_URL}] [--json]

Reads the gateway's admin API (/admin/upstreams). The gateway must run with an admin token, and this command
sends the same one: from the environment variable ${TOKEN_VARIABLE}, or from a file with --token-file
(never as a flag's value, where shell history and ps would keep it).

Options
  --url <url>          the gateway (default ${DEFAULT_URL})
  --token-file <path>  read the admin token from this file instead of ${TOKEN_VARIABLE}
  --json               the admin API's answer as JSON
  -h, --help           show this help

Exit codes: 0 every key usable and no breaker open, 1 some key disabled or a breaker open,
2 usage error, gateway unreachable or admin token refused
`;

/** `llmdoctor status`: returns the exit code. */
export async function run(argv: readonly string[]): Promise<number> {
  const args = await commandOptions(argv, OPTIONS, 'status', STATUS_HELP);
  if (args === null) return 0;
  const base = gatewayUrl(text(args, 'url') ?? DEFAULT_URL);
  const token = await adminToken(text(args, 'token-file'));
  const status = await fetchStatus(base, token);
  if (args.options.has('json')) await printOut(`${toRedactedJson(status, 2)}\n`);
  else await printOut(renderStatus(status, base, palette(shouldUseColor(process.stdout))));
  return needsAttention(status) ? 1 : 0;
}

function gatewayUrl(written: string): URL {
  let url: URL;
  try {
    url = new URL(written);
  } catch {
    throw new UsageError(`--url takes the gateway's URL, e.g. --url ${DEFAULT_URL} (got "${written.slice(0, 80)}")`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--url must start with http:// or https:// (got ${url.protocol})`);
  return url;
}

/** Where the token came from, for messages; the token itself is never shown. */
interface AdminToken {
  value: string | null;
  source: string;
}

async function adminToken(file: string | undefined): Promise<AdminToken> {
  if (file === undefined) {
    const value = process.env[TOKEN_VARIABLE]?.trim() ?? '';
    return { value: value === '' ? null : value, source: TOKEN_VARIABLE };
  }
  const { readFile } = await import('node:fs/promises');
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`--token-file ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (error as Error).message}`);
  }
  const value = content.trim();
  if (value === '') throw new UsageError(`--token-file ${file} is empty: put the gateway's admin token in it`);
  return { value, source: `the file ${file}` };
}

// What /admin/upstreams answers (src/gateway/admin/upstreams-json.ts); read defensively, it comes over the network.
interface KeyStatus {
  label: string;
  masked: string;
  fingerprint: string;
  state: 'healthy' | 'cooling' | 'disabled';
  cooling_until: string | null;
  cooling_reason: string | null;
  disabled_since: string | null;
  diagnosis: { category: string; title: string } | null;
  last_probe: string | null;
  in_flight: number;
  requests_last_minute: number;
  tokens_last_minute: number;
}

interface UpstreamStatus {
  name: string;
  provider: string;
  base_url: string;
  queue_depth: number;
  keys: KeyStatus[];
}

interface BreakerStatus {
  target: string;
  state: 'closed' | 'open' | 'half-open';
  open_until: string | null;
}

interface GatewayStatus {
  now: string;
  upstreams: UpstreamStatus[];
  breakers: BreakerStatus[];
}

async function fetchStatus(base: URL, token: AdminToken): Promise<GatewayStatus> {
  const url = new URL('admin/upstreams', base.href.endsWith('/') ? base : `${base.href}/`);
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { accept: 'application/json', ...(token.value !== null && { authorization: `Bearer ${token.value}` }) },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new UsageError(unreachable(url, error));
  }
  const body = await response.text();
  const json = parseJsonObject(body);
  if (response.status === 401) throw new UsageError(refusedToken(base, token));
  if (response.status === 404 && errorCode(json) === 'admin_disabled') {
    throw new UsageError(`The gateway at ${base.origin} has its admin API off. Start it with ${TOKEN_VARIABLE} set (or admin_token in its config file), then run llmdoctor status with the same token.`);
  }
  if (response.status !== 200 || !isGatewayStatus(json)) {
    throw new UsageError(
      `${url.href} did not answer like an llmdoctor gateway's admin API (HTTP ${response.status}${errorCode(json) ? `, ${errorCode(json)}` : ''}). ` +
        `Check that --url points at the gateway (llmdoctor gateway prints its URL when it starts).`,
    );
  }
  return json;
}

function unreachable(url: URL, error: unknown): string {
  const why = (error as Error)?.name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS / 1000} s` : rootCause(error);
  return (
    `Could not reach the gateway: ${url.href} failed (${why}).\n` +
    `Is it running? Start it with: ${TOKEN_VARIABLE}=<token> llmdoctor gateway\n` +
    `If it listens elsewhere, say where: llmdoctor status --url http://host:port`
  );
}

function refusedToken(base: URL, token: AdminToken): string {
  if (token.value === null) {
    return `The gateway at ${base.origin} wants an admin token and none was sent: set ${TOKEN_VARIABLE} to the token the gateway was started with (or use --token-file <path>).`;
  }
  return `The gateway at ${base.origin} refused the admin token from ${token.source}: it is not the one the gateway was started with (its ${TOKEN_VARIABLE} or admin_token in its config).`;
}

/** fetch says only "fetch failed": the system error code (ECONNREFUSED...) or the message deepest in its causes says why. */
function rootCause(error: unknown): string {
  let deepest = error instanceof Error ? error.message : String(error);
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    const code = (current as NodeJS.ErrnoException).code;
    if (typeof code === 'string') return code;
    deepest = current.message;
  }
  return deepest;
}

function errorCode(json: unknown): string | null {
  const error = isObject(json) ? json.error : null;
  return isObject(error) && typeof error.code === 'string' ? error.code : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isGatewayStatus(json: unknown): json is GatewayStatus {
  return (
    isObject(json) &&
    typeof json.now === 'string' &&
    Array.isArray(json.breakers) &&
    Array.isArray(json.upstreams) &&
    json.upstreams.every((upstream) => isObject(upstream) && typeof upstream.name === 'string' && Array.isArray(upstream.keys) && upstream.keys.every((key) => isObject(key) && typeof key.state === 'string'))
  );
}

/** A key out of rotation or a target refused: something an operator should look at. */
function needsAttention(status: GatewayStatus): boolean {
  return status.upstreams.some((upstream) => upstream.keys.some((key) => key.state === 'disabled')) || status.breakers.some((breaker) => breaker.state === 'open');
}

function renderStatus(status: GatewayStatus, base: URL, paint: Palette): string {
  const now = Date.parse(status.now);
  const lines = [`${paint.bold('Gateway')} ${base.origin}, as of ${status.now}`, ''];
  for (const upstream of status.upstreams) {
    const queue = upstream.queue_depth > 0 ? paint.yellow(`${upstream.queue_depth} waiting`) : 'none waiting';
    lines.push(`${paint.bold(upstream.name)}  ${upstream.provider}  ${upstream.base_url}  queue: ${queue}`);
    lines.push(...keyTable(upstream.keys, now, paint), '');
  }
  if (status.upstreams.length === 0) lines.push('No upstreams.', '');
  lines.push(...breakerLines(status.breakers, now, paint), '');
  lines.push(summaryLine(status));
  return `${lines.join('\n')}\n`;
}

function keyTable(keys: readonly KeyStatus[], now: number, paint: Palette): string[] {
  const header = ['KEY', 'MASKED (FINGERPRINT)', 'IN FLIGHT', 'REQ/MIN', 'TOK/MIN', 'STATE'];
  const rows = keys.map((key) => [key.label, `${key.masked} (fp ${key.fingerprint})`, String(key.in_flight), String(key.requests_last_minute), String(key.tokens_last_minute), keyState(key, now)]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: readonly string[], color: (text: string) => string = (t) => t) =>
    `  ${cells.map((cell, column) => (column === cells.length - 1 ? color(cell) : cell.padEnd(widths[column]!))).join('  ')}`.trimEnd();
  const colorOf = (key: KeyStatus) => (key.state === 'healthy' ? paint.green : key.state === 'cooling' ? paint.yellow : paint.red);
  return [paint.dim(line(header)), ...rows.map((row, index) => line(row, colorOf(keys[index]!)))];
}

/** `healthy`, `cooling 12 s more: <reason>`, `disabled 3 min ago: <title> (<category>), last probe 20 s ago`. */
function keyState(key: KeyStatus, now: number): string {
  if (key.state === 'cooling') {
    const until = timeOf(key.cooling_until);
    const more = until === null ? '' : until > now ? ` ${duration(until - now)} more` : ' (ending now)';
    return `cooling${more}${key.cooling_reason ? `: ${key.cooling_reason}` : ''}`;
  }
  if (key.state === 'disabled') {
    const since = timeOf(key.disabled_since);
    const probe = timeOf(key.last_probe);
    const why = key.diagnosis ? `: ${key.diagnosis.title} (${key.diagnosis.category})` : '';
    return `disabled${since === null ? '' : ` ${ago(since, now)}`}${why}${probe === null ? ', not probed again yet' : `, last probe ${ago(probe, now)}`}`;
  }
  return key.state;
}

function breakerLines(breakers: readonly BreakerStatus[], now: number, paint: Palette): string[] {
  const closed = breakers.filter((breaker) => breaker.state === 'closed').length;
  const others = breakers.filter((breaker) => breaker.state !== 'closed');
  const lines = [`${paint.bold('Breakers')}  ${breakers.length === 0 ? 'none yet (made on a target\'s first request)' : `${closed} closed`}`];
  const width = Math.max(0, ...others.map((breaker) => breaker.target.length));
  for (const breaker of others) {
    const until = timeOf(breaker.open_until);
    if (breaker.state === 'open') {
      lines.push(`  ${breaker.target.padEnd(width)}  ${paint.red(`open: nothing sent${until !== null && until > now ? `, a trial request in ${duration(until - now)}` : ''}`)}`);
    } else {
      lines.push(`  ${breaker.target.padEnd(width)}  ${paint.yellow('half-open: one trial request decides')}`);
    }
  }
  return lines;
}

function summaryLine(status: GatewayStatus): string {
  const keys = status.upstreams.flatMap((upstream) => upstream.keys);
  const count = (state: KeyStatus['state']) => keys.filter((key) => key.state === state).length;
  const open = status.breakers.filter((breaker) => breaker.state === 'open').length;
  return `${plural(keys.length, 'key')}: ${count('healthy')} healthy, ${count('cooling')} cooling, ${count('disabled')} disabled; ${plural(open, 'breaker')} open`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function timeOf(iso: string | null): number | null {
  if (iso === null) return null;
  const time = Date.parse(iso);
  return Number.isFinite(time) ? time : null;
}

function ago(time: number, now: number): string {
  return now - time < 1000 ? 'just now' : `${duration(now - time)} ago`;
}

/** 12 s, 3 min, 5 h, 2 d: whole units, rounded up for waits so "0 s more" never shows. */
function duration(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} d`;
}
