import type { Random } from '../core/seeded-random.js';
import { randomWord } from './words.js';

/**
 * Arguments for a function call, made from its parameters' JSON schema the way a model fills
 * them: every property of an object gets a value of its type. Strings are a few generated words,
 * `enum` gives its first value, `const` its value, numbers and integers a small integer, booleans
 * true, arrays one item, objects recurse. Accepts OpenAPI-style upper-case types (Gemini's
 * `parameters`: `"type": "OBJECT"`), type lists (`["string", "null"]`), `anyOf`/`oneOf`/`allOf`
 * (the first member) and local `$ref`s (`#/$defs/…`). A missing schema gives `{}`.
 */

type Schema = Record<string, unknown>;

/** Deep enough for any real tool; stops self-referencing schemas. */
const MAX_DEPTH = 8;
const STRING_WORDS = { min: 4, max: 12 };

export function argumentsForSchema(schema: unknown, random: Random): Record<string, unknown> {
  if (!isSchema(schema)) return {};
  const value = valueFor(schema, random, schema, 0);
  return isSchema(value) ? value : {};
}

function valueFor(schema: unknown, random: Random, root: Schema, depth: number): unknown {
  if (!isSchema(schema)) return words(random);
  if (typeof schema.$ref === 'string') return depth < MAX_DEPTH ? valueFor(resolveRef(schema.$ref, root), random, root, depth + 1) : null;
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const member = firstMember(schema);
  if (member) return valueFor(member, random, root, depth + 1);

  switch (typeOf(schema)) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const properties = isSchema(schema.properties) ? schema.properties : {};
      if (depth >= MAX_DEPTH) return out;
      for (const [name, property] of Object.entries(properties)) out[name] = valueFor(property, random, root, depth + 1);
      return out;
    }
    case 'array': {
      const items = Array.isArray(schema.prefixItems) ? schema.prefixItems[0] : Array.isArray(schema.items) ? schema.items[0] : schema.items;
      return depth >= MAX_DEPTH ? [] : [valueFor(items, random, root, depth + 1)];
    }
    case 'integer':
    case 'number':
      return 1 + Math.floor(random() * 99);
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return words(random);
  }
}

/** The schema's type in lower case; inferred from `properties`/`items` when it names none. */
function typeOf(schema: Schema): string {
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null' && t !== 'NULL') : schema.type;
  if (typeof type === 'string') return type.toLowerCase();
  if (schema.properties !== undefined) return 'object';
  if (schema.items !== undefined || schema.prefixItems !== undefined) return 'array';
  return 'string';
}

/** The first alternative of a union that is not just `null` (zod's `.nullable()` is `anyOf: [X, {type: null}]`). */
function firstMember(schema: Schema): unknown {
  for (const key of ['anyOf', 'oneOf', 'allOf']) {
    const members = schema[key];
    if (!Array.isArray(members) || members.length === 0) continue;
    return members.find((m) => !(isSchema(m) && (m.type === 'null' || m.type === 'NULL'))) ?? members[0];
  }
  return undefined;
}

/** A local JSON pointer (`#/$defs/Address`, `#/definitions/Address`, `#` itself); anything else resolves to nothing. */
function resolveRef(ref: string, root: Schema): unknown {
  if (!ref.startsWith('#')) return undefined;
  let node: unknown = root;
  for (const part of ref.slice(1).split('/').filter((p) => p !== '')) {
    if (!isSchema(node)) return undefined;
    node = node[decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}

function words(random: Random): string {
  const count = STRING_WORDS.min + Math.floor(random() * (STRING_WORDS.max - STRING_WORDS.min + 1));
  return Array.from({ length: count }, () => randomWord(random)).join(' ');
}

function isSchema(value: unknown): value is Schema {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
