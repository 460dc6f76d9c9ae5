/**
 * `server.ts`: the typed handler interface (one method per operation) and a
 * node:http request listener that routes, authenticates, enforces key types
 * and scopes, validates and coerces input, calls the handler and encodes the
 * result. Usable as `http.createServer(listener)` or as a framework middleware
 * taking `(req, res)`.
 */
import { StructureKind, type StatementStructures, type WriterFunction } from 'ts-morph';
import type { ApiModel, NamedType, RestMedia, TypeRef } from '../../model/model.ts';
import { mediaKind } from '../../runtime/bodies.ts';
import { generatedHeader, printSourceFile, propertyKey, stringLiteral, tsDoc, type EmittedFile } from '../ts.ts';
import { parametersKey, validatorNames } from '../validators.ts';
import { apiStem, schemesConstant } from './client.ts';
import { bodySpecLiteral, isStringType, parameterShape, paramSpecLiteral, type OperationInfo, type ParameterShape } from './operations.ts';
import { aliasNames } from './types.ts';

export function emitServer(api: ApiModel, infos: OperationInfo[]): EmittedFile {
  const stem = apiStem(api);
  const aliases = aliasNames(infos);
  const validators = validatorNames(api);
  const byName = new Map<string, NamedType>(api.types.map((t) => [t.name, t]));
  const needsAuth = infos.some((i) => i.op.security.length > 0);
  const withParams = infos.filter((i) => i.input === 'params');
  const withBody = infos.filter((i) => i.op.body);

  const statements: (string | StatementStructures | WriterFunction)[] = [
    { kind: StructureKind.ImportDeclaration, isTypeOnly: true, moduleSpecifier: 'node:http', namedImports: ['IncomingMessage', 'ServerResponse'] },
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: '../runtime/rest-server.js',
      namedImports: [
        'compileRoutes',
        'HttpError',
        'matchRoute',
        'sendError',
        'serveOperation',
        'StubError',
        'type Authenticate',
        'type ErrorFormatter',
        'type ErrorForms',
        'type Principal',
        'type Reply',
        'type ServerOperation',
      ],
    },
    ...(withBody.length ? [{ kind: StructureKind.ImportDeclaration as const, isTypeOnly: true, moduleSpecifier: '../runtime/bodies.js', namedImports: ['BodySpec'] }] : []),
    { kind: StructureKind.ImportDeclaration, isTypeOnly: true, moduleSpecifier: '../runtime/params.js', namedImports: ['ParamSpec'] },
    { kind: StructureKind.ImportDeclaration, isTypeOnly: true, moduleSpecifier: '../runtime/rest-client.js', namedImports: ['SchemeSpec'] },
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: './validators.js', namespaceImport: 'V' },
    // `Result<T>` below would keep an unused `T` import alive in a document without operations.
    ...(infos.length ? [{ kind: StructureKind.ImportDeclaration, isTypeOnly: true, moduleSpecifier: './types.js', namespaceImport: 'T' } as const] : []),
    {
      kind: StructureKind.ExportDeclaration,
      moduleSpecifier: '../runtime/rest-server.js',
      namedExports: ['formatError', 'HttpError', 'reply', 'type ErrorForm', 'type ErrorFormatter', 'type Principal', 'type PresentedCredentials', 'type Reply', 'type StubProblem'],
    },
    {
      kind: StructureKind.ExportDeclaration,
      moduleSpecifier: '../runtime/http-server.js',
      namedExports: ['createBoundedServer', 'DEFAULT_SERVER_LIMITS', 'type ServerLimits'],
    },
    {
      kind: StructureKind.Interface,
      isExported: true,
      name: 'RequestContext',
      docs: tsDoc('What a handler learns about the request besides its input.'),
      properties: [
        { name: 'request', type: 'IncomingMessage' },
        { name: 'response', type: 'ServerResponse' },
        { name: 'operation', type: 'string', docs: tsDoc('operationId of the operation being served.') },
        { name: 'principal', type: 'Principal | undefined', hasQuestionToken: true, docs: tsDoc('The caller, as the `authenticate` hook returned it.') },
      ],
    },
    {
      kind: StructureKind.TypeAlias,
      isExported: true,
      name: 'Result',
      typeParameters: ['T'],
      type: 'T | Reply<T> | Promise<T | Reply<T>>',
      docs: tsDoc('A handler returns its output (sent with the first success status) or a `reply(status, body)`; it may throw `HttpError`.'),
    },
    {
      kind: StructureKind.Interface,
      isExported: true,
      name: `${stem}Handlers`,
      docs: tsDoc(`The implementation of ${api.title}: one method per operation; inputs arrive validated and with parameters coerced to their declared types.`),
      methods: infos.map((info, i) => {
        const op = info.op;
        return {
          name: info.method,
          parameters: [
            ...(info.input === 'none' ? [] : [{ name: 'input', type: `T.${aliases[i]!.input}` }]),
            { name: 'context', type: 'RequestContext' },
          ],
          returnType: `Result<T.${aliases[i]!.output}>`,
          docs: tsDoc([op.summary, op.doc].filter(Boolean).join('\n\n') || undefined, [
            { tagName: 'remarks', text: `\`${op.method.toUpperCase()} ${op.path}\`${op.keyTypes ? `; key types: ${op.keyTypes.join(', ')}` : ''}.` },
          ]),
        };
      }),
    },
    {
      kind: StructureKind.Interface,
      isExported: true,
      name: `${stem}ServerOptions`,
      properties: [
        { name: 'handlers', type: `${stem}Handlers` },
        {
          name: 'authenticate',
          hasQuestionToken: !needsAuth,
          type: 'Authenticate<RequestContext>',
          docs: tsDoc(
            'Decides who presented credentials (the scheme\'s `kind`, the `token`, and the `scopes` the operation requires of it): return the caller (with its `keyType` and/or granted `scopes`) or nothing to refuse (401). Key types are then checked against each operation\'s `x-key-types` and granted scopes against the satisfied security alternative (403).',
          ),
        },
        { name: 'basePath', type: 'string', hasQuestionToken: true, docs: tsDoc('Path prefix the operation paths sit under (e.g. `/v1`). Default: none.') },
        { name: 'maxBodyBytes', type: 'number', hasQuestionToken: true, docs: tsDoc('Largest accepted request body (default 1 MiB); larger bodies get 413.') },
        {
          name: 'validateResponses',
          type: 'boolean',
          hasQuestionToken: true,
          docs: tsDoc('Check every success answer against the contract\'s response schema before sending it; a mismatch is reported to `onError` and answered 500 (the implementation, not the caller, is wrong). Default: off.'),
        },
        { name: 'onError', type: '(error: unknown, context: RequestContext) => void', hasQuestionToken: true, docs: tsDoc('Called with unexpected handler errors (the caller only sees a plain 500).') },
        {
          name: 'formatError',
          type: 'ErrorFormatter',
          hasQuestionToken: true,
          docs: tsDoc('Shapes the answers the stub produces itself (400 validation, 401, 403, 404, 405, 413, 415, 500). Default: the error response the contract declares for the operation and status (`formatError`).'),
        },
      ],
    },
    ...(needsAuth ? [schemesConstant(api)] : []),
    ...errorFormsConstants(api, infos),
    // Top-level statements as text keep the literal's indentation (an initializer would be indented twice).
    `const ROUTES = compileRoutes([${infos.map((info) => `\n  [${stringLiteral(info.op.method)}, ${stringLiteral(info.op.path)}, ${stringLiteral(info.method)}],`).join('')}${infos.length ? '\n' : ''}]);`,
    ...(withParams.length ? [parametersConstant(withParams, byName)] : []),
    ...(withBody.length ? [bodiesConstant(withBody, byName, validators)] : []),
  ];
  statements.push(operationsConstant(api, infos, byName, validators));
  statements.push({
    kind: StructureKind.Function,
    isExported: true,
    name: `create${stem}Listener`,
    docs: tsDoc(
      `A request listener serving ${api.title} through \`handlers\`: \`http.createServer(create${stem}Listener({ handlers, authenticate }))\`. Errors answer with a status and a JSON message, never a stack trace.`,
    ),
    parameters: [{ name: 'options', type: `${stem}ServerOptions` }],
    returnType: '(req: IncomingMessage, res: ServerResponse) => Promise<void>',
    statements: `const base = (options.basePath ?? '').replace(/\\/+$/, '');
const serve = { schemes: ${needsAuth ? 'SCHEMES' : '{}'}, authenticate: options.authenticate, maxBodyBytes: options.maxBodyBytes ?? 1048576, validateResponses: options.validateResponses };
return async (req, res) => {
  const context: RequestContext = { request: req, response: res, operation: '' };
  try {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let pathname = url.pathname;
    if (base) {
      if (pathname !== base && !pathname.startsWith(\`\${base}/\`)) throw new StubError(404, \`no operation at \${pathname}\`);
      pathname = pathname.slice(base.length) || '/';
    }
    const match = matchRoute(ROUTES, (req.method ?? 'GET').toUpperCase(), pathname);
    if ('status' in match) {
      throw new StubError(match.status, match.status === 405 ? \`method \${req.method} not allowed on \${pathname}\` : \`no operation at \${pathname}\`, match.allow ? { allow: match.allow.join(', ') } : {});
    }
    context.operation = match.route.operation;
    await serveOperation(match.route.operation, OPERATIONS[match.route.operation]!, options.handlers, req, res, url, match.params, serve, context);
  } catch (error) {
    if (!(error instanceof HttpError)) options.onError?.(error, context);
    sendError(res, error, ERROR_FORMS[context.operation] ?? DOCUMENT_ERROR_FORMS, context.operation || undefined, options.formatError);
  }
};`,
  });
  return printSourceFile('server.ts', generatedHeader(api.source, `Server stub for ${api.title}: typed handlers behind a node:http listener.`), statements);
}

