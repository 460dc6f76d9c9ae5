/** `index.ts`: the API's public surface in one import. */
import type { ApiModel } from '../../model/model.ts';
import { generatedHeader, printSourceFile, type EmittedFile } from '../ts.ts';

export function emitSoapIndex(api: ApiModel): EmittedFile {
  return printSourceFile('index.ts', generatedHeader(api.source, `The ${api.title} API: types, clients, server stubs, codecs and validators.`), [
    `export type * from './types.js';`,
    `export * from './client.js';`,
    `export * from './server.js';`,
    `export * as codec from './codec.js';`,
    `export * as validators from './validators.js';`,
    `export { WSDL } from './wsdl.js';`,
  ]);
}
