/**
 * Emits `validators.ts` for an API (SOAP and REST alike): one
 * `validate<Type>(value, path, issues)` per named type, compiled from the model
 * into straight-line checks, so nothing interprets a schema at run time.
 *
 * Paths are JSON pointers (`/Usage/Status`, `/items/3/name`). Numbers that the
 * model keeps as text (xs:long, xs:decimal) are compared exactly through
 * `compareDecimal` from the runtime.
 */
import { CodeBlockWriter, StructureKind, VariableDeclarationKind, type StatementStructures, type WriterFunction } from 'ts-morph';
import type { ApiModel, ElementType, Field, NamedType, ObjectType, RestOperation, ScalarRef, TypeRef, UnionType } from '../model/model.ts';
import { generatedHeader, NameTable, printSourceFile, stringLiteral, typeIdentifier, type EmittedFile } from './ts.ts';
import { xsdToEcma } from '../model/xsd-builtins.ts';
import { ANY_PROPERTY, ENTRIES_PROPERTY, TEXT_PROPERTY, TYPE_PROPERTY } from './types.ts';
import { ModelIndex } from '../model/lookup.ts';


/** Keys every plain object inherits: read them as own properties only. */
const INHERITED = new Set(Object.getOwnPropertyNames(Object.prototype));

/** The validator function name for each named type, shared with the REST and SOAP emitters. */
export function validatorNames(api: ApiModel): Map<string, string> {
  const table = new NameTable();
  const names = new Map<string, string>();
  for (const t of api.types) names.set(t.name, table.claim(`validate${t.name}`));
  for (const t of api.types) if (t.kind === 'object' && t.polymorphism) names.set(t.polymorphism.union, table.claim(`validate${t.polymorphism.union}`));
  for (const op of api.rest?.operations ?? []) {
    if (op.parameters.length > 0) names.set(parametersKey(op), table.claim(`validate${typeIdentifier(op.id)}Parameters`));
  }
  return names;
}

/** Key in {@link validatorNames} of an operation's parameter validator. */
export function parametersKey(op: RestOperation): string {
  return `#parameters:${op.id}`;
}

/**
 * The parameters of a REST operation as one object type:
 * `{ path: {...}, query: {...}, header: {...}, cookie: {...} }`, which is the
 * shape openapi-typescript gives them, so validation paths read `/query/limit`.
 */
export function parametersObject(op: RestOperation): { groups: { in: string; fields: Field[] }[] } {
  const groups: { in: string; fields: Field[] }[] = [];
  for (const where of ['path', 'query', 'header', 'cookie'] as const) {
    const params = op.parameters.filter((p) => p.in === where);
    if (params.length === 0) continue;
    groups.push({
      in: where,
      fields: params.map((p) => {
        const nullable = p.type.kind === 'union' && p.type.members.some((m) => m.kind === 'literal' && m.value === null);
        return { name: p.name, type: p.type, required: p.required, nullable, doc: p.doc };
      }),
    });
  }
  return { groups };
}

export function emitValidators(api: ApiModel): EmittedFile {
  return new ValidatorEmitter(api).emit();
}

class ValidatorEmitter {
  private readonly byName = new Map<string, NamedType>();
  private readonly names: Map<string, string>;
  /** Module-level constants (regexes, enumeration sets), deduplicated by their source text. */
  private readonly constants = new Map<string, string>();
  private readonly hasSubtypes = new Set<string>();
  /** Types that are variants of a polymorphic type: their values may carry `$type`. */
  private readonly tagged = new Set<string>();
  private readonly index: ModelIndex;
  private readonly ecmaPatterns: boolean;
  /** JSON (REST) objects: `rest` is additionalProperties; in XML it is wildcard content under `$any`. */
  private readonly json: boolean;
  private readonly used = new Set<string>();
  private varCounter = 0;

  constructor(private readonly api: ApiModel) {
    for (const t of api.types) this.byName.set(t.name, t);
    for (const t of api.types) if (t.kind === 'object' && t.base) this.hasSubtypes.add(t.base);
    this.index = new ModelIndex(api);
    for (const t of api.types) {
      const polymorphic = this.index.polymorphic(t.name);
      if (polymorphic) for (const v of this.index.variants(polymorphic)) this.tagged.add(v.name);
    }
    this.names = validatorNames(api);
    // Patterns from OpenAPI are ECMAScript regexes (unanchored); from XSD they are XSD regexes (implicitly anchored).
    this.ecmaPatterns = api.rest !== undefined && api.soap === undefined;
    this.json = this.ecmaPatterns;
  }

  emit(): EmittedFile {
    const functions: StatementStructures[] = [];
    for (const t of this.api.types) {
      functions.push(this.validatorFunction(t));
      functions.push(this.checkFunction(t.name, this.names.get(t.name)!, t.doc));
      if (t.kind === 'object' && this.index.polymorphic(t.name)) {
        functions.push(this.variantFunction(t));
        functions.push(this.checkFunction(t.polymorphism!.union, this.names.get(t.polymorphism!.union)!));
      }
    }
    for (const op of this.api.rest?.operations ?? []) {
      if (op.parameters.length === 0) continue;
      const fn = this.names.get(parametersKey(op))!;
      functions.push(this.parametersFunction(op, fn));
    }
    const runtimeImports = ['type Issue', ...[...this.used].sort()];
    const statements: (string | WriterFunction | StatementStructures)[] = [
      {
        kind: StructureKind.ImportDeclaration,
        moduleSpecifier: '../runtime/validation.js',
        namedImports: runtimeImports,
      },
      {
        kind: StructureKind.ExportDeclaration,
        moduleSpecifier: '../runtime/validation.js',
        namedExports: ['type Issue', 'ValidationError', 'assertValid'],
      },
    ];
    for (const [text, name] of this.constants) {
      statements.push({
        kind: StructureKind.VariableStatement,
        declarationKind: VariableDeclarationKind.Const,
        declarations: [{ name, initializer: text }],
      });
    }
    statements.push(...functions);
    return printSourceFile('validators.ts', generatedHeader(this.api.source, `Validators for ${this.api.title}, compiled from the schema.`), statements);
  }

