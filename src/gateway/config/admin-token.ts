/** Shorter tokens can be guessed by anyone who can reach `/admin`. */
export const ADMIN_TOKEN_MIN_LENGTH = 16;

const HOW_TO_MAKE_ONE = 'use a long random token, e.g. the output of `openssl rand -hex 32`';

/**
 * What is wrong with an admin token, in words that never include the token itself, or null when it
 * is fine. `where` names its origin (`LLMDOCTOR_ADMIN_TOKEN`, `admin_token`).
 */
export function adminTokenProblem(token: string, where: string): string | null {
  if (/\s/.test(token)) return `${where} contains whitespace: ${HOW_TO_MAKE_ONE}`;
  if (token.length < ADMIN_TOKEN_MIN_LENGTH) {
    return `${where} is too short (${token.length} characters, at least ${ADMIN_TOKEN_MIN_LENGTH} needed): ${HOW_TO_MAKE_ONE}`;
  }
  return null;
}
