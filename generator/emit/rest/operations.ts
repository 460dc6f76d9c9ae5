/**
 * Per-operation decisions shared by the REST emitters: method and alias names,
 * the input shape, and how the success answer is decoded.
 */
import type { ApiModel, Field, NamedType, ObjectType, RestBody, RestMedia, RestOperation, RestParameter, RestResponse, TypeRef } from '../../model/model.ts';
import { mediaKind } from '../../runtime/bodies.ts';
import { defaultExplode, defaultStyle, type ParamKind, type ParamStyle } from '../../runtime/params.ts';
import { NameTable, propertyKey, stringLiteral, typeIdentifier, valueIdentifier } from '../ts.ts';

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

/**
 * A parameter's entry in the emitted tables (runtime `ParamSpec`), defaults left out: how it is
 * written, and with `shape` (the server) what its text is parsed into.
 */
export function paramSpecLiteral(p: RestParameter, shape?: ParameterShape): string {
  const style: ParamStyle = p.style;
  const fields = [`name: ${stringLiteral(p.name)}`, `in: ${stringLiteral(p.in)}`];
  if (p.contentType !== undefined) fields.push(`content: ${stringLiteral(p.contentType)}`);
  else {
    if (style !== defaultStyle(p.in)) fields.push(`style: ${stringLiteral(style)}`);
    if (p.explode !== defaultExplode(style)) fields.push(`explode: ${p.explode}`);
    if (p.allowReserved) fields.push('allowReserved: true');
  }
  if (shape) {
    if (shape.kind !== 'string') fields.push(`kind: ${stringLiteral(shape.kind)}`);
    if (shape.shape !== 'primitive') fields.push(`shape: ${stringLiteral(shape.shape)}`);
    if (shape.properties && Object.keys(shape.properties).length > 0) {
      fields.push(`properties: { ${Object.entries(shape.properties).map(([k, kind]) => `${propertyKey(k)}: ${stringLiteral(kind)}`).join(', ')} }`);
    }
    if (shape.open) fields.push('open: true');
    if (p.default !== undefined) fields.push(`default: ${JSON.stringify(p.default)}`);
  }
  return `{ ${fields.join(', ')} }`;
}

/** A parameter value's shape and the kinds its text is coerced to: what both the loader's style checks and the server's parse table need. */
export interface ParameterShape {
  shape: 'primitive' | 'array' | 'object';
  /** The value's kind, its items' kind, or (objects) the kind of undeclared properties. */
  kind: ParamKind;
  /** Objects: the declared properties (inherited ones included) and their kinds. */
  properties?: Record<string, ParamKind>;
  /** Objects: undeclared names are properties too (no declared ones, or typed `additionalProperties`). */
  open?: boolean;
  /** Items or properties that are arrays or objects themselves (no style defines them; they travel as JSON text). */
  nested: string[];
}

/** The shape of a parameter of `type`; `lookup` finds named types. */
export function parameterShape(type: TypeRef, lookup: (name: string) => NamedType | undefined, depth = 0): ParameterShape {
  const bare = stripNull(type);
  const primitive = (kind: ParamKind): ParameterShape => ({ shape: 'primitive', kind, nested: [] });
  // A value nested inside an array or object: a scalar keeps its kind, anything else is JSON text.
  const inner = (t: TypeRef): { kind: ParamKind; nested: boolean } => {
    const s = parameterShape(t, lookup, depth + 1);
    return s.shape === 'primitive' ? { kind: s.kind, nested: false } : { kind: 'json', nested: true };
  };
  if (depth > 20) return primitive('json'); // a named type that refers to itself
  switch (bare.kind) {
    case 'named': {
      const t = lookup(bare.name);
      if (!t) return primitive('json');
      if (t.kind === 'object') {
        const chain: ObjectType[] = [];
        for (let o: NamedType | undefined = t; o?.kind === 'object' && chain.length < 20; o = o.base ? lookup(o.base) : undefined) chain.unshift(o);
        const properties: Record<string, ParamKind> = {};
        const nested: string[] = [];
        for (const field of chain.flatMap((o) => o.fields)) {
          const v = field.repeated ? { kind: 'json' as const, nested: true } : inner(field.type);
          properties[field.name] = v.kind;
          if (v.nested) nested.push(`property ${field.name}`);
        }
        const rest = chain.find((o) => o.rest)?.rest;
        const declared = Object.keys(properties).length > 0;
        const shape: ParameterShape = { shape: 'object', kind: 'string', properties, nested };
        if (rest && (!declared || rest.type.kind !== 'unknown')) shape.open = true;
        if (rest && rest.type.kind !== 'unknown') {
          const v = inner(rest.type);
          shape.kind = v.kind;
          if (v.nested) nested.push('additional properties');
        }
        return shape;
      }
      if (t.kind === 'union') return parameterShape({ kind: 'union', members: t.members }, lookup, depth + 1);
      return parameterShape(t.type, lookup, depth + 1);
    }
    case 'array': {
      const v = inner(bare.items);
      return { shape: 'array', kind: v.kind, nested: v.nested ? ['items'] : [] };
    }
    case 'scalar':
      return primitive(bare.scalar === 'int' ? 'integer' : bare.scalar === 'double' ? 'number' : bare.scalar === 'boolean' ? 'boolean' : 'string');
    case 'literal':
      return primitive(typeof bare.value === 'number' ? 'number' : typeof bare.value === 'boolean' ? 'boolean' : 'string');
    case 'union': {
      // Alternatives of one scalar kind keep it; numbers mixed with others are read as JSON (`5` → 5, `a` stays text).
      const kinds = new Set(bare.members.map((m) => parameterShape(m, lookup, depth + 1)).map((m) => (m.shape === 'primitive' ? m.kind : 'json')));
      return primitive(kinds.size === 1 ? [...kinds][0]! : kinds.has('integer') || kinds.has('number') ? 'json' : 'string');
    }
    default:
      return primitive('json');
  }
}