/**
 * `const OPERATIONS = { … }`: per operation, how it is served (security, key types, input shape, parameters, body,
 * success status and media type), read by the runtime's `serveOperation`: one table instead of a function per operation.
 */
function operationsConstant(api: ApiModel, infos: OperationInfo[], byName: Map<string, NamedType>, validators: Map<string, string>): string {
  const entries = infos.map((info) => {
    const op = info.op;
    const fields: string[] = [];
    if (op.id !== info.method) fields.push(`operationId: ${stringLiteral(op.id)}`);
    if (op.security.length > 0) {
      fields.push(`security: [${op.security.map((alt) => `[${alt.map((r) => `{ scheme: ${stringLiteral(r.scheme)}, scopes: [${r.scopes.map(stringLiteral).join(', ')}] }`).join(', ')}]`).join(', ')}]`);
      if (op.keyTypes) fields.push(`keyTypes: [${op.keyTypes.map(stringLiteral).join(', ')}]`);
    }
    fields.push(`input: ${stringLiteral(info.input)}`);
    if (info.input === 'params') {
      fields.push(`params: PARAMETERS.${info.method}`);
      const reserved = apiKeyNames(api, op, byName);
      if (reserved.length) fields.push(`reserved: [${reserved.map(stringLiteral).join(', ')}]`);
      fields.push(`validateParams: V.${validators.get(parametersKey(op))}`);
    }
    if (op.body) fields.push(`body: BODIES.${info.method}`);
    const answer = info.success.find((r) => r.type && r.status === String(info.successStatus)) ?? info.success.find((r) => r.type);
    const resultValidator = answer?.type ? validators.get(bodyName(answer.type)) : undefined;
    if (resultValidator) fields.push(`validateResult: V.${resultValidator}`);
    fields.push(`status: ${info.successStatus}`);
    fields.push(`contentType: ${stringLiteral(info.success.find((r) => r.contentType)?.contentType ?? 'application/json')}`);
    return `\n  ${propertyKey(info.method)}: {${fields.map((f) => `\n    ${f},`).join('')}\n  },`;
  });
  return `/** How each operation is served (see \`serveOperation\`). */\nconst OPERATIONS: Record<string, ServerOperation> = {${entries.join('')}\n};`;
}

