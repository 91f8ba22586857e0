import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, visit, type YAMLError } from 'yaml';
import { redactSecrets } from '../../core/redact.js';
import type { Environment } from './gateway-environment.js';
import { protectReferences, restoreReferences } from './protect-references.js';
import type { ConfigSource } from './setting.js';
import { GatewayConfigError } from './types.js';

/** Reads and parses the YAML config file; syntax errors carry the parser's line. */
export function openConfigFile(file: string, env: Environment): ConfigSource {
  const text = readConfigText(file);
  const lines = new LineCounter();
  // Plain errors: the "pretty" ones quote the offending line, which may hold a key.
  const protectedText = protectReferences(text);
  const document = parseDocument(protectedText, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number): number => lines.linePos(offset).line;
  const [error] = document.errors;
  if (error !== undefined) throw new GatewayConfigError(syntaxMessage(error), file, lineAt(error.pos[0]));
  visit(document, {
    Scalar(_, scalar) {
      if (protectedText !== text && typeof scalar.value === 'string') scalar.value = restoreReferences(scalar.value);
    },
    Alias(_, alias) {
      if (alias.resolve(document) === undefined) {
        throw new GatewayConfigError(`*${alias.source} refers to no anchor: define &${alias.source} above it, or remove the alias`, file, lineAt(alias.range?.[0] ?? 0));
      }
    },
  });
  const warnings = document.warnings.map((warning) => `${file}:${lineAt(warning.pos[0])}: ${redactSecrets(warning.message)}`);
  return { file, document, lines, env, warnings };
}

function readConfigText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new GatewayConfigError(`no such config file: ${file} (create it, or run without --config to use keys from the environment)`);
    }
    if (code === 'EISDIR') throw new GatewayConfigError(`${file} is a directory: pass the YAML config file itself to --config`);
    if (code === 'EACCES') throw new GatewayConfigError(`cannot read ${file}: permission denied (make it readable by the user running the gateway)`);
    throw new GatewayConfigError(`cannot read ${file} (${code ?? String(error)})`);
  }
}

function syntaxMessage(error: YAMLError): string {
  if (error.code === 'MULTIPLE_DOCS') return 'YAML syntax: the file holds several documents (separated by ---): keep one';
  if (error.code === 'DUPLICATE_KEY') return 'YAML syntax: a name appears twice in the same mapping: keep one of them';
  return `YAML syntax: ${redactSecrets(error.message)}: fix the file at this line`;
}