  private runtime(name: string): string {
    this.used.add(name);
    return name;
  }

  private constant(prefix: string, text: string): string {
    let name = this.constants.get(text);
    if (!name) {
      name = `${prefix}${this.constants.size}`;
      this.constants.set(text, name);
    }
    return name;
  }

  private fresh(prefix: string): string {
    return `${prefix}${this.varCounter++}`;
  }

  // -------------------------------------------------------------------------
  // Functions

  private validatorFunction(t: NamedType): StatementStructures {
    this.varCounter = 0;
    const fn = this.names.get(t.name)!;
    return {
      kind: StructureKind.Function,
      isExported: true,
      name: fn,
      docs: [{ description: `Checks a value against \`${t.name}\`, appending every problem to \`issues\`.` }],
      parameters: [
        { name: 'value', type: 'unknown' },
        { name: 'path', type: 'string' },
        { name: 'issues', type: 'Issue[]' },
      ],
      returnType: 'void',
      statements: render((w) => {
        switch (t.kind) {
          case 'object':
            this.objectBody(w, t);
            break;
          case 'union':
            this.unionBody(w, t);
            break;
          case 'element':
            this.elementBody(w, t);
            break;
          case 'scalar':
          case 'array':
            this.check(w, t.type, 'value', 'path', 'issues');
            break;
        }
      }),
    };
  }

  /** A variant union: `$type` picks the variant's validator; without it the value is the base (unless abstract). */
  private variantFunction(t: ObjectType): StatementStructures {
    this.varCounter = 0;
    const union = t.polymorphism!.union;
    const variants = this.index.variants(t);
    const fail = this.runtime('fail');
    return {
      kind: StructureKind.Function,
      isExported: true,
      name: this.names.get(union)!,
      docs: [{ description: `Checks a value against \`${union}\` (\`${t.name}\` or a type derived from it, named by \`${TYPE_PROPERTY}\`), appending every problem to \`issues\`.` }],
      parameters: [
        { name: 'value', type: 'unknown' },
        { name: 'path', type: 'string' },
        { name: 'issues', type: 'Issue[]' },
      ],
      returnType: 'void',
      statements: render((w) => {
        w.writeLine(`if (!${this.runtime('isRecord')}(value)) {`);
        w.indent(() => {
          w.writeLine(`${fail}(issues, path, 'type', ${stringLiteral(`expected an object (${union}), got `)} + ${this.runtime('typeOf')}(value));`);
          w.writeLine('return;');
        });
        w.writeLine('}');
        const tag = this.fresh('tag');
        w.writeLine(`const ${tag} = ${this.read('value', TYPE_PROPERTY)};`);
        w.writeLine(`switch (${tag}) {`);
        w.indent(() => {
          for (const v of variants) {
            if (v === t) w.writeLine('case undefined:');
            w.writeLine(`case ${stringLiteral(v.name)}:`);
            w.indent(() => {
              w.writeLine(`${this.names.get(v.name)}(value, path, issues);`);
              w.writeLine('return;');
            });
          }
          w.writeLine('default:');
          w.indent(() =>
            w.writeLine(
              `${fail}(issues, path + ${stringLiteral('/' + pointer(TYPE_PROPERTY))}, ${tag} === undefined ? 'required' : 'enum', ${stringLiteral(`expected one of ${variants.map((v) => v.name).join(', ')}${t.abstract ? ` (${t.name} is abstract)` : ''}`)});`,
            ),
          );
        });
        w.writeLine('}');
      }),
    };
  }

  private checkFunction(typeName: string, validator: string, _doc?: string): StatementStructures {
    const name = `check${validator.slice('validate'.length)}`;
    return {
      kind: StructureKind.Function,
      isExported: true,
      name,
      docs: [{ description: `All problems of a value as \`${typeName}\` (empty when valid).` }],
      parameters: [
        { name: 'value', type: 'unknown' },
        { name: 'path', initializer: "''" },
      ],
      returnType: 'Issue[]',
      statements: (w) => {
        w.writeLine('const issues: Issue[] = [];');
        w.writeLine(`${validator}(value, path, issues);`);
        w.writeLine('return issues;');
      },
    };
  }

  private parametersFunction(op: RestOperation, fn: string): StatementStructures {
    this.varCounter = 0;
    const { groups } = parametersObject(op);
    return {
      kind: StructureKind.Function,
      isExported: true,
      name: fn,
      docs: [{ description: `Checks the (already decoded) parameters of \`${op.method.toUpperCase()} ${op.path}\`, grouped by location.` }],
      parameters: [
        { name: 'value', type: 'unknown' },
        { name: 'path', type: 'string' },
        { name: 'issues', type: 'Issue[]' },
      ],
      returnType: 'void',
      statements: render((w) => {
        w.writeLine(`if (!${this.runtime('isRecord')}(value)) {`);
        w.indent(() => {
          w.writeLine(`${this.runtime('fail')}(issues, path, 'type', 'expected the parameters object');`);
          w.writeLine('return;');
        });
        w.writeLine('}');
        for (const g of groups) {
          const v = this.fresh('g');
          const required = g.fields.some((f) => f.required);
          w.writeLine(`const ${v} = ${this.read('value', g.in)};`);
          w.writeLine(`if (${this.runtime('isRecord')}(${v})) {`);
          w.indent(() => this.fields(w, g.fields, v, `path + ${stringLiteral('/' + g.in)}`, 'issues'));
          w.writeLine(`}${required ? ` else ${this.runtime('fail')}(issues, path + ${stringLiteral('/' + g.in)}, 'required', 'required ${g.in} parameters are missing');` : ''}`);
        }
      }),
    };
  }

