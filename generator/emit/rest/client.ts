/**
 * `client.ts`: a typed client class with one method per operation. The
 * request mechanics live in `runtime/rest-client.ts`; each method passes its
 * operation's small descriptor.
 */
import { StructureKind, type StatementStructures, type WriterFunction } from 'ts-morph';
import type { ApiModel, RestSecurityScheme } from '../../model/model.ts';
import { parseBearerFormat } from '../../runtime/rest-client.ts';
import { TRANSPORT_EXPORTS, generatedHeader, printSourceFile, propertyKey, stringLiteral, tsDoc, typeIdentifier } from '../ts.ts';
import type { EmittedFile } from '../ts.ts';
import { aliasNames } from './types.ts';
import { bodySpecLiteral, paramSpecLiteral, type OperationInfo } from './operations.ts';

export function apiStem(api: ApiModel): string {
  return typeIdentifier(api.name);
}

/** The TypeScript type of the credentials for one scheme. */
export function credentialType(scheme: RestSecurityScheme): string {
  switch (scheme.kind) {
    case 'http-bearer': {
      const format = scheme.bearerFormat ? parseBearerFormat(scheme.bearerFormat) : undefined;
      if (!format) return 'string';
      const fields = format.filter((_, i) => i % 2 === 1);
      return `{ ${fields.map((f) => `${propertyKey(f)}: string`).join('; ')} } | string`;
    }
    case 'http-basic':
      return '{ username: string; password: string }';
    default:
      return 'string';
  }
}

/** What the credential of a scheme is, when its type does not say it all. */
function credentialRemarks(scheme: RestSecurityScheme): { tagName: string; text: string }[] {
  if (scheme.bearerFormat) return [{ tagName: 'remarks', text: `Token format: \`${scheme.bearerFormat}\`; give the parts, or the whole token as a string.` }];
  if (scheme.kind === 'oauth2' || scheme.kind === 'openid-connect') {
    return [{ tagName: 'remarks', text: `An access token, sent as \`Authorization: Bearer <token>\`; a function is called per request, so it may fetch or refresh the token.` }];
  }
  return [];
}

/** `{ kind, ... }` literal for a scheme, as the runtime's `SchemeSpec`. */
export function schemeSpec(scheme: RestSecurityScheme): string {
  switch (scheme.kind) {
    case 'http-bearer': {
      const format = scheme.bearerFormat ? parseBearerFormat(scheme.bearerFormat) : undefined;
      return format ? `{ kind: 'http-bearer', format: [${format.map(stringLiteral).join(', ')}] }` : `{ kind: 'http-bearer' }`;
    }
    case 'http-basic':
      return `{ kind: 'http-basic' }`;
    case 'api-key':
      return `{ kind: 'api-key', in: ${stringLiteral(scheme.in ?? 'header')}, name: ${stringLiteral(scheme.parameterName ?? 'X-API-Key')} }`;
    case 'oauth2':
    case 'openid-connect':
      return `{ kind: ${stringLiteral(scheme.kind)} }`;
    default:
      return scheme.httpScheme ? `{ kind: 'other', scheme: ${stringLiteral(scheme.httpScheme)} }` : `{ kind: 'other' }`;
  }
}

/** `const SCHEMES = { … }`: written as a statement so the object literal keeps the file's indentation. */
export function schemesConstant(api: ApiModel): WriterFunction {
  const schemes = api.rest?.security ?? [];
  return (w) => {
    w.write('const SCHEMES: Record<string, SchemeSpec> = ');
    w.inlineBlock(() => schemes.forEach((s) => w.writeLine(`${propertyKey(s.name)}: ${schemeSpec(s)},`)));
    w.write(';');
  };
}

