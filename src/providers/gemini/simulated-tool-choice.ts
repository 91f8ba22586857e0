import { asRecord } from '../probe.js';
import type { ForcedTool } from '../simulator.js';

/**
 * When Gemini must call a function (https://ai.google.dev/gemini-api/docs/function-calling#function_calling_modes):
 * `tools[].functionDeclarations` given and `toolConfig.functionCallingConfig.mode` `ANY`; the
 * simulator calls the first of `allowedFunctionNames` when given, else the first declaration.
 * `AUTO`, `NONE`, `VALIDATED` or no config leave the model free: text. Proto JSON accepts each
 * field by its JSON and its proto name (`tool_config`, `function_declarations`…), so both are read.
 * The parameters' schema is `parameters` (OpenAPI subset, upper-case types) or `parametersJsonSchema`.
 * An allowed name that matches no declaration: the real API's answer is not on record, so the
 * simulator calls the first declaration.
 */

type Json = Record<string, unknown>;

export function geminiForcedTool(body: Json): ForcedTool | undefined {
  const config = asRecord(field(asRecord(field(body, 'toolConfig', 'tool_config')), 'functionCallingConfig', 'function_calling_config'));
  if (config?.mode !== 'ANY') return undefined;
  const declarations = (Array.isArray(body.tools) ? body.tools : []).flatMap((tool) => {
    const list = field(asRecord(tool), 'functionDeclarations', 'function_declarations');
    return Array.isArray(list) ? list.flatMap((d) => (asRecord(d) && typeof (d as Json).name === 'string' ? [d as Json] : [])) : [];
  });
  const allowed = field(config, 'allowedFunctionNames', 'allowed_function_names');
  const wanted = Array.isArray(allowed) ? allowed[0] : undefined;
  const chosen = declarations.find((d) => d.name === wanted) ?? declarations[0];
  if (!chosen) return undefined;
  return { name: chosen.name as string, schema: field(chosen, 'parametersJsonSchema', 'parameters_json_schema') ?? chosen.parameters };
}

function field(record: Json | null, jsonName: string, protoName: string): unknown {
  return record?.[jsonName] ?? record?.[protoName];
}