  private objectBody(w: CodeBlockWriter, t: ObjectType): void {
    w.writeLine(`if (!${this.runtime('isRecord')}(value)) {`);
    w.indent(() => {
      w.writeLine(`${this.runtime('fail')}(issues, path, 'type', ${stringLiteral(`expected an object (${t.name}), got `)} + ${this.runtime('typeOf')}(value));`);
      w.writeLine('return;');
    });
    w.writeLine('}');
    const chain = this.baseChain(t);
    const fields = chain.flatMap((x) => x.fields);
    const choices = chain.flatMap((x) => x.choices ?? []);
    const inChoice = new Set(choices.flat());
    this.fields(w, fields, 'value', 'path', 'issues', inChoice);
    for (const choice of choices) {
      const present = choice.map((f) => `${this.read('value', f)} !== undefined`);
      const n = this.fresh('n');
      w.writeLine(`const ${n} = ${present.map((p) => `(${p} ? 1 : 0)`).join(' + ')};`);
      w.writeLine(
        `if (${n} !== 1) ${this.runtime('fail')}(issues, path, 'choice', ${stringLiteral(`expected exactly one of ${choice.join(', ')}, got `)} + ${n});`,
      );
    }
    const text = chain.find((x) => x.text)?.text;
    const known = new Set(fields.map((f) => f.name));
    if (text) known.add(TEXT_PROPERTY);
    if (this.tagged.has(t.name)) known.add(TYPE_PROPERTY);
    if (text) {
      const v = this.fresh('v');
      w.writeLine(`const ${v} = ${this.read('value', TEXT_PROPERTY)};`);
      w.writeLine(`if (${v} !== undefined && ${v} !== null) {`);
      w.indent(() => this.check(w, text, v, `path + ${stringLiteral('/' + pointer(TEXT_PROPERTY))}`, 'issues'));
      w.writeLine('}');
    }
    const mapEntry = chain.find((x) => x.mapEntry)?.mapEntry;
    const rest = chain.find((x) => x.rest)?.rest;
    if (mapEntry && fields.length > 0) {
      // The types emitter puts data-named children under `$entries` when the element also has fields.
      known.add(ENTRIES_PROPERTY);
      const e = this.fresh('v');
      const ep = `path + ${stringLiteral('/' + pointer(ENTRIES_PROPERTY))}`;
      w.writeLine(`const ${e} = ${this.read('value', ENTRIES_PROPERTY)};`);
      w.writeLine(`if (${e} !== undefined) {`);
      w.indent(() => this.check(w, { kind: 'named', name: `#map:${mapEntry}` }, e, ep, 'issues'));
      w.writeLine('}');
    }
    let entryType: TypeRef | undefined;
    if (mapEntry && fields.length === 0) entryType = { kind: 'named', name: mapEntry };
    else if (rest && this.json) entryType = rest.type;
    else if (rest) {
      // XML wildcard content rides along as parsed elements under `$any`; it is not checked.
      known.add(ANY_PROPERTY);
    }
    const open = entryType !== undefined && entryType.kind === 'unknown';
    // A type others extend may legitimately carry their fields, so it stays open.
    if (open || (!entryType && this.hasSubtypes.has(t.name))) return;
    const k = this.fresh('k');
    w.writeLine(`for (const ${k} of Object.keys(value)) {`);
    w.indent(() => {
      if (known.size > 0) {
        w.writeLine(`switch (${k}) {`);
        w.indent(() => {
          for (const name of known) w.writeLine(`case ${stringLiteral(name)}:`);
          w.indent(() => w.writeLine('continue;'));
        });
        w.writeLine('}');
      }
      const kp = `path + '/' + ${this.runtime('pointerSegment')}(${k})`;
      if (!entryType) {
        w.writeLine(`${this.runtime('fail')}(issues, ${kp}, 'unknown', 'unexpected property ' + JSON.stringify(${k}));`);
      } else {
        const v = this.fresh('v');
        w.writeLine(`const ${v} = (value as Record<string, unknown>)[${k}];`);
        this.check(w, entryType, v, kp, 'issues');
      }
    });
    w.writeLine('}');
  }

  private baseChain(t: ObjectType): ObjectType[] {
    const chain: ObjectType[] = [];
    const seen = new Set<string>();
    for (let cur: ObjectType | undefined = t; cur && !seen.has(cur.name); ) {
      seen.add(cur.name);
      chain.unshift(cur);
      const base: NamedType | undefined = cur.base ? this.byName.get(cur.base) : undefined;
      cur = base?.kind === 'object' ? base : undefined;
    }
    return chain;
  }

  /** `o.name`, or an own-property read for names every object inherits. */
  private read(object: string, name: string): string {
    if (INHERITED.has(name)) return `${this.runtime('own')}(${object}, ${stringLiteral(name)})`;
    // A record's keys are read by index (`noPropertyAccessFromIndexSignature` in consumers' configs).
    return `${object}[${stringLiteral(name)}]`;
  }

