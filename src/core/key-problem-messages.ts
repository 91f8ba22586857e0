import type { Finding } from './key-findings.js';
import { explainFormatProblem } from './key-format-messages.js';
import { keySource, type Explanation, type ProblemContext } from './key-problem-context.js';

/**
 * Problem messages: what is wrong with the text and the remedy, in plain words. This file covers the
 * damage around a key and text that is not a key; the format problems are in key-format-messages.ts.
 * Details are never parts of the key.
 */

export function explainProblem(finding: Finding, ctx: ProblemContext): Explanation {
  const { details } = finding;
  const { format } = ctx;
  const source = keySource(ctx);
  switch (finding.code) {
    case 'empty':
      return {
        message: 'The key is empty: nothing is left once whitespace and quotes are removed.',
        fix: 'Set the variable to the key itself, in the environment of the process that makes the call (a service or container does not see what you exported in your shell; restart it after changing .env).',
      };
    case 'bom':
      return {
        message: 'The key starts with an invisible byte-order mark (U+FEFF), added by editors that save files as "UTF-8 with BOM".',
        fix: 'Save the file as UTF-8 without BOM, or strip "\\uFEFF" and call .trim() where the key is read.',
      };
    case 'zero_width':
      return {
        message: `The key contains invisible characters (${details.join(', ')}), picked up when copying from a web page, chat or document. They break the header or make the key wrong.`,
        fix: "Copy the key again with the console's copy button, or paste it through a plain-text editor first.",
      };
    case 'leading_whitespace':
      return {
        message: 'The key starts with whitespace.',
        fix: 'Remove the space before the key, or call .trim() where the key is read.',
      };
    case 'trailing_whitespace':
      return {
        message: 'The key ends with whitespace.',
        fix: 'Remove the trailing space, or call .trim() where the key is read.',
      };
    case 'trailing_newline':
      return {
        message: 'The key ends with a newline. A header cannot contain it: Node fails with "Invalid character in header content", Python clients with "Illegal header value" or a bare "Connection error".',
        fix: 'Strip the trailing newline: write the file with `echo -n` or `printf %s`, or call .trim() where the key is read (files read with readFileSync or open().read() keep it).',
      };
    case 'carriage_return':
      return {
        message: 'The key contains a carriage return (\\r): the file it was read from has Windows (CRLF) line endings.',
        fix: 'Convert the file to LF line endings (`dos2unix .env`, or the line-ending setting of your editor), or call .trim() where the key is read.',
      };
    case 'tab':
      return {
        message: 'The key contains a tab character, usually from copying it out of a table or spreadsheet.',
        fix: "Remove the tab, or copy the key again with the console's copy button.",
      };
    case 'embedded_whitespace':
      return {
        message: 'The key contains whitespace inside it: it was wrapped or split across lines when copied.',
        fix: "Join it back into one line with no spaces; copy it with the console's copy button rather than selecting text.",
      };
    case 'header_prefix':
      return {
        message: `The value includes ${details.map((d) => `\`${d}\``).join(' and ')} in front of the key. The client adds the header and the scheme itself, so they end up twice in the request (\`Bearer Bearer …\`).`,
        fix: `Store only the key itself.${format ? ` The client sends it as \`${format.sendAs}\`.` : ''}`,
      };
    case 'assignment':
      return {
        message: 'The value is a whole assignment (`NAME=value` or `name: value`), not just the key.',
        fix: 'Give only the part after `=` or `:`. NAME=value lines belong in .env files and shells; a dashboard field, an apiKey option or a secret store takes the bare key.',
      };
    case 'surrounding_quotes':
      return details.includes('typographic')
        ? {
            message: 'The key is wrapped in typographic quotes (‘ ’ or “ ”), which a word processor or chat app put in place of plain quotes. They are not ASCII, so clients fail before sending (UnicodeEncodeError, "Invalid character in header content") or send a wrong key.',
            fix: 'Remove them; write the value with plain quotes or none, in a plain-text editor.',
          }
        : {
            message: 'The key is wrapped in quotes, and the quotes became part of the value.',
            fix: 'Remove the quotes from the value. In .env files, KEY=value needs none (docker-compose `env_file` and some loaders keep them); in YAML or JSON the quotes are syntax, not part of the key.',
          };
    case 'non_ascii':
      return {
        message: `The key contains characters that are not printable ASCII (${details.slice(0, 5).join(', ')}). API keys are plain ASCII and HTTP headers cannot carry these, so clients fail with "Invalid character in header content" or UnicodeEncodeError.`,
        fix: 'Copy the key again from the console; do not pass it through a word processor or chat app, which turns - into – and quotes into ‘ ’.',
      };
    case 'unexpanded_variable':
      return {
        message: `The value is a variable reference${details[0] ? ` to ${details[0]}` : ''} that was never expanded, so that literal text is sent as the key.`,
        fix: 'Expand it where it is set: in a shell use double quotes ("$NAME"), not single; docker-compose `env_file` and many .env loaders do not expand ${…}; in code, read the variable (process.env.NAME) instead of writing its name in a string.',
      };
    case 'stringified_empty':
      return {
        message: `The value is the text \`${details[0] ?? 'None'}\`: the variable holding the key was empty when it was turned into a string, so the provider receives that word as the key.`,
        fix: 'Make sure the variable is set in the environment of the running process (restart it after editing .env; pass it to containers with -e or env_file), and fail at startup when the key is missing instead of sending it.',
      };
    case 'url': {
      const host = details.find((d) => d !== 'carries-key');
      return {
        message: `The value is a URL${host ? ` (host ${host})` : ''}, not a key: the base URL and the API key were probably swapped.`,
        fix:
          'Put the URL in the base URL setting (baseURL, base_url) and the key in apiKey.' +
          (details.includes('carries-key')
            ? ' The URL carries a key in its query string: if it was shared or logged, regenerate that key and revoke the old one, and send keys in a header rather than the URL.'
            : ''),
      };
    }
    case 'placeholder':
      return {
        message: 'The value is placeholder text from an example or template (like YOUR_API_KEY, sk-xxx, <your key>, sk-...), not a real key.',
        fix: `Create a key at ${source} and put it in place of the placeholder.`,
      };
    case 'masked':
      return {
        message: 'The value is a masked key (like sk-…a1B2 or sk-****MxYA), as shown by a dashboard, a log or an error message, not the key itself.',
        fix: `A masked key cannot be turned back into the key: use the full key saved when it was created, or create a new one at ${source}.`,
      };
    case 'env_var_name':
      return {
        message: `The value is \`${details[0] ?? 'NAME'}\`, the name of an environment variable, not its value.`,
        fix: `Read the variable instead of writing its name (process.env.${details[0] ?? 'NAME'}, not the string), or set it in the shell with \`export ${details[0] ?? 'NAME'}=<the key>\`.`,
      };
    default:
      return explainFormatProblem(finding.code, details, ctx);
  }
}
