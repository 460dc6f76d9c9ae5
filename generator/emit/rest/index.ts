/**
 * The REST emitter: from an OpenAPI-loaded {@link ApiModel} to the files of
 * `generated/<api>/` — schema types (openapi-typescript), aliases, validators,
 * client, server stub, index and README.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Handlebars from 'handlebars';
import { parse as parseYaml } from 'yaml';
import { StructureKind } from 'ts-morph';
import type { ApiModel } from '../../model/model.ts';
import { generatedHeader, printSourceFile, type EmittedFile } from '../ts.ts';
import { TEMPLATES_DIR } from '../../paths.ts';
import { emitValidators } from '../validators.ts';
import { apiStem, emitClient } from './client.ts';
import { operationInfos } from './operations.ts';
import { emitSchema, typesDocument } from './schema.ts';
import { emitServer } from './server.ts';
import { aliasNames, emitTypes } from './types.ts';
import { parseBearerFormat } from '../../runtime/rest-client.ts';
import { errorAtPointer } from '../../load/openapi.ts';

const TEMPLATE = path.join(TEMPLATES_DIR, 'rest-readme.hbs');

export async function emitRest(api: ApiModel, specText: string): Promise<EmittedFile[]> {
  if (!api.rest) throw new Error(`${api.source}: not a REST API`);
  const infos = operationInfos(api);
  const doc = parseSpec(specText);
  const schemaNames = componentSchemaNames(doc);
  const files: EmittedFile[] = [];
  files.push(await emitLocatedSchema(api, specText, typesDocument(doc)));
  files.push(emitTypes(api, infos, schemaNames));
  files.push(emitValidators(api));
  files.push(emitClient(api, infos));
  files.push(emitServer(api, infos));
  files.push(emitIndex(api, infos, schemaNames));
  files.push(await emitReadme(api, infos));
  return files;
}

/**
 * openapi-typescript lints the document too and names what it rejects by JSON pointer
 * (`Expected SchemaObject, received string at #/paths/…`): report that at the node's line and column.
 */
async function emitLocatedSchema(api: ApiModel, specText: string, document: object | undefined): Promise<EmittedFile> {
  try {
    return await emitSchema(api, specText, document);
  } catch (e) {
    const message = (e as Error).message.replace(`${api.source}: `, '');
    const at = / at (#\S*)/.exec(message);
    if (!at) throw e;
    throw errorAtPointer(api.source, specText, at[1]!, message.replace(at[0], '').split('\n')[0]!);
  }
}

function parseSpec(specText: string): unknown {
  try {
    return /^\s*\{/.test(specText) ? JSON.parse(specText) : parseYaml(specText, { maxAliasCount: -1 });
  } catch {
    return parseYaml(specText, { maxAliasCount: -1 });
  }
}

/** Names under `components/schemas`, in document order (openapi-typescript keys its types by them). */
function componentSchemaNames(doc: unknown): string[] {
  const schemas = (doc as { components?: { schemas?: Record<string, unknown> } } | null)?.components?.schemas;
  return schemas && typeof schemas === 'object' ? Object.keys(schemas) : [];
}

/** Names client.ts and server.ts export: the type aliases must not collide with them to be re-exported flat. */
function emitIndex(api: ApiModel, infos: ReturnType<typeof operationInfos>, schemaNames: string[]): EmittedFile {
  const stem = apiStem(api);
  const taken = new Set([
    `${stem}Client`, `${stem}ClientOptions`, `${stem}Credentials`, 'ApiError', 'BinaryValue', 'CallOptions', 'FilePart', 'Transport',
    `${stem}Handlers`, `${stem}ServerOptions`, `create${stem}Listener`, 'RequestContext', 'Result', 'HttpError', 'reply', 'Principal', 'PresentedCredentials', 'Reply',
  ]);
  const aliases = aliasNames(infos).flatMap((a) => [a.body, a.input, a.output, a.error]);
  const clash = [...aliases, ...schemaNames].some((n) => taken.has(n));
  return printSourceFile('index.ts', generatedHeader(api.source, `Entry point of the generated ${api.title} package.`), [
    { kind: StructureKind.ExportDeclaration, moduleSpecifier: './client.js' },
    { kind: StructureKind.ExportDeclaration, moduleSpecifier: './server.js' },
    clash
      ? { kind: StructureKind.ExportDeclaration, isTypeOnly: true, moduleSpecifier: './types.js', namespaceExport: 'Types' }
      : { kind: StructureKind.ExportDeclaration, isTypeOnly: true, moduleSpecifier: './types.js' },
    { kind: StructureKind.ExportDeclaration, moduleSpecifier: './validators.js', namespaceExport: 'validators' },
  ]);
}

let compiled: Handlebars.TemplateDelegate | undefined;

async function emitReadme(api: ApiModel, infos: ReturnType<typeof operationInfos>): Promise<EmittedFile> {
  compiled ??= Handlebars.compile(await readFile(TEMPLATE, 'utf8'), { noEscape: true });
  const stem = apiStem(api);
  const schemes = api.rest!.security;
  const bearer = schemes.find((s) => s.kind === 'http-bearer');
  const format = bearer?.bearerFormat ? parseBearerFormat(bearer.bearerFormat) : undefined;
  const credentialsExample = bearer
    ? `{ ${JSON.stringify(bearer.name).replace(/^"(\w+)"$/, '$1')}: ${format ? `{ ${format.filter((_, i) => i % 2 === 1).map((f) => `${f}: '…'`).join(', ')} }` : "'token'"} }`
    : schemes[0]
      ? `{ ${schemes[0].name}: '…' }`
      : '';
  const text = compiled({
    title: api.title,
    source: api.source,
    doc: api.doc?.split('\n\n')[0],
    stem,
    baseUrl: api.rest!.servers[0] ?? 'https://api.example.com',
    credentialsExample,
    firstOperation: infos[0]?.method,
    firstTakesInput: infos[0] ? infos[0].input !== 'none' : false,
    schemes: schemes.map((s) => ({ name: s.name, kind: s.kind, bearerFormat: s.bearerFormat })),
    operations: infos.map((i) => ({
      method: i.method,
      http: i.op.method.toUpperCase(),
      path: i.op.path.replace(/\|/g, '\\|'),
      keyTypes: i.op.keyTypes?.join(', ') ?? (i.op.security.length ? 'any' : 'none (open)'),
    })),
    diagnostics: api.diagnostics.map((d) => ({
      message: d.message.replace(/\n/g, ' '),
      location: d.location ? `${d.location.file}:${d.location.line}:${d.location.column}` : api.source,
    })),
  });
  void generatedHeader;
  return { path: 'README.md', text: text.replace(/\n{3,}/g, '\n\n') };
}