  private fields(w: CodeBlockWriter, fields: Field[], object: string, path: string, issues: string, optionalByChoice = new Set<string>()): void {
    for (const f of fields) {
      const v = this.fresh('v');
      const fp = `${path} + ${stringLiteral('/' + pointer(f.name))}`;
      w.writeLine(`const ${v} = ${this.read(object, f.name)};`);
      const required = f.required && !optionalByChoice.has(f.name) && !(f.repeated && f.repeated.min === 0);
      const fail = this.runtime('fail');
      const lead = required ? `if (${v} === undefined) ${fail}(${issues}, ${fp}, 'required', 'required');\nelse ` : `if (${v} !== undefined) `;
      if (f.repeated) {
        // Each occurrence may be nil when the element is nillable; the list itself is never null.
        w.writeLine(`${lead}if (!Array.isArray(${v})) ${fail}(${issues}, ${fp}, 'type', 'expected a list, got ' + ${this.runtime('typeOf')}(${v}));`);
        w.writeLine('else {');
        w.indent(() => {
          const { min, max } = f.repeated!;
          if (min > 0) w.writeLine(`if (${v}.length < ${min}) ${fail}(${issues}, ${fp}, 'items', ${stringLiteral(`expected at least ${min} item(s)`)});`);
          if (max !== 'unbounded') w.writeLine(`if (${v}.length > ${max}) ${fail}(${issues}, ${fp}, 'items', ${stringLiteral(`expected at most ${max} item(s)`)});`);
          const i = this.fresh('i');
          w.writeLine(`for (let ${i} = 0; ${i} < ${v}.length; ${i}++) {`);
          w.indent(() => {
            const item = this.fresh('v');
            w.writeLine(`const ${item}: unknown = ${v}[${i}];`);
            const ip = `${fp} + '/' + ${i}`;
            if (f.nullable) w.writeLine(`if (${item} !== null) {`);
            else w.writeLine(`if (${item} === null) ${fail}(${issues}, ${ip}, 'type', 'null is not allowed');\nelse {`);
            w.indent(() => this.check(w, f.type, item, ip, issues));
            w.writeLine('}');
          });
          w.writeLine('}');
        });
        w.writeLine('}');
        continue;
      }
      // Without `nullable`, null falls through to the type check, which rejects it with "expected …, got null".
      if (f.nullable) w.writeLine(`${lead}if (${v} !== null) {`);
      else w.writeLine(`${lead}{`);
      w.indent(() => this.check(w, f.type, v, fp, issues));
      w.writeLine('}');
    }
  }

  private acceptsNull(ref: TypeRef): boolean {
    if (ref.kind === 'literal') return ref.value === null;
    if (ref.kind === 'unknown') return true;
    if (ref.kind === 'union') return ref.members.some((m) => this.acceptsNull(m));
    return false;
  }

  private unionBody(w: CodeBlockWriter, t: UnionType): void {
    if (t.discriminator) {
      const d = t.discriminator;
      const fail = this.runtime('fail');
      w.writeLine(`if (!${this.runtime('isRecord')}(value)) {`);
      w.indent(() => {
        w.writeLine(`${fail}(issues, path, 'type', ${stringLiteral(`expected an object (${t.name}), got `)} + ${this.runtime('typeOf')}(value));`);
        w.writeLine('return;');
      });
      w.writeLine('}');
      const tag = this.fresh('tag');
      w.writeLine(`const ${tag} = ${this.read('value', d.property)};`);
      w.writeLine(`switch (${tag}) {`);
      w.indent(() => {
        for (const [value, target] of Object.entries(d.mapping)) {
          w.writeLine(`case ${stringLiteral(value)}:`);
          w.indent(() => {
            w.writeLine(`${this.names.get(target)}(value, path, issues);`);
            w.writeLine('return;');
          });
        }
        w.writeLine('default:');
        w.indent(() =>
          w.writeLine(
            `${fail}(issues, path + ${stringLiteral('/' + pointer(d.property))}, ${tag} === undefined ? 'required' : 'enum', ${stringLiteral(`expected one of ${Object.keys(d.mapping).join(', ')}`)});`,
          ),
        );
      });
      w.writeLine('}');
      return;
    }
    this.check(w, { kind: 'union', members: t.members }, 'value', 'path', 'issues');
  }

  private elementBody(w: CodeBlockWriter, t: ElementType): void {
    w.writeLine('if (value === null) {');
    w.indent(() => {
      if (!t.nillable) w.writeLine(`${this.runtime('fail')}(issues, path, 'type', 'null is not allowed (the element is not nillable)');`);
      w.writeLine('return;');
    });
    w.writeLine('}');
    this.check(w, t.type, 'value', 'path', 'issues');
  }

  // -------------------------------------------------------------------------
  // Checks for a type reference on a value known not to be undefined

