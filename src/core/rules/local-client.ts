import { rule, type ErrorRule } from '../rule.js';

/** Errors raised inside the caller's own HTTP stack before anything was sent. */
export const LOCAL_CLIENT_RULES: readonly ErrorRule[] = [
  // The header value shown is only the scheme: the key itself was empty
  rule('key_missing', (e) => e.says(/(?:Illegal header value|invalid header (?:field )?value|Invalid character in header content)[^\n]{0,30}b?['"](?:Bearer|Basic) ?['"]/i), {
    title: 'The API key is empty',
    cause: 'The Authorization header was built from an empty key ("Bearer " and nothing after it), which the HTTP client refuses to send.',
  }),
  rule(
    'key_malformed',
    (e) =>
      e.says(/Invalid character in header content|Illegal header value|invalid header field value|is an invalid header value|Cannot convert argument to a ByteString|Invalid header value char/i) ||
      // Python encodes headers as ASCII/latin-1: a typographic quote or other non-ASCII character in the key fails here
      e.says(/UnicodeEncodeError: '(?:ascii|latin-1)' codec can't encode character/i) ||
      (e.explicitCodes.includes('ERR_INVALID_CHAR') && 'code ERR_INVALID_CHAR'),
    {
      title: 'The API key contains a character that cannot go in an HTTP header',
      cause: 'The HTTP client refused to send the request because the key (or another header) contains a newline, a space, a typographic quote or another non-ASCII character.',
      fixes: [
        'Strip whitespace and newlines from the key where it is read (`.trim()`), and re-copy it if it contains typographic quotes (‘ ’ “ ”).',
        'Run `llmdoctor check` to see which character is wrong without printing the key.',
      ],
    },
  ),
];
