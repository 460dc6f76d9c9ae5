/**
 * Per-operation decisions shared by the REST emitters: method and alias names,
 * the input shape, and how the success answer is decoded.
 */
import type { ApiModel, RestOperation, RestResponse, TypeRef } from '../../model/model.ts';
import { NameTable, stringLiteral, typeIdentifier, valueIdentifier } from '../ts.ts';

export interface OperationInfo {
  op: RestOperation;
  /** Client/handler method name, e.g. `getLicenseCode`. */
  method: string;
  /** PascalCase stem for aliases, e.g. `GetLicenseCode`. */
  pascal: string;
  /** `paths['/api/LicenseCode']['get']`: the openapi-typescript type of the operation. */
  ref: string;
  /** `none`: no input; `body`: the input is the request body; `params`: `{ path, query, header, cookie, body }`. */
  input: 'none' | 'body' | 'params';
  /** Success responses (2xx, or `default` when no 2xx is declared). */
  success: RestResponse[];
  /** Status the server answers with by default. */
  successStatus: number;
  output: 'json' | 'text' | 'void';
  /** Error responses that declare content. */
  errors: RestResponse[];
}

export function operationInfos(api: ApiModel): OperationInfo[] {
  const methods = new NameTable();
  const types = new NameTable();
  // Names the emitted files use themselves: keep operation names from shadowing them.
  for (const reserved of ['options', 'transport', 'credentials', 'invoke', 'constructor']) methods.claim(reserved);
  return (api.rest?.operations ?? []).map((op) => {
    const method = methods.claim(valueIdentifier(op.id));
    const pascal = types.claim(typeIdentifier(op.id));
    const ref = `paths[${stringLiteral(op.path)}][${stringLiteral(op.method)}]`;
    const input = op.parameters.length > 0 ? 'params' : op.body ? 'body' : 'none';
    const twoXX = op.responses.filter((r) => /^2(\d\d|XX)$/i.test(r.status));
    const success = twoXX.length ? twoXX : op.responses.filter((r) => r.status === 'default');
    const withContent = success.filter((r) => r.contentType);
    const numeric = success.map((r) => (/^\d{3}$/.test(r.status) ? Number(r.status) : 200));
    const successStatus = success.length ? Math.min(...numeric) : 200;
    let output: OperationInfo['output'] = 'void';
    if (withContent.length) output = withContent.every((r) => !/json/i.test(r.contentType!)) ? 'text' : 'json';
    const errors = op.responses.filter((r) => !success.includes(r) && r.contentType);
    return { op, method, pascal, ref, input, success, successStatus, output, errors };
  });
}

/** The openapi-typescript key of a response status: `200`, `'2XX'`, `'default'`. */
export function responseKey(status: string): string {
  return /^\d{3}$/.test(status) ? status : stringLiteral(status);
}

/** The TypeScript type of a response body, via the openapi-typescript shape. */
export function responseType(info: OperationInfo, r: RestResponse): string {
  return `${info.ref}['responses'][${responseKey(r.status)}]['content'][${stringLiteral(r.contentType!)}]`;
}

/** How a parameter's text is coerced before validation (runtime `ParamKind`), and whether it is a list. */
export function paramCoercion(type: TypeRef, resolve: (name: string) => TypeRef | undefined): { kind: string; list: boolean } {
  const bare = stripNull(type);
  if (bare.kind === 'array') return { kind: paramCoercion(bare.items, resolve).kind, list: true };
  if (bare.kind === 'named') {
    const target = resolve(bare.name);
    return target ? paramCoercion(target, resolve) : { kind: 'string', list: false };
  }
  if (bare.kind === 'scalar') {
    if (bare.scalar === 'int') return { kind: 'integer', list: false };
    if (bare.scalar === 'double') return { kind: 'number', list: false };
    if (bare.scalar === 'boolean') return { kind: 'boolean', list: false };
    return { kind: 'string', list: false };
  }
  if (bare.kind === 'literal') return { kind: typeof bare.value === 'number' ? 'number' : typeof bare.value === 'boolean' ? 'boolean' : 'string', list: false };
  if (bare.kind === 'union') {
    const kinds = new Set(bare.members.map((m) => paramCoercion(m, resolve).kind));
    return { kind: kinds.size === 1 ? [...kinds][0]! : kinds.has('integer') || kinds.has('number') ? 'json' : 'string', list: false };
  }
  return { kind: 'json', list: false };
}

function stripNull(ref: TypeRef): TypeRef {
  if (ref.kind !== 'union') return ref;
  const members = ref.members.filter((m) => !(m.kind === 'literal' && m.value === null));
  return members.length === 1 ? members[0]! : { kind: 'union', members };
}