  private check(w: CodeBlockWriter, ref: TypeRef, v: string, path: string, issues: string): void {
    const fail = this.runtime('fail');
    switch (ref.kind) {
      case 'named': {
        if (ref.name.startsWith('#map:')) {
          const entry = this.names.get(ref.name.slice(5));
          const k = this.fresh('k');
          w.writeLine(`if (!${this.runtime('isRecord')}(${v})) ${fail}(${issues}, ${path}, 'type', 'expected an object of entries, got ' + ${this.runtime('typeOf')}(${v}));`);
          w.writeLine(`else for (const ${k} of Object.keys(${v})) ${entry}(${v}[${k}], ${path} + '/' + ${this.runtime('pointerSegment')}(${k}), ${issues});`);
          return;
        }
        const fn = this.names.get(this.index.polymorphic(ref.name)?.polymorphism.union ?? ref.name);
        if (!fn) {
          w.writeLine(`// unknown type ${ref.name}: not checked`);
          return;
        }
        w.writeLine(`${fn}(${v}, ${path}, ${issues});`);
        return;
      }
      case 'unknown':
        return;
      case 'literal':
        w.writeLine(
          `if (${v} !== ${ref.value === null ? 'null' : typeof ref.value === 'string' ? stringLiteral(ref.value) : String(ref.value)}) ${fail}(${issues}, ${path}, 'literal', ${stringLiteral(`expected ${JSON.stringify(ref.value)}`)});`,
        );
        return;
      case 'array':
        w.writeLine(`if (!Array.isArray(${v})) ${fail}(${issues}, ${path}, 'type', 'expected an array, got ' + ${this.runtime('typeOf')}(${v}));`);
        w.writeLine('else {');
        w.indent(() => {
          if (ref.minItems !== undefined && ref.minItems > 0) w.writeLine(`if (${v}.length < ${ref.minItems}) ${fail}(${issues}, ${path}, 'items', ${stringLiteral(`expected at least ${ref.minItems} item(s)`)});`);
          if (ref.maxItems !== undefined) w.writeLine(`if (${v}.length > ${ref.maxItems}) ${fail}(${issues}, ${path}, 'items', ${stringLiteral(`expected at most ${ref.maxItems} item(s)`)});`);
          if (ref.items.kind === 'unknown') return;
          const i = this.fresh('i');
          w.writeLine(`for (let ${i} = 0; ${i} < ${v}.length; ${i}++) {`);
          w.indent(() => {
            const item = this.fresh('v');
            w.writeLine(`const ${item}: unknown = ${v}[${i}];`);
            this.check(w, ref.items, item, `${path} + '/' + ${i}`, issues);
          });
          w.writeLine('}');
        });
        w.writeLine('}');
        return;
      case 'union':
        this.unionCheck(w, ref.members, v, path, issues);
        return;
      case 'document':
        this.documentCheck(w, ref, v, path, issues);
        return;
      case 'scalar':
        this.scalarCheck(w, ref, v, path, issues);
        return;
    }
  }

  private unionCheck(w: CodeBlockWriter, members: TypeRef[], v: string, path: string, issues: string): void {
    const nonNull = members.filter((m) => !(m.kind === 'literal' && m.value === null));
    const allowsNull = nonNull.length !== members.length;
    if (nonNull.length === 0) {
      this.check(w, { kind: 'literal', value: null }, v, path, issues);
      return;
    }
    if (members.some((m) => m.kind === 'unknown')) return;
    if (nonNull.length === 1) {
      if (allowsNull) {
        w.writeLine(`if (${v} !== null) {`);
        w.indent(() => this.check(w, nonNull[0]!, v, path, issues));
        w.writeLine('}');
      } else this.check(w, nonNull[0]!, v, path, issues);
      return;
    }
    // Try each member into its own list; the value is valid if one member accepts it.
    // Otherwise report the closest member's issues (fewest), which names the deepest bad field.
    const best = this.fresh('best');
    const done = this.fresh('ok');
    w.writeLine(`${allowsNull ? `if (${v} !== null) ` : ''}{`);
    w.indent(() => {
      w.writeLine(`let ${best}: Issue[] | undefined;`);
      w.writeLine(`let ${done} = false;`);
      for (const m of nonNull) {
        const t = this.fresh('t');
        w.writeLine(`if (!${done}) {`);
        w.indent(() => {
          w.writeLine(`const ${t}: Issue[] = [];`);
          this.check(w, m, v, path, t);
          w.writeLine(`if (${t}.length === 0) ${done} = true;`);
          w.writeLine(`else if (${best} === undefined || ${t}.length < ${best}.length) ${best} = ${t};`);
        });
        w.writeLine('}');
      }
      w.writeLine(`if (!${done} && ${best}) ${issues}.push(...${best});`);
    });
    w.writeLine('}');
  }

