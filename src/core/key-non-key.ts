import type { KeyFormat } from './key-format.js';
import type { Findings } from './key-findings.js';

/**
 * Text that is not a key at all: an unexpanded variable, a stringified empty value, a URL, a placeholder,
 * a masked key, the name of an environment variable.
 */

const VARIABLE_REFERENCE =
  /^(?:\$\{[^}]*\}?|\$[A-Za-z_]\w*|\{\{[^}]*\}\}|%[A-Za-z_]\w*%|\$env:\w+|(?:process\.env|import\.meta\.env|os\.environ|os\.getenv)\b.*)$|\$\{/;
const STRINGIFIED_NOTHING = /^(?:none|null|undefined|nil|nan|false|true|\[object object\])$/i;
const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\//i;
const KEY_PARAMETERS = ['key', 'api_key', 'apikey', 'api-key', 'access_token', 'token'];
const BRACKETED_OR_MASK_ONLY = /^<[^<>]*>$|^\[[^[\]]*\]$|^\{[^{}]*\}$|^[*•x.…]+$/i;

/**
 * Shape checks that do not depend on recognition. Returns the text to recognize: the text itself, or the
 * key a pasted URL carries in its query string; undefined when the text is not a key.
 */
export function textToRecognize(text: string, found: Findings): string | undefined {
  if (VARIABLE_REFERENCE.test(text)) {
    found.add('unexpanded_variable', variableName(text));
    return undefined;
  }
  if (STRINGIFIED_NOTHING.test(text)) {
    found.add('stringified_empty', text);
    return undefined;
  }
  if (URL_LIKE.test(text)) {
    const url = parseUrl(text);
    const carried = KEY_PARAMETERS.map((name) => url?.searchParams.get(name)).find((value) => value);
    found.add('url', url?.hostname || undefined);
    if (carried) found.add('url', 'carries-key');
    return carried || undefined;
  }
  if (BRACKETED_OR_MASK_ONLY.test(text)) {
    found.add('placeholder');
    return undefined;
  }
  return text;
}

/** The referenced name, shown only when it looks like a variable name (never a fragment of a key). */
function variableName(reference: string): string | undefined {
  const name = /[A-Za-z_][A-Za-z0-9_]*(?=\s*(?:[:}%]|$))/.exec(reference.replace(/^\$env:/, ''))?.[0];
  return name !== undefined && name.length <= 64 && /^(?:[A-Z][A-Z0-9_]*|[a-z][a-z0-9_]*)$/.test(name) ? name : undefined;
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/** Words of example values. Only whole segments count, so a random key cannot match by chance. */
const PLACEHOLDER_WORDS = new Set([
  'your', 'yours', 'yourkey', 'change', 'changeme', 'replace', 'replaceme', 'placeholder', 'dummy', 'example',
  'sample', 'fake', 'test', 'todo', 'fixme', 'redacted', 'insert', 'paste', 'here', 'enter', 'secret',
]);
const GENERIC_VALUES = /^(?:sk-?|key|api[-_]?key|token|secret|password|string|demo|abc|abc123|0|123|1234|12345|123456|1234567890)$/i;
const MASK_RUN = /\*{3,}|…|•{2,}|\.{3,}/;
const ENV_VAR_NAME = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;

/** Placeholders, masked echoes and variable names; checked only when the text is not a well-formed key. */
export function detectPlaceholder(text: string, formats: readonly KeyFormat[], found: Findings): boolean {
  const segments = text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  if (GENERIC_VALUES.test(text) || segments.some((s) => PLACEHOLDER_WORDS.has(s) || /^x{3,}$/.test(s)) || /x{8,}/i.test(text)) {
    found.add('placeholder');
    return true;
  }
  const mask = MASK_RUN.exec(text);
  if (mask) {
    // Characters after the mask are the end of a real key: `sk-…a1B2` is a masked key, `sk-...` a placeholder.
    const tail = text.slice(mask.index + mask[0].length);
    found.add(/[A-Za-z0-9]/.test(tail) ? 'masked' : 'placeholder');
    return true;
  }
  const knownName = formats.some((f) => f.envVars?.some((name) => name.toLowerCase() === text.toLowerCase()));
  if (knownName || (ENV_VAR_NAME.test(text) && /KEY|TOKEN|SECRET/.test(text))) {
    found.add('env_var_name', text);
    return true;
  }
  return false;
}