function stripNull(ref: TypeRef): TypeRef {
  if (ref.kind !== 'union') return ref;
  const members = ref.members.filter((m) => !(m.kind === 'literal' && m.value === null));
  return members.length === 1 ? members[0]! : { kind: 'union', members };
}

/**
 * An operation's request body as the runtime's `BodySpec` literal (see `runtime/bodies.ts`): per
 * documented media type, form fields as parameters (style from `encoding`), multipart part types.
 * With `server`, also what each field's text is coerced to and the media type's validator.
 */
export function bodySpecLiteral(body: RestBody, lookup: (name: string) => NamedType | undefined, server?: { validator: (media: RestMedia) => string | undefined }): string {
  const media = body.media.map((m) => {
    const kind = mediaKind(m.contentType);
    const fields = [`type: ${stringLiteral(m.contentType)}`];
    const properties = kind === 'form' || kind === 'multipart' ? objectFields(m.type, lookup) : [];
    if (kind === 'form' || (kind === 'multipart' && server)) {
      const specs = properties.map((f) => paramSpecLiteral(fieldParameter(f, m, kind, lookup), server ? fieldShape(f, lookup, kind) : undefined));
      if (specs.length) fields.push(`fields: [${specs.join(', ')}]`);
    }
    if (kind === 'multipart') {
      const parts = Object.entries(m.encoding ?? {}).filter(([, e]) => e.contentType !== undefined);
      if (parts.length) fields.push(`parts: { ${parts.map(([name, e]) => `${propertyKey(name)}: ${stringLiteral(e.contentType!)}`).join(', ')} }`);
    }
    const validator = server?.validator(m);
    if (validator) fields.push(`validate: ${validator}`);
    return `{ ${fields.join(', ')} }`;
  });
  return `{ ${body.required ? 'required: true, ' : ''}media: [${media.join(', ')}] }`;
}

/** A form field or multipart part as the query parameter it is written and read like. */
function fieldParameter(f: Field, m: RestMedia, kind: 'form' | 'multipart', lookup: (name: string) => NamedType | undefined): RestParameter {
  const e = m.encoding?.[f.name];
  const type: TypeRef = f.repeated ? { kind: 'array', items: f.type } : f.type;
  const p: RestParameter = { name: f.name, in: 'query', required: f.required, type, style: 'form', explode: true };
  if (kind === 'form') {
    p.style = e?.style ?? 'form';
    p.explode = e?.explode ?? defaultExplode(p.style);
    if (e?.allowReserved) p.allowReserved = true;
  } else if (/json/i.test(e?.contentType ?? '') || isStructured(type, lookup)) {
    // A multipart object (or array of objects) travels as one JSON part.
    p.contentType = 'application/json';
  }
  return p;
}

/** What a field's text is coerced to on the server: as a parameter of its type (a JSON part as a whole document). */
function fieldShape(f: Field, lookup: (name: string) => NamedType | undefined, kind: 'form' | 'multipart'): ParameterShape {
  const type: TypeRef = f.repeated ? { kind: 'array', items: f.type } : f.type;
  const shape = parameterShape(type, lookup);
  if (kind === 'multipart' && isStructured(type, lookup)) return { shape: 'primitive', kind: 'string', nested: [] };
  return shape;
}

/** An object, or an array whose items are objects: no form style writes it as text, so multipart sends JSON. */
function isStructured(type: TypeRef, lookup: (name: string) => NamedType | undefined): boolean {
  const s = parameterShape(type, lookup);
  return s.shape === 'object' || (s.shape === 'array' && s.kind === 'json');
}

/** The declared properties of an object body (inherited ones first); none for another type. */
export function objectFields(type: TypeRef, lookup: (name: string) => NamedType | undefined): Field[] {
  const bare = stripNull(type);
  if (bare.kind !== 'named') return [];
  const t = lookup(bare.name);
  if (t?.kind !== 'object') return [];
  const chain: ObjectType[] = [];
  for (let o: NamedType | undefined = t; o?.kind === 'object' && chain.length < 20; o = o.base ? lookup(o.base) : undefined) chain.unshift(o);
  return chain.flatMap((o) => o.fields);
}

/** Whether a type is a string (through names, unions and null): what a text body carries as its value. */
export function isStringType(type: TypeRef, lookup: (name: string) => NamedType | undefined, depth = 0): boolean {
  if (depth > 20) return false;
  if (type.kind === 'scalar') return type.scalar === 'string' || type.scalar === 'anyURI';
  if (type.kind === 'union') return type.members.every((m) => (m.kind === 'literal' && m.value === null) || isStringType(m, lookup, depth + 1));
  if (type.kind !== 'named') return false;
  const t = lookup(type.name);
  if (t?.kind === 'scalar') return isStringType(t.type, lookup, depth + 1);
  if (t?.kind === 'union') return isStringType({ kind: 'union', members: t.members }, lookup, depth + 1);
  return false;
}
