import type { KeyFormat } from '../../core/key-format.js';

/**
 * Azure OpenAI resource keys: 32 hexadecimal characters (older resources) or 84 characters in
 * Microsoft's "common annotated security key" layout, which has the marker `JQQJ9` at offset 52.
 */
const AZURE = {
  provider: 'azure-openai',
  providerName: 'Azure OpenAI',
  kind: 'api',
  prefix: '',
  // No prefix at all: only the complete shape identifies these keys.
  identifiedBy: 'shape',
  canCallModels: true,
  sendAs: 'api-key: <key>',
  obtainFrom: 'the Azure portal (your Azure OpenAI resource → Keys and Endpoint)',
  envVars: ['AZURE_OPENAI_API_KEY'],
  note: 'it works only with the endpoint of its own resource (https://<resource>.openai.azure.com).',
} as const;

export const AZURE_OPENAI_KEY_FORMATS: readonly KeyFormat[] = [
  {
    ...AZURE,
    id: 'azure-openai-hex',
    label: 'Azure OpenAI key (32 hexadecimal characters)',
    body: /^[0-9a-fA-F]+$/,
    lengths: [32],
  },
  {
    ...AZURE,
    id: 'azure-openai-annotated',
    label: 'Azure OpenAI key (84 characters)',
    body: /^[A-Za-z0-9]+$/,
    lengths: [84],
    signature: /^[A-Za-z0-9]{52}JQQJ9/,
  },
];
