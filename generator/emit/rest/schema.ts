/**
 * `schema.ts`: the document's types in openapi-typescript's `paths` /
 * `components` / `operations` shape, produced by running openapi-typescript at
 * generation time (deterministic for a given document).
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createConfig, type Config } from '@redocly/openapi-core';
import openapiTS, { astToString, stringToAST, type OpenAPI3, type OpenAPITSOptions } from 'openapi-typescript';
import type { ApiModel } from '../../model/model.ts';
import { isSchemaName } from '../../load/openapi.ts';
import { generatedHeader, type EmittedFile } from '../ts.ts';

/** `document`: the parsed document when {@link typesDocument} had to adjust it; else openapi-typescript reads the text. */
export async function emitSchema(api: ApiModel, specText: string, document?: object): Promise<EmittedFile> {
  let text: string;
  try {
    // The file URL is the base for relative-file $refs.
    const ast = await openapiTS((document as OpenAPI3 | undefined) ?? specText, { silent: true, cwd: pathToFileURL(resolve(api.source)), redocly: await offlineConfig(), transform: binaryAsValue });
    text = astToString(ast);
  } catch (e) {
    throw new Error(`${api.source}: openapi-typescript could not translate the document: ${(e as Error).message}`);
  }
  const header = generatedHeader(api.source, `Types of ${api.title} in openapi-typescript's \`paths\`/\`components\`/\`operations\` shape.`);
  const imports = /\bBinaryValue\b/.test(text) ? "import type { BinaryValue } from '../runtime/bodies.js';\n" : '';
  return { path: 'schema.ts', text: `${header}\n/* eslint-disable */\n${imports}${text.endsWith('\n') ? text : `${text}\n`}` };
}

/** `BinaryValue`, parsed once: the type openapi-typescript is given for binary strings. */
let binaryType: ReturnType<NonNullable<OpenAPITSOptions['transform']>> | undefined;

/**
 * `type: string, format: binary` (file content: an octet-stream body, a multipart file part) is
 * typed as the runtime's `BinaryValue` (a string, bytes, a Blob or a file part), which is what the
 * client sends and the server hands over; openapi-typescript alone would say `string`.
 */
const binaryAsValue: NonNullable<OpenAPITSOptions['transform']> = (schema) => {
  if (schema.format !== 'binary' || schema.type !== 'string') return undefined;
  binaryType ??= (stringToAST('type T = BinaryValue;')[0] as unknown as { type: NonNullable<typeof binaryType> }).type;
  return binaryType;
};

let config: Promise<Config> | undefined;

/**
 * openapi-typescript's own lint configuration (its default), except that nothing is fetched: its
 * resolver follows an example's `externalValue` like a `$ref` and would download the URL at
 * generation time. The loader already refuses remote `$ref`s, so every fetch left is one of those,
 * and it is answered empty without a request (examples play no part in the types).
 */
function offlineConfig(): Promise<Config> {
  config ??= createConfig({ rules: { 'operation-operationId-unique': { severity: 'error' } } }, { extends: ['minimal'] }).then((c) => {
    // `null` parses as JSON and YAML alike, so the linter counts the reference as resolved.
    c.resolve.http.customFetch = async () => new Response('null', { status: 200, headers: { 'content-type': 'application/json' } });
    return c;
  });
  return config;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const isObject = (v: unknown): v is { [key: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The document as openapi-typescript must see it for its types to match the loader's model, or
 * undefined when it needs no change. Two things are made explicit: a discriminator mapping value
 * that is a schema name becomes a reference (openapi-typescript's linter resolves every value as a
 * file), and a parameter described by `content` gets its media type's schema (openapi-typescript
 * types it as a string; client and server carry it as a document and hand over the typed value).
 * Only the document itself: a referenced file's content parameters stay strings (see the loader).
 */
export function typesDocument(doc: unknown): object | undefined {
  let changed = false;
  const contentToSchema = (p: Json): void => {
    if (!isObject(p) || typeof p.name !== 'string' || typeof p.in !== 'string' || !isObject(p.content) || p.schema !== undefined) return;
    const [first] = Object.values(p.content);
    delete p.content;
    if (isObject(first) && first.schema !== undefined) p.schema = first.schema;
    changed = true;
  };
  const visit = (node: Json, key: string | undefined): void => {
    if (Array.isArray(node)) {
      node.forEach((n) => visit(n, undefined));
      if (key === 'parameters') node.forEach(contentToSchema);
      return;
    }
    if (!isObject(node)) return;
    if (key === 'discriminator' && isObject(node.mapping)) {
      for (const [value, target] of Object.entries(node.mapping)) {
        if (typeof target === 'string' && isSchemaName(target)) {
          node.mapping[value] = `#/components/schemas/${target}`;
          changed = true;
        }
      }
    }
    for (const [k, v] of Object.entries(node)) visit(v, k);
    if (key === 'parameters') Object.values(node).forEach(contentToSchema); // components.parameters
  };
  visit(doc as Json, undefined);
  return changed ? (doc as object) : undefined;
}
