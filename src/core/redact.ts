import { createHash } from 'node:crypto';

/**
 * The one place secrets are turned into something printable. CLI output, logs and diagnosis evidence
 * all pass through `redactSecrets`, so it runs one precompiled regex over the text and nothing more.
 *
 * The prefix table is the shape of well-known secrets (as in any secret scanner), not provider logic:
 * it only decides what to hide, never what a key means.
 */

const MASK = '…';

/** Constant prefixes that identify a secret's type and reveal nothing about its value (longest first). */
const KNOWN_PREFIXES: readonly string[] = [
  'sk-ant-admin01-', 'sk-ant-api03-', 'sk-ant-oat01-', 'sk-ant-ort01-', 'sk-svcacct-', 'github_pat_',
  'sk-or-v1-', 'sk-admin-', 'sk-proj-', 'sk-None-', 'sk-ant-', 'nvapi-', 'pplx-', 'ya29.', 'gsk_',
  'xai-', 'ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'AIza', 'AKIA', 'hf_', 'AQ.', 'sk-',
  // llmdoctor's own client keys (the gateway's virtual keys)
  'llmd_',
].sort((a, b) => b.length - a.length);

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const PREFIXES_WITH_DOTS = KNOWN_PREFIXES.filter((p) => p.endsWith('.'));
const PREFIXES_WITHOUT_DOTS = KNOWN_PREFIXES.filter((p) => !p.endsWith('.'));

/** Characters that end a token on either side; mask characters count, so masked echoes stay whole. */
const NOT_AFTER = '(?<![A-Za-z0-9_\\-.*…•])';
const NOT_BEFORE = '(?![A-Za-z0-9_\\-*…•]|\\.\\.)';

/**
 * Headers, parameters and settings whose value is a credential whatever its shape. Keys without a prefix
 * (Azure's 32 hex characters) are found only this way, so a name may end in `key` after an underscore
 * (`AZURE_OPENAI_API_KEY=`) and take `:` as well as `=` (`"apiKey": "…"`, `api_key: …`).
 */
const INTRODUCER =
  '\\b(?:bearer|basic)\\s+' +
  '|\\b(?:x-goog-api-key|x-api-key|api-key)["\']?\\s*[:=]\\s*["\']?' +
  '|(?<![A-Za-z0-9])(?:api_key|apikey|key)["\']?\\s*[:=]\\s*["\']?';

const SECRET_PATTERN = new RegExp(
  [
    `(?<intro>${INTRODUCER})(?<token>[A-Za-z0-9_\\-.~+/]{16,}={0,2})(?![A-Za-z0-9_\\-.~+/=*…•])`,
    `${NOT_AFTER}(?:${PREFIXES_WITH_DOTS.map(escape).join('|')})[A-Za-z0-9_\\-.]{16,}${NOT_BEFORE}`,
    `${NOT_AFTER}(?:${PREFIXES_WITHOUT_DOTS.map(escape).join('|')})[A-Za-z0-9_\\-]{16,}${NOT_BEFORE}`,
  ].join('|'),
  'gi',
);

/** Short SHA-256 of the secret: two machines can compare keys without showing them. */
export function fingerprint(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex').slice(0, 6);
}

/**
 * `sk-proj-…a1B2`: the type prefix plus the last 4 characters. The visible part never exceeds what a
 * provider dashboard shows, and short secrets show at most their last 2 characters.
 */
export function maskSecret(secret: string): string {
  if (secret.length === 0) return '';
  if (secret.length < 12) return MASK + lastChars(secret, Math.min(2, Math.floor(secret.length / 4)));
  const prefix = visiblePrefix(secret);
  const hidden = secret.length - prefix.length;
  const tail = hidden >= 12 ? 4 : hidden >= 6 ? 2 : 0;
  return prefix + MASK + lastChars(secret, tail);
}

/** `sk-proj-…a1B2 (fp 3f9c1e)`. */
export function describeSecret(secret: string): string {
  return secret.length === 0 ? '(empty)' : `${maskSecret(secret)} (fp ${fingerprint(secret)})`;
}

/**
 * Replaces every key-shaped substring with its masked form. Already-masked echoes from providers
 * (`sk-proj-****...MxYA`, `AIzaSyCh***s3hY`) and our own masks are left as they are, so the function
 * is idempotent.
 */
export function redactSecrets(text: string): string {
  if (text.length < 16) return text;
  return text.replace(SECRET_PATTERN, (match: string, ...args: unknown[]) => {
    const groups = args[args.length - 1] as { intro?: string; token?: string };
    if (groups.intro !== undefined && groups.token !== undefined) return groups.intro + maskToken(groups.token);
    return maskToken(match);
  });
}

function maskToken(token: string): string {
  // A sentence may end right after a key; keep its full stop outside the mask.
  const trailingDots = /\.+$/.exec(token)?.[0] ?? '';
  const secret = token.slice(0, token.length - trailingDots.length);
  return looksRandom(secret) ? maskSecret(secret) + trailingDots : token;
}

/** Keys are random: words like `sk-learn-pipeline` or `YOUR_API_KEY_HERE` are not. */
function looksRandom(token: string): boolean {
  const body = token.slice(visiblePrefix(token).length);
  if (body.length < 16 || /\.\./.test(body)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((re) => re.test(body)).length;
  return classes >= 2;
}

function visiblePrefix(secret: string): string {
  const known = KNOWN_PREFIXES.find((p) => secret.startsWith(p));
  if (known !== undefined) return known;
  // An unknown prefix such as `proj_live_` is shown only when it is a small part of the secret.
  const head = secret.slice(0, 12);
  const cut = Math.max(head.lastIndexOf('-'), head.lastIndexOf('_'), head.lastIndexOf('.'));
  if (cut <= 0) return '';
  const prefix = secret.slice(0, cut + 1);
  return prefix.length * 4 <= secret.length ? prefix : '';
}

function lastChars(text: string, count: number): string {
  return count > 0 ? text.slice(-count) : '';
}