  private documentCheck(w: CodeBlockWriter, ref: Extract<TypeRef, { kind: 'document' }>, v: string, path: string, issues: string): void {
    const roots = ref.roots.map((r) => this.byName.get(r)).filter((t): t is NamedType => t !== undefined);
    const fail = this.runtime('fail');
    if (roots.length === 0) return;
    if (ref.orText) {
      // cg:documentOrText: `{ document: … }` (checked as the document) or `{ text: string }`, exactly one key.
      const keys = this.fresh('keys');
      const o = this.fresh('o');
      w.writeLine(`if (!${this.runtime('isRecord')}(${v})) ${fail}(${issues}, ${path}, 'type', 'expected { document } or { text }, got ' + ${this.runtime('typeOf')}(${v}));`);
      w.writeLine('else {');
      w.indent(() => {
        w.writeLine(`const ${o} = ${v} as Record<string, unknown>;`);
        w.writeLine(`const ${keys} = Object.keys(${o});`);
        w.writeLine(`if (${keys}.length !== 1 || (${keys}[0] !== 'document' && ${keys}[0] !== 'text')) ${fail}(${issues}, ${path}, 'choice', 'expected exactly one of document, text');`);
        w.writeLine(`else if (${keys}[0] === 'text') {`);
        w.indent(() => w.writeLine(`if (typeof ${o}['text'] !== 'string') ${fail}(${issues}, ${path} + '/text', 'type', 'expected a string, got ' + ${this.runtime('typeOf')}(${o}['text']));`));
        w.writeLine('} else {');
        w.indent(() => {
          const d = this.fresh('d');
          w.writeLine(`const ${d}: unknown = ${o}['document'];`);
          this.documentCheck(w, { ...ref, orText: false }, d, `${path} + '/document'`, issues);
        });
        w.writeLine('}');
      });
      w.writeLine('}');
      return;
    }
    if (ref.list) {
      // cg:documentList: an array of documents, each checked like a single one.
      const item = this.fresh('item');
      const i = this.fresh('i');
      w.writeLine(`if (!Array.isArray(${v})) ${fail}(${issues}, ${path}, 'type', 'expected a list of documents, got ' + ${this.runtime('typeOf')}(${v}));`);
      w.writeLine(`else for (let ${i} = 0; ${i} < ${v}.length; ${i}++) {`);
      w.indent(() => {
        w.writeLine(`const ${item} = ${v}[${i}];`);
        this.documentCheck(w, { ...ref, list: false }, item, `${path} + '/' + ${i}`, issues);
      });
      w.writeLine('}');
      return;
    }
    // cg:documentType: the root's content has this (derived) type rather than the root's own.
    if (roots.length === 1 && ref.contentType) {
      this.check(w, ref.contentType, v, path, issues);
      return;
    }
    if (roots.length === 1) {
      w.writeLine(`${this.names.get(roots[0]!.name)}(${v}, ${path}, ${issues});`);
      return;
    }
    // Several possible roots: the value is `{ [rootLocalName]: content }`.
    const keys = this.fresh('keys');
    w.writeLine(`if (!${this.runtime('isRecord')}(${v})) ${fail}(${issues}, ${path}, 'type', 'expected an object naming the document root, got ' + ${this.runtime('typeOf')}(${v}));`);
    w.writeLine('else {');
    w.indent(() => {
      w.writeLine(`const ${keys} = Object.keys(${v});`);
      const names = roots.map((r) => (r.kind === 'element' ? r.element.local : r.name));
      w.writeLine(`if (${keys}.length !== 1) ${fail}(${issues}, ${path}, 'choice', ${stringLiteral(`expected exactly one document root of ${names.join(', ')}`)});`);
      w.writeLine(`else switch (${keys}[0]) {`);
      w.indent(() => {
        roots.forEach((r, i) => {
          w.writeLine(`case ${stringLiteral(names[i]!)}:`);
          w.indent(() => {
            w.writeLine(`${this.names.get(r.name)}((${v} as Record<string, unknown>)[${stringLiteral(names[i]!)}], ${path} + ${stringLiteral('/' + pointer(names[i]!))}, ${issues});`);
            w.writeLine('break;');
          });
        });
        w.writeLine('default:');
        w.indent(() => w.writeLine(`${fail}(${issues}, ${path} + '/' + ${this.runtime('pointerSegment')}(${keys}[0]!), 'unknown', ${stringLiteral(`expected a document root of ${names.join(', ')}`)});`));
      });
      w.writeLine('}');
    });
    w.writeLine('}');
  }

  private scalarCheck(w: CodeBlockWriter, ref: ScalarRef, v: string, path: string, issues: string): void {
    const fail = this.runtime('fail');
    const f = ref.facets ?? {};
    const typeOf = this.runtime('typeOf');
    const got = `', got ' + ${typeOf}(${v})`;
    // `s` is the value as text (for lexical checks), `n` as a number when that is exact.
    switch (ref.scalar) {
      case 'boolean': {
        const cond = ref.lenient ? `typeof ${v} !== 'boolean' && !(typeof ${v} === 'string' && ${this.runtime('BOOLEAN_RE')}.test(${v}))` : `typeof ${v} !== 'boolean'`;
        w.writeLine(`if (${cond}) ${fail}(${issues}, ${path}, 'type', 'expected a boolean'${ref.lenient ? " + ' (or its text form)'" : ''} + ${got});`);
        if (f.enumeration) {
          w.writeLine(`else if (${f.enumeration.map((e) => `String(${v}) !== ${stringLiteral(String(e.value))}`).join(' && ')}) ${fail}(${issues}, ${path}, 'enum', ${stringLiteral(`expected one of ${f.enumeration.map((e) => String(e.value)).join(', ')}`)});`);
        }
        return;
      }
      case 'int':
      case 'double': {
        const isInt = ref.scalar === 'int';
        const numOk = isInt ? `Number.isInteger(${v})` : `typeof ${v} === 'number'`;
        const textRe = this.runtime(isInt ? 'INTEGER_RE' : 'DOUBLE_RE');
        const expected = isInt ? 'an integer' : 'a number';
        if (!ref.lenient) {
          w.writeLine(`if (${isInt ? `typeof ${v} !== 'number' || !Number.isInteger(${v})` : `typeof ${v} !== 'number'`}) ${fail}(${issues}, ${path}, 'type', ${stringLiteral(`expected ${expected}`)} + ${got});`);
          const checks = this.numericFacets(ref, v, path, issues, 'number');
          if (checks.length) {
            w.writeLine('else {');
            w.indent(() => checks.forEach((c) => w.writeLine(c)));
            w.writeLine('}');
          }
          return;
        }
        w.writeLine(`if (!(${numOk} || (typeof ${v} === 'string' && ${textRe}.test(${v})))) ${fail}(${issues}, ${path}, 'type', ${stringLiteral(`expected ${expected} (or its text form)`)} + ${got});`);
        const checks = this.numericFacets(ref, v, path, issues, 'text');
        if (checks.length) {
          w.writeLine('else {');
          w.indent(() => checks.forEach((c) => w.writeLine(c)));
          w.writeLine('}');
        }
        return;
      }
      case 'long':
      case 'decimal': {
        const re = this.runtime(ref.scalar === 'long' ? 'INTEGER_RE' : 'DECIMAL_RE');
        const expected = ref.scalar === 'long' ? 'an integer as text' : 'a decimal number as text';
        const numOk = ref.scalar === 'long' ? `Number.isSafeInteger(${v})` : `(typeof ${v} === 'number' && Number.isFinite(${v}))`;
        const cond = ref.lenient ? `!((typeof ${v} === 'string' && ${re}.test(${v})) || ${numOk})` : `!(typeof ${v} === 'string' && ${re}.test(${v}))`;
        w.writeLine(`if (${cond}) ${fail}(${issues}, ${path}, 'type', ${stringLiteral(`expected ${expected}`)} + ${got});`);
        const checks = this.numericFacets(ref, v, path, issues, 'text');
        if (checks.length) {
          w.writeLine('else {');
          w.indent(() => checks.forEach((c) => w.writeLine(c)));
          w.writeLine('}');
        }
        return;
      }
      default: {
        if (ref.scalar === 'string' && f.format === 'binary') {
          // File content (an octet-stream body, a multipart file part): text, bytes, a Blob or a file part; its length is not the string's.
          w.writeLine(`if (!${this.runtime('isBinary')}(${v})) ${fail}(${issues}, ${path}, 'type', 'expected binary content (a string, bytes, a Blob or a file part)' + ${got});`);
          return;
        }
        w.writeLine(`if (typeof ${v} !== 'string') ${fail}(${issues}, ${path}, 'type', 'expected a string' + ${got});`);
        const checks = this.stringFacets(ref, v, path, issues);
        if (checks.length) {
          w.writeLine('else {');
          w.indent(() => checks.forEach((c) => w.writeLine(c)));
          w.writeLine('}');
        }
      }
    }
  }

