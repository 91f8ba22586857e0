import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import { redactSecrets } from '../../core/redact.js';
import { closestName } from './closest-name.js';
import { shorten } from './shorten.js';
import { GatewayConfigError } from './types.js';

/** Everything the readers of one config file share. */
export interface ConfigSource {
  /** Absolute path of the file. */
  file: string;
  document: Document;
  lines: LineCounter;
  /** The process environment plus `.env`, for `${NAME}`. */
  env: Readonly<Record<string, string | undefined>>;
  /** Things that work but deserve a look; returned next to the config. */
  warnings: string[];
}

/** One value of the file, where it is (`upstreams[0].keys[1]`) and on which line. */
export interface Setting {
  source: ConfigSource;
  path: string;
  /** The YAML node with aliases resolved; null for an empty value (`proxy:`). */
  node: Node | null;
  line: number | null;
}

/** The error for a setting. Messages pass through `redactSecrets` as a last guard; readers never put keys in them. */
export function configError(setting: Setting, message: string): GatewayConfigError {
  return new GatewayConfigError(redactSecrets(message), setting.source.file, setting.line);
}

export function rootSetting(source: ConfigSource): Setting {
  const node = resolve(source, source.document.contents as Node | null);
  return { source, path: '', node, line: lineOf(source, node) ?? 1 };
}

/** A setting with a value, or undefined when it is absent or empty. */
export function given(setting: Setting | undefined): Setting | undefined {
  if (setting === undefined || setting.node === null) return undefined;
  return isScalar(setting.node) && setting.node.value === null ? undefined : setting;
}

/** A setting that must be there; `missing` says what to write. */
export function required(setting: Setting | undefined, parent: Setting, missing: string): Setting {
  const present = given(setting);
  if (present === undefined) throw configError(setting ?? parent, missing);
  return present;
}

/** A nested block's fields; an absent or empty block sets nothing. */
export function section<K extends string>(setting: Setting | undefined, known: readonly K[]): Partial<Record<K, Setting>> {
  const present = given(setting);
  return present === undefined ? {} : fieldsOf(present, known);
}

/** The setting read with `read`, or `fallback` when it is absent or empty. */
export function optional<T>(setting: Setting | undefined, read: (setting: Setting) => T, fallback: T): T {
  const present = given(setting);
  return present === undefined ? fallback : read(present);
}

/** Every entry of a mapping, in file order, whatever its name. */
export function entriesOf(setting: Setting): Array<{ name: string; nameLine: number | null; setting: Setting }> {
  const node = setting.node;
  if (!isMap(node)) throw configError(setting, `${label(setting)} must be a mapping (name: value lines), not ${kindOf(node)}`);
  return node.items.map((pair) => {
    const keyNode = pair.key as Node | null;
    const name = isScalar(keyNode) ? String(keyNode.value) : '';
    const path = setting.path === '' ? name : `${setting.path}.${name}`;
    const keyLine = lineOf(setting.source, keyNode) ?? setting.line;
    const written = pair.value as Node | null;
    const node = resolve(setting.source, written);
    // An empty value (`proxy:`) has no node of its own: it is on its name's line. An alias is reported where it is used.
    const line = written === null ? keyLine : (lineOf(setting.source, written) ?? keyLine);
    return { name, nameLine: keyLine, setting: { source: setting.source, path, node, line } };
  });
}

/**
 * The entries of a mapping, keyed by the names in `known`. Any other name is an error that suggests
 * the closest known one, since a mistyped setting silently ignored is a default the user did not choose.
 */
export function fieldsOf<K extends string>(setting: Setting, known: readonly K[]): Partial<Record<K, Setting>> {
  const fields: Partial<Record<K, Setting>> = {};
  for (const entry of entriesOf(setting)) {
    if (!(known as readonly string[]).includes(entry.name)) {
      const at: Setting = { ...entry.setting, line: entry.nameLine };
      throw configError(at, unknownNameMessage(entry.name, setting, known));
    }
    fields[entry.name as K] = entry.setting;
  }
  return fields;
}

/** The items of a list; `what` names one item for the message (`upstreams`: "a list of upstreams"). */
export function itemsOf(setting: Setting, what: string): Setting[] {
  const node = setting.node;
  if (!isSeq(node)) throw configError(setting, `${label(setting)} must be a list of ${what} (lines starting with "- "), not ${kindOf(node)}`);
  return node.items.map((item, index) => {
    const written = item as Node | null;
    const line = lineOf(setting.source, written) ?? setting.line;
    return { source: setting.source, path: `${setting.path}[${index}]`, node: resolve(setting.source, written), line };
  });
}

/** What a node is, in words for messages (never its value: it may be a secret). */
export function kindOf(node: Node | null): string {
  if (node === null) return 'empty';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const value = node.value;
    if (value === null) return 'empty';
    if (typeof value === 'string') return 'text';
    if (typeof value === 'number' || typeof value === 'bigint') return `the number ${String(value)}`;
    if (typeof value === 'boolean') return String(value);
  }
  return 'an unsupported value';
}

/** `policies.timeouts`, or "the config file" for the top level. */
export function label(setting: Setting): string {
  return setting.path === '' ? 'the config file' : setting.path;
}

function unknownNameMessage(name: string, parent: Setting, known: readonly string[]): string {
  // The name is echoed cut short: it may be a key pasted where a setting belongs.
  const shown = shorten(name);
  const path = parent.path === '' ? shown : `${parent.path}.${shown}`;
  const suggestion = closestName(name, known);
  if (suggestion !== null) return `${path} is not a setting; did you mean ${suggestion}?`;
  const where = parent.path === '' ? 'at the top level' : `in ${parent.path}`;
  return `${path} is not a setting; the settings ${where} are ${known.join(', ')}`;
}

function resolve(source: ConfigSource, node: Node | null): Node | null {
  let current: unknown = node;
  // An alias may point at another alias; the parser has already refused cycles.
  while (isAlias(current)) current = current.resolve(source.document);
  return (current ?? null) as Node | null;
}

function lineOf(source: ConfigSource, node: Node | null): number | null {
  const start = node?.range?.[0];
  return start === undefined ? null : source.lines.linePos(start).line;
}
