import type { KeyFormat } from '../../core/key-format.js';

/**
 * Keys that are not OpenAI's, Anthropic's or Google's but end up in their settings: other LLM providers
 * and relays reached through OpenAI-compatible endpoints, and tokens of unrelated services.
 */
const ALNUM = /^[A-Za-z0-9]+$/;
const HEX = /^[0-9a-f]+$/;
const URL_SAFE = /^[A-Za-z0-9_-]+$/;

const RELAY = {
  kind: 'relay',
  identifiedBy: 'prefix',
  canCallModels: true,
  sendAs: 'Authorization: Bearer <key>',
} as const;

const NOT_FOR_LLMS = {
  kind: 'non_llm',
  identifiedBy: 'prefix',
  canCallModels: false,
  sendAs: 'not an LLM credential',
} as const;

const GITHUB = {
  ...NOT_FOR_LLMS,
  provider: 'github',
  providerName: 'GitHub',
  obtainFrom: 'https://github.com/settings/tokens',
  envVars: ['GITHUB_TOKEN', 'GH_TOKEN'],
  note: 'a GitHub token, not an LLM API key: OpenAI, Anthropic and Google reject it (only GitHub Models accepts it).',
  remedy: 'Use the API key of the LLM provider. If this token was sent to a provider or pasted into a shared config, revoke it at https://github.com/settings/tokens and create a new one.',
} as const;

export const RELAY_KEY_FORMATS: readonly KeyFormat[] = [
  {
    ...RELAY,
    id: 'openrouter',
    provider: 'openrouter',
    providerName: 'OpenRouter',
    label: 'OpenRouter key',
    prefix: 'sk-or-v1-',
    body: HEX,
    lengths: [73],
    baseUrl: 'https://openrouter.ai/api/v1',
    obtainFrom: 'https://openrouter.ai/keys',
    envVars: ['OPENROUTER_API_KEY'],
  },
  {
    ...RELAY,
    id: 'groq',
    provider: 'groq',
    providerName: 'Groq',
    label: 'Groq key',
    prefix: 'gsk_',
    body: ALNUM,
    lengths: [56],
    baseUrl: 'https://api.groq.com/openai/v1',
    obtainFrom: 'https://console.groq.com/keys',
    envVars: ['GROQ_API_KEY'],
  },
  {
    ...RELAY,
    id: 'xai',
    provider: 'xai',
    providerName: 'xAI',
    label: 'xAI key',
    prefix: 'xai-',
    body: URL_SAFE,
    lengths: [84],
    baseUrl: 'https://api.x.ai/v1',
    obtainFrom: 'https://console.x.ai',
    envVars: ['XAI_API_KEY'],
  },
  {
    ...RELAY,
    id: 'nvidia',
    provider: 'nvidia',
    providerName: 'NVIDIA',
    label: 'NVIDIA API key',
    prefix: 'nvapi-',
    body: URL_SAFE,
    lengths: [70],
    baseUrl: 'https://integrate.api.nvidia.com/v1',
    obtainFrom: 'https://build.nvidia.com',
    envVars: ['NVIDIA_API_KEY'],
  },
  {
    ...RELAY,
    id: 'perplexity',
    provider: 'perplexity',
    providerName: 'Perplexity',
    label: 'Perplexity key',
    prefix: 'pplx-',
    body: ALNUM,
    lengths: [53],
    baseUrl: 'https://api.perplexity.ai',
    obtainFrom: 'https://www.perplexity.ai/settings/api',
    envVars: ['PERPLEXITY_API_KEY'],
  },
  {
    ...RELAY,
    id: 'huggingface',
    provider: 'huggingface',
    providerName: 'Hugging Face',
    label: 'Hugging Face token',
    prefix: 'hf_',
    body: ALNUM,
    lengths: [37],
    baseUrl: 'https://router.huggingface.co/v1',
    obtainFrom: 'https://huggingface.co/settings/tokens',
    envVars: ['HF_TOKEN'],
  },
  {
    ...RELAY,
    id: 'deepseek',
    provider: 'deepseek',
    providerName: 'DeepSeek',
    label: 'DeepSeek key (sk- + 32 hex; Alibaba DashScope and some relays use the same shape)',
    prefix: 'sk-',
    body: HEX,
    lengths: [35],
    identifiedBy: 'shape',
    baseUrl: 'https://api.deepseek.com',
    obtainFrom: 'https://platform.deepseek.com/api_keys',
    envVars: ['DEEPSEEK_API_KEY'],
  },
  {
    // one-api/new-api deployments issue `sk-` + 48 characters, exactly the shape of an old OpenAI user key
    // without its marker, so this shape may be sent to OpenAI without being called a wrong provider.
    ...RELAY,
    id: 'openai-compatible-relay',
    provider: 'relay',
    providerName: 'an OpenAI-compatible relay',
    label: 'OpenAI-compatible relay key (one-api/new-api style) or an old OpenAI user key',
    prefix: 'sk-',
    body: ALNUM,
    lengths: [51],
    identifiedBy: 'shape',
    alsoFits: ['openai'],
    note: "a key of this shape works only at the relay that issued it, through the relay's base URL.",
  },
  {
    ...GITHUB,
    id: 'github-classic-token',
    label: 'GitHub personal access token',
    prefix: 'ghp_',
    body: ALNUM,
    lengths: [40],
  },
  {
    ...GITHUB,
    id: 'github-fine-grained-token',
    label: 'GitHub fine-grained access token',
    prefix: 'github_pat_',
    body: /^[A-Za-z0-9_]+$/,
    lengths: [93],
  },
  {
    ...NOT_FOR_LLMS,
    id: 'aws-access-key-id',
    provider: 'aws',
    providerName: 'AWS',
    label: 'AWS access key id',
    prefix: 'AKIA',
    body: /^[A-Z0-9]+$/,
    lengths: [20],
    envVars: ['AWS_ACCESS_KEY_ID'],
    note: 'an AWS access key id, not an LLM API key; Bedrock takes AWS credentials through request signing (SigV4), not as an API key.',
    remedy: 'Use the API key of the LLM provider; for Bedrock, configure the AWS SDK credentials instead. If the key pair was pasted into a shared config or sent to a provider, deactivate it in IAM and create a new one.',
  },
];