/** `const PARAMETERS = { … }`: per operation, how each parameter is written and what it parses into (runtime `ParamSpec`). */
function parametersConstant(infos: OperationInfo[], byName: Map<string, NamedType>): string {
  const lookup = (name: string) => byName.get(name);
  const entries = infos.map((info) => {
    const specs = info.op.parameters.map((p) => paramSpecLiteral(p, p.contentType === undefined ? parameterShape(p.type, lookup) : contentShape(p.type, lookup)));
    return `\n  ${propertyKey(info.method)}: [${specs.join(', ')}],`;
  });
  return `/** How each operation's parameters are written and what they parse into. */\nconst PARAMETERS = {${entries.join('')}\n} satisfies Record<string, readonly ParamSpec[]>;`;
}

/** A \`content\` parameter is parsed as a whole document: only a non-JSON one needs a scalar kind. */
function contentShape(type: TypeRef, lookup: (name: string) => NamedType | undefined): ParameterShape {
  const s = parameterShape(type, lookup);
  return { shape: 'primitive', kind: s.shape === 'primitive' ? s.kind : 'string', nested: [] };
}

/** Query and cookie names of the API keys an operation accepts, when an exploded open object parameter would otherwise take them as its properties. */
function apiKeyNames(api: ApiModel, op: OperationInfo['op'], byName: Map<string, NamedType>): string[] {
  const takesAny = op.parameters.some(
    (p) => (p.in === 'query' || p.in === 'cookie') && p.contentType === undefined && p.explode && p.style !== 'deepObject' && parameterShape(p.type, (n) => byName.get(n)).open,
  );
  if (!takesAny) return [];
  const schemes = new Map((api.rest?.security ?? []).map((s) => [s.name, s]));
  const names = op.security.flat().flatMap((r) => {
    const s = schemes.get(r.scheme);
    return s?.kind === 'api-key' && s.in !== 'header' && s.parameterName ? [s.parameterName] : [];
  });
  return [...new Set(names)].sort();
}

