/**
 * `types.ts`: friendly names over the openapi-typescript shape: one alias per
 * component schema and, per operation, its body, input, output and error types.
 */
import { StructureKind, type StatementStructures, type TypeAliasDeclarationStructure } from 'ts-morph';
import type { ApiModel, RestMedia } from '../../model/model.ts';
import { mediaKind } from '../../runtime/bodies.ts';
import { generatedHeader, NameTable, printSourceFile, stringLiteral, tsDoc, typeIdentifier, type EmittedFile } from '../ts.ts';
import { isStringType, responseType, type OperationInfo } from './operations.ts';

export function emitTypes(api: ApiModel, infos: OperationInfo[], schemaNames: string[]): EmittedFile {
  const names = new NameTable();
  for (const reserved of ['paths', 'components', 'operations', 'webhooks']) names.claim(reserved);
  const statements: StatementStructures[] = [
    { kind: StructureKind.ImportDeclaration, isTypeOnly: true, moduleSpecifier: './schema.js', namedImports: ['paths', 'components', 'operations'] },
    { kind: StructureKind.ExportDeclaration, isTypeOnly: true, moduleSpecifier: './schema.js', namedExports: ['paths', 'components', 'operations'] },
  ];
  const alias = (name: string, type: string, doc?: string): TypeAliasDeclarationStructure => ({
    kind: StructureKind.TypeAlias,
    isExported: true,
    name,
    type,
    docs: tsDoc(doc),
  });
  // Operation aliases claim their names first: they are what the client and server signatures use.
  const opNames = infos.map((info) => ({
    body: names.claim(`${info.pascal}Body`),
    input: names.claim(`${info.pascal}Input`),
    output: names.claim(`${info.pascal}Output`),
    error: names.claim(`${info.pascal}Error`),
  }));
  for (const schema of schemaNames) {
    const id = typeIdentifier(schema);
    const name = names.claim(id);
    statements.push(alias(name, `components['schemas'][${stringLiteral(schema)}]`, `The \`${schema}\` schema.`));
  }
  const byName = new Map(api.types.map((t) => [t.name, t]));
  const lookup = (name: string) => byName.get(name);
  let usesBinary = false;
  /** The TypeScript type of one media type's body: its schema's, except binary (bytes, Blob, string) and text of a non-string schema (the document's text). */
  const mediaType = (info: OperationInfo, m: RestMedia): string => {
    const kind = mediaKind(m.contentType);
    if (kind === 'binary') {
      usesBinary = true;
      return 'BinaryValue';
    }
    if (kind === 'text' && !isStringType(m.type, lookup)) return 'string';
    return `NonNullable<${info.ref}['requestBody']>['content'][${stringLiteral(m.contentType)}]`;
  };
  infos.forEach((info, i) => {
    const n = opNames[i]!;
    const op = info.op;
    const what = `\`${op.method.toUpperCase()} ${op.path}\` (${op.id})`;
    let bodyType = 'never';
    if (op.body) {
      bodyType = n.body;
      const byMedia = op.body.media.map((m) => mediaType(info, m));
      const media = op.body.media.map((m) => `\`${m.contentType}\``).join(', ');
      statements.push(alias(n.body, [...new Set(byMedia)].join(' | '), `Request body of ${what}, as ${media}${op.body.media.length > 1 ? ' (the first unless the call\'s `contentType` option names another)' : ''}.`));
    }
    let input: string;
    if (info.input === 'none') input = 'void';
    else if (info.input === 'body') input = op.body!.required ? n.body : `${n.body} | undefined`;
    else input = op.body ? `${info.ref}['parameters'] & { ${op.body.required ? 'body' : 'body?'}: ${bodyType} }` : `${info.ref}['parameters']`;
    statements.push(
      alias(
        n.input,
        input,
        `Input of ${what}: ${info.input === 'none' ? 'none' : info.input === 'body' ? 'the request body' : 'parameters by location (`path`, `query`, `header`, `cookie`)' + (op.body ? ' and the `body`' : '')}.`,
      ),
    );
    const outputs = info.success.filter((r) => r.contentType).map((r) => responseType(info, r));
    statements.push(alias(n.output, outputs.length ? [...new Set(outputs)].join(' | ') : 'void', `Success result of ${what}.`));
    const errors = info.errors.map((r) => responseType(info, r));
    statements.push(alias(n.error, errors.length ? [...new Set(errors)].join(' | ') : 'unknown', `Body of an error answer of ${what}.`));
  });
  if (usesBinary) statements.splice(1, 0, { kind: StructureKind.ImportDeclaration, isTypeOnly: true, moduleSpecifier: '../runtime/bodies.js', namedImports: ['BinaryValue'] });
  return printSourceFile('types.ts', generatedHeader(api.source, `Named types of ${api.title}: schemas and per-operation inputs and outputs.`), statements);
}

/** Alias names the client and server use for an operation (same claiming order as {@link emitTypes}). */
export function aliasNames(infos: OperationInfo[]): { body: string; input: string; output: string; error: string }[] {
  const names = new NameTable();
  for (const reserved of ['paths', 'components', 'operations', 'webhooks']) names.claim(reserved);
  return infos.map((info) => ({
    body: names.claim(`${info.pascal}Body`),
    input: names.claim(`${info.pascal}Input`),
    output: names.claim(`${info.pascal}Output`),
    error: names.claim(`${info.pascal}Error`),
  }));
}
