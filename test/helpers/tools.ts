/** A tool as the SDKs declare one, with a schema that exercises every JSON type: forced, the mock calls it. */
export const WRITE_FILE = {
  name: 'write_file',
  description: 'Writes a file',
  parameters: {
    type: 'object',
    properties: {
      path: { type: 'string' },
      content: { type: 'string' },
      mode: { type: 'string', enum: ['create', 'append'] },
      lines: { type: 'integer' },
      overwrite: { type: 'boolean' },
      tags: { type: 'array', items: { type: 'string' } },
      owner: { type: 'object', properties: { name: { type: 'string' }, age: { type: 'number' } } },
    },
    required: ['path', 'content'],
  },
};