  /** Checks on a value already known to be of the right JSON type. `mode` = how the value is held. */
  private numericFacets(ref: ScalarRef, v: string, path: string, issues: string, mode: 'number' | 'text'): string[] {
    const f = ref.facets ?? {};
    const fail = this.runtime('fail');
    const out: string[] = [];
    const bounds: { op: string; bound: string; inclusive: boolean; min: boolean }[] = [];
    // The built-in types' ranges are facets in the model (BUILTIN_RANGES), read here like any bound.
    if (f.minInclusive !== undefined) bounds.push({ op: 'min', bound: f.minInclusive, inclusive: true, min: true });
    if (f.minExclusive !== undefined) bounds.push({ op: 'min', bound: f.minExclusive, inclusive: false, min: true });
    if (f.maxInclusive !== undefined) bounds.push({ op: 'max', bound: f.maxInclusive, inclusive: true, min: false });
    if (f.maxExclusive !== undefined) bounds.push({ op: 'max', bound: f.maxExclusive, inclusive: false, min: false });
    const numericBound = (b: string) => /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(b.trim()) && Number.isFinite(Number(b));
    for (const b of bounds) {
      const msg = stringLiteral(`must be ${b.min ? (b.inclusive ? '≥' : '>') : b.inclusive ? '≤' : '<'} ${b.bound}`);
      if (!numericBound(b.bound)) continue;
      let bad: string;
      if (mode === 'number' && Number.isSafeInteger(Number(b.bound)) || (mode === 'number' && ref.scalar === 'double')) {
        const n = String(Number(b.bound));
        bad = b.min ? (b.inclusive ? `${v} < ${n}` : `${v} <= ${n}`) : b.inclusive ? `${v} > ${n}` : `${v} >= ${n}`;
      } else {
        const cmp = `${this.runtime('compareDecimal')}(${v} as string | number, ${stringLiteral(b.bound.trim())})`;
        bad = b.min ? (b.inclusive ? `${cmp} < 0` : `${cmp} <= 0`) : b.inclusive ? `${cmp} > 0` : `${cmp} >= 0`;
      }
      out.push(`if (${bad}) ${fail}(${issues}, ${path}, 'range', ${msg});`);
    }
    if (f.totalDigits !== undefined || f.fractionDigits !== undefined) {
      const d = this.fresh('d');
      out.push(`const ${d} = ${this.runtime('digitCounts')}(${v} as string | number);`);
      if (f.totalDigits !== undefined) out.push(`if (${d}.total > ${f.totalDigits}) ${fail}(${issues}, ${path}, 'digits', ${stringLiteral(`at most ${f.totalDigits} digits`)});`);
      if (f.fractionDigits !== undefined) out.push(`if (${d}.fraction > ${f.fractionDigits}) ${fail}(${issues}, ${path}, 'digits', ${stringLiteral(`at most ${f.fractionDigits} fraction digits`)});`);
    }
    if (f.enumeration) {
      const values = f.enumeration.map((e) => String(e.value));
      const set = this.constant('ENUM', `new Set<string>([${values.map(stringLiteral).join(', ')}])`);
      out.push(`if (!${set}.has(String(${v}))) ${fail}(${issues}, ${path}, 'enum', ${stringLiteral(`expected one of ${values.join(', ')}`)});`);
    }
    if (f.patterns?.length) out.push(...this.patternChecks(f.patterns, `String(${v})`, path, issues));
    return out;
  }

