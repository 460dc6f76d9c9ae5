/**
 * `schema.ts`: the document's types in openapi-typescript's `paths` /
 * `components` / `operations` shape, produced by running openapi-typescript at
 * generation time (deterministic for a given document).
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import type { ApiModel } from '../../model/model.ts';
import { generatedHeader, type EmittedFile } from '../ts.ts';

export async function emitSchema(api: ApiModel, specText: string): Promise<EmittedFile> {
  let text: string;
  try {
    // The file URL is the base for relative-file $refs.
    const ast = await openapiTS(specText, { silent: true, cwd: pathToFileURL(resolve(api.source)) });
    text = astToString(ast);
  } catch (e) {
    throw new Error(`${api.source}: openapi-typescript could not translate the document: ${(e as Error).message}`);
  }
  const header = generatedHeader(api.source, `Types of ${api.title} in openapi-typescript's \`paths\`/\`components\`/\`operations\` shape.`);
  return { path: 'schema.ts', text: `${header}\n/* eslint-disable */\n${text.endsWith('\n') ? text : `${text}\n`}` };
}