export function emitClient(api: ApiModel, infos: OperationInfo[]): EmittedFile {
  const stem = apiStem(api);
  const aliases = aliasNames(infos);
  const schemes = api.rest?.security ?? [];
  const defaultBase = api.rest?.servers.find((s) => /^https?:\/\//.test(s)) ?? api.rest?.servers[0];
  const statements: (string | StatementStructures | WriterFunction)[] = [
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: '../runtime/rest-client.js',
      namedImports: ['invoke', 'type CallOptions', 'type ClientOptions', 'type CredentialSource', 'type OperationSpec', 'type SchemeSpec'],
    },
    { kind: StructureKind.ImportDeclaration, isTypeOnly: true, moduleSpecifier: './types.js', namespaceImport: 'T' },
    { kind: StructureKind.ExportDeclaration, moduleSpecifier: '../runtime/rest-client.js', namedExports: ['ApiError', 'type BinaryValue', 'type CallOptions', 'type FilePart'] },
    TRANSPORT_EXPORTS,
    {
      kind: StructureKind.Interface,
      isExported: true,
      name: `${stem}Credentials`,
      docs: tsDoc(`Credentials per security scheme of ${api.title}; each may be a value or a function returning one (called per request).`),
      properties: schemes.map((s) => ({
        name: propertyKey(s.name),
        hasQuestionToken: true,
        type: `CredentialSource<${credentialType(s)}>`,
        docs: tsDoc(s.doc, credentialRemarks(s)),
      })),
    },
    {
      kind: StructureKind.Interface,
      isExported: true,
      name: `${stem}ClientOptions`,
      extends: [`Partial<ClientOptions<${stem}Credentials>>`],
      docs: tsDoc(`Options of {@link ${stem}Client}. \`baseUrl\` defaults to ${defaultBase ? `\`${defaultBase}\`` : 'nothing (required)'}.`),
    },
    // A document without operations (webhooks only) has nothing to call.
    ...(infos.length ? [schemesConstant(api), operationsConstant(api, infos)] : []),
    {
      kind: StructureKind.Class,
      isExported: true,
      name: `${stem}Client`,
      docs: tsDoc(`${api.title}: one method per operation.${api.doc ? `\n\n${api.doc}` : ''}`, [
        { tagName: 'example', text: exampleCall(stem, infos) },
      ]),
      properties: [{ name: 'options', isReadonly: true, type: 'ClientOptions<Record<string, unknown>>' }],
      ctors: [
        {
          parameters: [{ name: 'options', type: `${stem}ClientOptions`, initializer: '{}' }],
          statements: [
            defaultBase
              ? `this.options = { baseUrl: ${stringLiteral(defaultBase)}, ...options } as ClientOptions<Record<string, unknown>>;`
              : `if (!options.baseUrl) throw new TypeError('${stem}Client: baseUrl is required');\nthis.options = options as ClientOptions<Record<string, unknown>>;`,
          ],
        },
      ],
      methods: infos.map((info, i) => {
        const op = info.op;
        const a = aliases[i]!;
        const optionalInput = info.input === 'body' ? !op.body!.required : info.input === 'params' && !op.parameters.some((p) => p.required) && !op.body?.required;
        const params =
          info.input === 'none'
            ? [{ name: 'options', type: 'CallOptions', hasQuestionToken: true }]
            : [
                { name: 'input', type: `T.${a.input}`, hasQuestionToken: optionalInput },
                { name: 'options', type: 'CallOptions', hasQuestionToken: true },
              ];
        const tags = [
          { tagName: 'remarks', text: `\`${op.method.toUpperCase()} ${op.path}\`${op.keyTypes ? `; key types: ${op.keyTypes.join(', ')}` : ''}.` },
          { tagName: 'throws', text: `{@link ApiError} for a non-2xx answer (status and decoded body).` },
        ];
        if (op.deprecated) tags.push({ tagName: 'deprecated', text: '' });
        return {
          name: info.method,
          isAsync: true,
          parameters: params,
          returnType: `Promise<T.${a.output}>`,
          docs: tsDoc([op.summary, op.doc].filter(Boolean).join('\n\n') || undefined, tags),
          statements: [
            `return (await invoke(OPERATIONS.${info.method}, SCHEMES, this.options, ${info.input === 'none' ? 'undefined' : 'input'}, options)) as T.${a.output};`,
          ],
        };
      }),
    },
  ];
  return printSourceFile('client.ts', generatedHeader(api.source, `Typed client for ${api.title}.`), statements);
}

/** `const OPERATIONS = { … }`: how each method calls its operation, read by the runtime's `invoke`. */
function operationsConstant(api: ApiModel, infos: OperationInfo[]): WriterFunction {
  const byName = new Map(api.types.map((t) => [t.name, t]));
  const lookup = (name: string) => byName.get(name);
  return (w) => {
    w.write('const OPERATIONS = ');
    w.inlineBlock(() =>
      infos.forEach((info) => {
        const op = info.op;
        const security = op.security.map((alt) => `[${alt.map((r) => stringLiteral(r.scheme)).join(', ')}]`);
        const fields = [
          `id: ${stringLiteral(op.id)}`,
          `method: ${stringLiteral(op.method)}`,
          `path: ${stringLiteral(op.path)}`,
          `input: ${stringLiteral(info.input)}`,
          ...(op.parameters.length ? [`params: [${op.parameters.map((p) => paramSpecLiteral(p)).join(', ')}]`] : []),
          ...(op.body ? [`body: ${bodySpecLiteral(op.body, lookup)}`] : []),
          `output: ${stringLiteral(info.output)}`,
          `security: [${security.join(', ')}]`,
        ];
        w.writeLine(`${propertyKey(info.method)}: { ${fields.join(', ')} },`);
      }),
    );
    w.write(' satisfies Record<string, OperationSpec>;');
  };
}

function exampleCall(stem: string, infos: OperationInfo[]): string {
  const first = infos[0];
  return [
    '```ts',
    `const api = new ${stem}Client({ baseUrl: 'https://…', credentials: { /* per scheme */ } });`,
    first ? `const result = await api.${first.method}(${first.input === 'none' ? '' : '{ … }'});` : '',
    '```',
  ].join('\n');
}
