import { describeLengths, longestLength, shortestLength, type KeyFormat } from './key-format.js';
import type { KeyProblemCode } from './inspect-key.js';
import { keySource, type ExpectedProvider, type Explanation, type ProblemContext } from './key-problem-context.js';

/** Messages for problems of the key's format: unknown, damaged, or not meant for this provider or for model calls. */

export type FormatProblemCode = Extract<
  KeyProblemCode,
  'invalid_characters' | 'wrong_length' | 'unknown_format' | 'wrong_provider' | 'cannot_call_models' | 'short_lived_token'
>;

export function explainFormatProblem(code: FormatProblemCode, details: string[], ctx: ProblemContext): Explanation {
  if (code === 'unknown_format') return unknownFormat(ctx.expected, ctx.formats);
  // Every other format problem is found on a recognized format.
  const format = ctx.format!;
  switch (code) {
    case 'invalid_characters':
      return {
        message: `The key contains characters (${details[0] ?? '?'}) that never occur in ${withArticle(format.label)}.`,
        fix: `Copy the key again from ${keySource(ctx)}; check that nothing was pasted with it, such as punctuation or a comment.`,
      };
    case 'wrong_length':
      return wrongLength(format, ctx.length, keySource(ctx));
    case 'wrong_provider':
      return wrongProvider(format, ctx.expected);
    case 'cannot_call_models':
      return {
        message: `${format.label}: ${format.note ?? 'this kind of key cannot call models.'}`,
        fix: format.remedy ?? `Use an API key of ${format.providerName} for model calls.`,
      };
    case 'short_lived_token':
      return {
        message: `${format.label}: ${format.note ?? 'a short-lived OAuth access token, not an API key.'}`,
        fix: format.remedy ?? `Send it as \`${format.sendAs}\` and refresh it before it expires, or use an API key.`,
      };
  }
}

function wrongLength(format: KeyFormat, length: number, source: string): Explanation {
  const verdict =
    length < shortestLength(format)
      ? 'it was probably cut off when copied'
      : length > longestLength(format)
        ? 'something extra was pasted with it'
        : 'part of it is probably missing or extra';
  return {
    message: `This ${format.label} has ${length} characters, but keys of this type have ${describeLengths(format)}: ${verdict}.`,
    fix: `Copy the whole key again from ${source}, with the copy button; if the console no longer shows it, create a new key and revoke the old one.`,
  };
}

function unknownFormat(expected: ExpectedProvider | undefined, formats: readonly KeyFormat[]): Explanation {
  if (expected !== undefined && expected.formats.length > 0) {
    const shapes = expected.formats.slice(0, 4).map(shape).join('; ');
    return {
      message: `This does not look like ${withArticle(expected.name)} key. ${expected.name} keys look like: ${shapes}.`,
      fix: `Copy the key again${expected.obtainFrom ? ` from ${expected.obtainFrom}` : ''}, and check that it is the ${expected.name} key and not another secret, an id, or a key of another service.`,
    };
  }
  const known = [...new Set(formats.filter((f) => f.kind !== 'non_llm').map((f) => f.providerName))];
  return {
    message: `This does not match any key format llmdoctor knows (${known.slice(0, 8).join(', ')}${known.length > 8 ? ', …' : ''}).`,
    fix: "Check that the whole key was copied from the provider's console. A key of a provider or relay llmdoctor does not know may still be valid.",
  };
}

function wrongProvider(format: KeyFormat, expected: ExpectedProvider | undefined): Explanation {
  const target = expected?.name ?? 'this provider';
  const own = expected?.obtainFrom ? ` (${expected.obtainFrom})` : '';
  const message = `This key is ${withArticle(format.label)} (issued by ${format.providerName}), but it is being used for ${target}, which does not accept it.`;
  if (format.kind === 'non_llm') {
    return {
      message,
      fix: `Use ${withArticle(target)} API key${own}. This ${format.providerName} token was never meant for an LLM provider: if it was sent to ${target} or pasted into a shared config, revoke it and create a new one.`,
    };
  }
  if (format.kind === 'relay') {
    const where = format.baseUrl ? `point the client at ${format.baseUrl} (the baseURL / base_url setting)` : "point the client at the relay's own base URL";
    return {
      message,
      fix: `A relay key works only at the relay: to use it, ${where}. To call ${target} directly, use ${withArticle(target)} key${own}.`,
    };
  }
  const home = format.envVars?.[0] ? ` (it belongs in ${format.envVars[0]})` : '';
  return {
    message,
    fix: `Use ${withArticle(target)} key${own}, or, if you meant to call ${format.providerName}, send the request to ${format.providerName}${home}.`,
  };
}

/** `sk-ant-api03-… (108 characters)`, or the label of a format without a prefix. */
function shape(format: KeyFormat): string {
  return format.prefix ? `${format.prefix}… (${describeLengths(format)})` : format.label;
}

function withArticle(words: string): string {
  return `${/^[AEIOU]/i.test(words) ? 'an' : 'a'} ${words}`;
}
