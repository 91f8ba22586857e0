import { findJsonFault } from '../simulated-json-fault.js';

/**
 * The API's answer to a body that is not JSON names the parser's reason and where it stopped,
 * Python-style: "The request body is not valid JSON: unexpected character: line 8 column 316
 * (char 466)" (promptfoo/promptfoo#4489), "…: no low surrogate in string: line 1 column 134323
 * (char 134322)" (anthropics/claude-code#6464). V8's messages do not always give a position, so the
 * first bad offset comes from ../simulated-json-fault.ts. The reasons
 * "unexpected end of data" and "Input is a zero-length, empty document" are the same parser's
 * (orjson/yyjson) wording for the other two cases: reconstructed, no paste of them was found.
 */
export function invalidJsonMessage(text: string): string {
  let reason: string;
  let at: number;
  if (text.length === 0) {
    reason = 'Input is a zero-length, empty document';
    at = 0;
  } else {
    const fault = findJsonFault(text);
    at = fault.offset;
    reason = fault.end ? 'unexpected end of data' : 'unexpected character';
  }
  const lastNewline = text.lastIndexOf('\n', at - 1);
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) line++;
  return `The request body is not valid JSON: ${reason}: line ${line} column ${at - lastNewline} (char ${at})`;
}