  private stringFacets(ref: ScalarRef, v: string, path: string, issues: string): string[] {
    const f = ref.facets ?? {};
    const fail = this.runtime('fail');
    const out: string[] = [];
    const lexical: Partial<Record<string, [string, string]>> = {
      date: ['DATE_RE', 'a date (YYYY-MM-DD)'],
      dateTime: ['DATETIME_RE', 'a date-time (YYYY-MM-DDThh:mm:ss)'],
      time: ['TIME_RE', 'a time (hh:mm:ss)'],
      duration: ['DURATION_RE', 'a duration (PnYnMnDTnHnMnS)'],
      base64Binary: ['BASE64_RE', 'base64 data'],
      hexBinary: ['HEX_RE', 'hexadecimal data'],
    };
    const formats: Record<string, [string, string]> = { email: ['EMAIL_RE', 'an email address'], uuid: ['UUID_RE', 'a UUID'], ipv4: ['IPV4_RE', 'an IPv4 address'] };
    const lex = lexical[ref.scalar] ?? (f.format ? formats[f.format] : undefined);
    if (lex) out.push(`if (!${this.runtime(lex[0])}.test(${v})) ${fail}(${issues}, ${path}, 'format', ${stringLiteral(`expected ${lex[1]}`)});`);
    if (f.length !== undefined || f.minLength !== undefined || f.maxLength !== undefined) {
      const binary = ref.scalar === 'base64Binary' ? 'base64' : ref.scalar === 'hexBinary' ? 'hex' : undefined;
      if (binary) {
        const n = this.fresh('len');
        out.push(`const ${n} = ${this.runtime('octets')}(${v}, '${binary}');`);
        if (f.length !== undefined) out.push(`if (${n} !== ${f.length}) ${fail}(${issues}, ${path}, 'length', ${stringLiteral(`length must be ${f.length}`)});`);
        if (f.minLength !== undefined) out.push(`if (${n} < ${f.minLength}) ${fail}(${issues}, ${path}, 'length', ${stringLiteral(`length must be at least ${f.minLength}`)});`);
        if (f.maxLength !== undefined) out.push(`if (${n} > ${f.maxLength}) ${fail}(${issues}, ${path}, 'length', ${stringLiteral(`length must be at most ${f.maxLength}`)});`);
      } else {
        // Lengths count code points; a UTF-16 length already decides most cases (code points ≤ units ≤ 2 × code points),
        // so the counting loop runs only near a bound.
        const cp = `${this.runtime('codePoints')}(${v})`;
        const min = f.length ?? f.minLength;
        const max = f.length ?? f.maxLength;
        const exact = f.length !== undefined;
        if (min !== undefined && min > 0) {
          out.push(`if (${v}.length < ${min * 2} && ${cp} < ${min}) ${fail}(${issues}, ${path}, 'length', ${stringLiteral(exact ? `length must be ${min}` : `length must be at least ${min}`)});`);
        }
        if (max !== undefined) {
          out.push(`${exact && min! > 0 ? 'else ' : ''}if (${v}.length > ${max} && ${cp} > ${max}) ${fail}(${issues}, ${path}, 'length', ${stringLiteral(exact ? `length must be ${max}` : `length must be at most ${max}`)});`);
        }
      }
    }
    if (f.enumeration) {
      const values = f.enumeration.map((e) => String(e.value));
      if (values.length <= 6) {
        out.push(`if (${values.map((x) => `${v} !== ${stringLiteral(x)}`).join(' && ')}) ${fail}(${issues}, ${path}, 'enum', ${stringLiteral(`expected one of ${values.join(', ')}`)});`);
      } else {
        const set = this.constant('ENUM', `new Set<string>([${values.map(stringLiteral).join(', ')}])`);
        const shown = values.length > 12 ? `${values.slice(0, 12).join(', ')}, … (${values.length} values)` : values.join(', ');
        out.push(`if (!${set}.has(${v})) ${fail}(${issues}, ${path}, 'enum', ${stringLiteral(`expected one of ${shown}`)});`);
      }
    }
    // Bounds on dates and other ordered strings are not compared (no model need so far).
    if (f.patterns?.length) out.push(...this.patternChecks(f.patterns, v, path, issues));
    return out;
  }

  /** Several patterns on one type: a value must match one of them (XSD ORs patterns of one restriction step). */
  private patternChecks(patterns: string[], v: string, path: string, issues: string): string[] {
    const regexes = patterns.map((p) => this.regex(p)).filter((r): r is string => r !== undefined);
    if (regexes.length === 0) return [];
    const names = regexes.map((r) => this.constant('PATTERN', r));
    const shown = patterns.join(' | ');
    return [
      `if (${names.map((n) => `!${n}.test(${v})`).join(' && ')}) ${this.runtime('fail')}(${issues}, ${path}, 'pattern', ${stringLiteral(`must match ${shown}`)});`,
    ];
  }

  /** A regex literal for a pattern, or undefined if it cannot be expressed in JavaScript. */
  private regex(pattern: string): string | undefined {
    const source = this.ecmaPatterns ? pattern : `^(?:${xsdToEcma(pattern)})$`;
    for (const flags of ['u', '']) {
      try {
        new RegExp(source, flags);
        return `/${regexLiteralBody(source)}/${flags}`;
      } catch {
        // try the next flag set
      }
    }
    return undefined;
  }
}

/**
 * Runs a body writer now rather than at print time, so the runtime helpers it
 * uses are known before the import list is printed.
 */
function render(body: (w: CodeBlockWriter) => void): string {
  const w = new CodeBlockWriter({ indentNumberOfSpaces: 2, useSingleQuote: true });
  body(w);
  return w.toString();
}

/** A regex source as the body of a `/…/` literal: unescaped slashes and line breaks escaped, escapes kept. */
function regexLiteralBody(source: string): string {
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\' && i + 1 < source.length) {
      out += c + source[++i];
    } else if (c === '/') out += '\\/';
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\u2028') out += '\\u2028';
    else if (c === '\u2029') out += '\\u2029';
    else out += c;
  }
  return out === '' ? '(?:)' : out;
}

/** Escapes a property name as one JSON-pointer segment. */
function pointer(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1');
}
