import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDotenv, toMap } from '../../core/dotenv.js';

/**
 * Where variables come from: a process environment or a `.env`-style file. A source is one layer; the
 * layers of one view are ordered highest precedence first (see `resolve.ts`).
 */

export interface VarValue {
  value: string;
  /** Line in the file; null for an environment. */
  line: number | null;
}

export interface VarSource {
  kind: 'environment' | 'env-file' | 'dotenv';
  /** `environment`, `.env.local`, `--env-file /srv/app/prod.env`, `process 1234 environment`. */
  label: string;
  path: string | null;
  /** Last modification of the file, ms since the epoch; null for an environment. */
  modifiedMs: number | null;
  vars: ReadonlyMap<string, VarValue>;
}

/** A place that was looked at, found or not: every key_missing finding lists them. */
export interface LookedAt {
  place: string;
  found: boolean;
  /** Why it could not be read (permission denied, not a file), when it exists. */
  error?: string;
}

export function environmentSource(env: Readonly<Record<string, string | undefined>>, label: string): VarSource {
  const vars = new Map<string, VarValue>();
  for (const [name, value] of Object.entries(env)) if (value !== undefined) vars.set(name, { value, line: null });
  return { kind: 'environment', label, path: null, modifiedMs: null, vars };
}

/** Reads one dotenv-format file; null (and a LookedAt saying why) when it is absent or unreadable. */
export async function readVarFile(
  path: string,
  kind: 'env-file' | 'dotenv',
  label: string,
): Promise<{ source: VarSource | null; looked: LookedAt }> {
  try {
    const [text, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    const vars = new Map([...toMap(parseDotenv(text))].map(([name, entry]) => [name, { value: entry.value, line: entry.line }]));
    return { source: { kind, label, path, modifiedMs: info.mtimeMs, vars }, looked: { place: path, found: true } };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { source: null, looked: { place: path, found: false } };
    return { source: null, looked: { place: path, found: false, error: code ?? String(error) } };
  }
}

/**
 * The `.env` family of a directory, highest precedence first. The order is Next.js's (also Create React
 * App's and Vite's): `.env.$NODE_ENV.local`, `.env.local` (skipped when NODE_ENV is `test`),
 * `.env.$NODE_ENV`, `.env`. dotenv-flow differs in one place: it ranks `.env.$NODE_ENV` above
 * `.env.local`. Plain `dotenv` reads `.env` alone.
 */
export function dotenvFamily(nodeEnv: string | undefined): string[] {
  const mode = nodeEnv?.trim() || undefined;
  if (mode === undefined) return ['.env.local', '.env'];
  return [`.env.${mode}.local`, ...(mode === 'test' ? [] : ['.env.local']), `.env.${mode}`, '.env'];
}

export async function readDotenvFamily(
  dir: string,
  nodeEnv: string | undefined,
  labelPrefix = '',
): Promise<{ sources: VarSource[]; looked: LookedAt[] }> {
  const reads = await Promise.all(
    dotenvFamily(nodeEnv).map((name) => readVarFile(join(dir, name), 'dotenv', labelPrefix + name)),
  );
  return {
    sources: reads.flatMap((read) => (read.source ? [read.source] : [])),
    looked: reads.map((read) => read.looked),
  };
}

/** `.env line 3`, `environment OPENAI_API_KEY`: where one variable of a source was set. */
export function placeOf(source: VarSource, name: string): string {
  const line = source.vars.get(name)?.line;
  if (source.kind === 'environment') return `${source.label} ${name}`;
  return line != null ? `${source.label} line ${line}` : source.label;
}
