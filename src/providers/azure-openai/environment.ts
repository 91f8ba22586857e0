/**
 * What openai-node's `AzureOpenAI` client reads from the environment. The base URL is OPENAI_BASE_URL
 * when set; only otherwise is AZURE_OPENAI_ENDPOINT read, and the SDK appends `/openai` to it (then
 * `/deployments/<name>/chat/completions?api-version=<OPENAI_API_VERSION>`). Without an API version the
 * constructor throws.
 */
export const AZURE_OPENAI_ENVIRONMENT = {
  name: 'Azure OpenAI',
  sdk: 'openai (AzureOpenAI)',
  keyVars: ['AZURE_OPENAI_API_KEY'],
  endpointVar: 'AZURE_OPENAI_ENDPOINT',
  apiVersionVar: 'OPENAI_API_VERSION',
  /** Read first: when set, AZURE_OPENAI_ENDPOINT is ignored. */
  baseUrlVar: 'OPENAI_BASE_URL',
  /** Path the SDK appends to the endpoint. */
  appendedPath: '/openai',
  hostSuffixes: ['.openai.azure.com', '.cognitiveservices.azure.com', '.services.ai.azure.com'],
  endpointExample: 'https://<resource>.openai.azure.com',
  missingVersionError: 'The OPENAI_API_VERSION environment variable is missing or empty',
  keysPage: 'the Azure portal (your Azure OpenAI resource → Keys and Endpoint)',
} as const;