/**
 * How each operation's declared error responses (4xx, 5xx, `default`) are written, so the stub's
 * own answers take that shape: one constant per distinct set, a table by operation, and the most
 * common set for requests that match no operation.
 */
function errorFormsConstants(api: ApiModel, infos: OperationInfo[]): string[] {
  const byName = new Map<string, NamedType>(api.types.map((t) => [t.name, t]));
  const isString = (type: TypeRef | undefined): boolean => {
    if (!type) return false;
    if (type.kind === 'scalar') return type.scalar === 'string';
    if (type.kind === 'named') {
      const t = byName.get(type.name);
      return t?.kind === 'scalar' && t.type.scalar === 'string';
    }
    return false;
  };
  const sets = new Map<string, { text: string; operations: string[] }>();
  for (const info of infos) {
    const entries = info.op.responses
      .filter((r) => /^[45]/.test(r.status) || r.status === 'default')
      .map((r) => `${stringLiteral(r.status)}: '${/problem\+json/i.test(r.contentType ?? '') ? 'problem' : isString(r.type) ? 'string' : 'object'}'`);
    const text = entries.length ? `{ ${entries.join(', ')} }` : '{}';
    const set = sets.get(text) ?? { text, operations: [] };
    set.operations.push(info.method);
    sets.set(text, set);
  }
  const ordered = [...sets.values()].sort((a, b) => b.operations.length - a.operations.length);
  const name = (i: number) => (ordered.length === 1 ? 'ERRORS' : `ERRORS_${i + 1}`);
  return [
    ...ordered.map((set, i) => `const ${name(i)}: ErrorForms = ${set.text};`),
    `/** The declared error responses of each operation (see \`formatError\`). */\nconst ERROR_FORMS: Record<string, ErrorForms> = {${infos.map((info) => `\n  ${propertyKey(info.method)}: ${name(ordered.findIndex((s) => s.operations.includes(info.method)))},`).join('')}\n};`,
    `/** For requests that reach no operation (404, 405): the forms most operations declare. */\nconst DOCUMENT_ERROR_FORMS: ErrorForms = ${ordered.length ? name(0) : '{}'};`,
  ];
}

/** `const BODIES = { … }`: per operation, its request body's media types, how form and multipart fields are read, and each one's validator. */
function bodiesConstant(infos: OperationInfo[], byName: Map<string, NamedType>, validators: Map<string, string>): string {
  const lookup = (name: string) => byName.get(name);
  const validator = (m: RestMedia): string | undefined => {
    // A text body of a non-string schema is handed over as the document's text: nothing to check it against.
    if (mediaKind(m.contentType) === 'text' && !isStringType(m.type, lookup)) return undefined;
    const name = validators.get(bodyName(m.type));
    return name ? `V.${name}` : undefined;
  };
  const entries = infos.map((info) => `\n  ${propertyKey(info.method)}: ${bodySpecLiteral(info.op.body!, lookup, { validator })},`);
  return `/** Each operation's request body: its media types (the first is the default), how form and multipart fields are read, and their validators. */\nconst BODIES = {${entries.join('')}\n} satisfies Record<string, BodySpec>;`;
}

function bodyName(type: TypeRef): string {
  const bare = type.kind === 'union' ? type.members.find((m) => m.kind === 'named') ?? type : type;
  return bare.kind === 'named' ? bare.name : '';
}
