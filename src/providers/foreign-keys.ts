/** Key prefixes that say "this is not an OpenAI key" when echoed back by OpenAI. */
const FOREIGN_PREFIXES: readonly [RegExp, string][] = [
  [/^sk-ant-/, 'Anthropic'],
  [/^AIza/, 'Google'],
  [/^AQ\./, 'Google'],
  [/^ya29\./, 'Google OAuth'],
  [/^sk-or-/, 'OpenRouter'],
  [/^nvapi-/, 'NVIDIA'],
  [/^gsk_/, 'Groq'],
  [/^xai-/, 'xAI'],
  [/^pplx-/, 'Perplexity'],
  [/^hf_/, 'Hugging Face'],
  [/^gh[pousr]_|^github_pat_/, 'GitHub'],
  [/^AKIA/, 'AWS'],
];

export function foreignKeyOwner(keyText: string): string | null {
  return FOREIGN_PREFIXES.find(([prefix]) => prefix.test(keyText))?.[1] ?? null;
}
