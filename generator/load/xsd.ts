/**
 * The XSD compiler: schemas (inline in a WSDL or in files, with imports and
 * includes resolved now, never at run time) → the model's NamedType graph.
 *
 * One function per schema construct: complexType, particles (sequence, choice,
 * all, group), attributes, simpleType (restriction, list, union), elements.
 */
import path from 'node:path';
import type { Diagnostic, ElementType, Facets, Field, NamedType, ObjectType, QName, ScalarKind, ScalarRef, TypeRef } from '../model/model.ts';
import { NameTable, typeIdentifier } from '../emit/ts.ts';
import { BUILTIN_RANGES, xsdPatternProblem, xsdToEcma } from '../model/xsd-builtins.ts';
import type { XmlElement } from '../runtime/xml.ts';
import { attr, CG_NS, childrenOf, documentation, firstChild, locate, nsAttr, qnameAttr, readXmlSource, SOAP_ENC_NS, WSDL_NS, XSD_NS, type XmlSource } from './xml-source.ts';

/** A schema element and the facts its declarations inherit. */
interface SchemaDoc {
  source: XmlSource;
  el: XmlElement;
  targetNamespace: string;
  elementQualified: boolean;
  attributeQualified: boolean;
}

/** A global declaration with the schema it lives in. */
interface Decl {
  doc: SchemaDoc;
  el: XmlElement;
}

const clark = (q: QName): string => `{${q.ns}}${q.local}`;

/** Every schema reachable from the spec, indexed by kind and QName. */
export class SchemaSet {
  readonly docs: SchemaDoc[] = [];
  readonly elements = new Map<string, Decl>();
  readonly types = new Map<string, Decl>();
  readonly groups = new Map<string, Decl>();
  readonly attributeGroups = new Map<string, Decl>();
  readonly attributes = new Map<string, Decl>();
  /** Texts of every file read besides the main spec, for the server to serve. */
  readonly files = new Map<string, XmlSource>();
  private readonly loadedFiles = new Set<string>();

  constructor(
    private readonly diagnostics: Diagnostic[],
    /** Directory that file names shown to users are relative to. */
    private readonly displayRoot: string,
  ) {}

  /** Adds an `xs:schema` element; follows its imports and includes. */
  addSchema(source: XmlSource, el: XmlElement, fileOnDisk: string, inheritedNamespace?: string): void {
    const targetNamespace = attr(el, 'targetNamespace') ?? inheritedNamespace ?? '';
    // SOAP-ENC and XSD types are built into the compiler; a local copy of their schemas adds nothing.
    if (targetNamespace === SOAP_ENC_NS || targetNamespace === XSD_NS) return;
    const doc: SchemaDoc = {
      source,
      el,
      targetNamespace,
      elementQualified: attr(el, 'elementFormDefault') === 'qualified',
      attributeQualified: attr(el, 'attributeFormDefault') === 'qualified',
    };
    this.docs.push(doc);
    for (const child of el.children) {
      if (child.ns !== XSD_NS) continue;
      const name = attr(child, 'name');
      const index = {
        element: this.elements,
        complexType: this.types,
        simpleType: this.types,
        group: this.groups,
        attributeGroup: this.attributeGroups,
        attribute: this.attributes,
      }[child.local];
      if (index && !name) this.error(source, child, `a global xs:${child.local} needs a name`);
      if (index && name) {
        const key = clark({ ns: targetNamespace, local: name });
        if (index.has(key)) this.warn(source, child, `duplicate global ${child.local} '${name}' ignored`);
        else index.set(key, { doc, el: child });
      }
      if (child.local === 'import' || child.local === 'include' || child.local === 'redefine') {
        const location = attr(child, 'schemaLocation');
        if (!location) continue; // namespace-only import: resolved against schemas already in the set
        if (/^[a-z][a-z0-9+.-]*:/i.test(location) && !location.startsWith('file:')) {
          this.warn(source, child, `remote schemaLocation '${location}' is not fetched; its declarations must be present locally`);
          continue;
        }
        const target = path.resolve(path.dirname(fileOnDisk), location.replace(/^file:\/\//, ''));
        // An include takes the includer's namespace (chameleon include).
        this.addSchemaFile(target, child.local === 'import' ? undefined : targetNamespace, source, child);
      }
    }
  }

  /** Loads a schema file once. */
  addSchemaFile(file: string, inheritedNamespace: string | undefined, from?: XmlSource, fromEl?: XmlElement): void {
    if (this.loadedFiles.has(file)) return;
    this.loadedFiles.add(file);
    const display = path.relative(this.displayRoot, file) || file;
    let source: XmlSource;
    try {
      source = readXmlSource(file, display);
    } catch (error) {
      if (from && fromEl && (error as Error).name === 'SpecError') {
        this.diagnostics.push({ severity: 'error', message: `cannot load imported schema '${display}': ${(error as Error).message}`, location: locate(from, fromEl) });
        return;
      }
      throw error;
    }
    this.files.set(file, source);
    if (source.root.ns === XSD_NS && source.root.local === 'schema') {
      this.addSchema(source, source.root, file, inheritedNamespace);
    } else if (source.root.ns === WSDL_NS && source.root.local === 'definitions') {
      // A WSDL imported as a schema: take its types section.
      for (const types of childrenOf(source.root, WSDL_NS, 'types')) {
        for (const schema of childrenOf(types, XSD_NS, 'schema')) this.addSchema(source, schema, file);
      }
    } else {
      this.diagnostics.push({ severity: 'error', message: `'${display}' is not an XML Schema (root element is ${source.root.local})`, location: from && fromEl ? locate(from, fromEl) : undefined });
    }
  }

  warn(source: XmlSource, el: XmlElement, message: string): void {
    this.diagnostics.push({ severity: 'warning', message, location: locate(source, el) });
  }

  error(source: XmlSource, el: XmlElement, message: string): void {
    this.diagnostics.push({ severity: 'error', message, location: locate(source, el) });
  }
}

/** XSD built-in types and the scalar kind each maps to. */
const BUILTINS: Record<string, ScalarKind> = {
  string: 'string', normalizedString: 'string', token: 'string', language: 'string', Name: 'string', NCName: 'string',
  ID: 'string', IDREF: 'string', IDREFS: 'string', ENTITY: 'string', ENTITIES: 'string', NMTOKEN: 'string', NMTOKENS: 'string',
  anySimpleType: 'string', NOTATION: 'string', gYear: 'string', gYearMonth: 'string', gMonth: 'string', gMonthDay: 'string', gDay: 'string',
  anyURI: 'anyURI', QName: 'QName', boolean: 'boolean',
  int: 'int', short: 'int', byte: 'int', unsignedInt: 'int', unsignedShort: 'int', unsignedByte: 'int',
  long: 'long', unsignedLong: 'long', integer: 'long', nonNegativeInteger: 'long', positiveInteger: 'long', nonPositiveInteger: 'long', negativeInteger: 'long',
  decimal: 'decimal', float: 'double', double: 'double',
  date: 'date', dateTime: 'dateTime', time: 'time', duration: 'duration',
  base64Binary: 'base64Binary', hexBinary: 'hexBinary',
};

export function builtinScalar(local: string): ScalarRef | undefined {
  const scalar = BUILTINS[local];
  if (!scalar) return undefined;
  const ref: ScalarRef = { kind: 'scalar', scalar, xsdType: local };
  const range = BUILTIN_RANGES[local];
  if (range) {
    ref.facets = {};
    if (range[0]) ref.facets.minInclusive = range[0];
    if (range[1]) ref.facets.maxInclusive = range[1];
  }
  return ref;
}

/**
 * Compiles the declarations of a {@link SchemaSet} into NamedTypes. Global
 * names are claimed up front so an anonymous type never takes a global's name.
 */
export class TypeCompiler {
  readonly types: NamedType[] = [];
  private readonly byName = new Map<string, NamedType>();
  private readonly names = new NameTable();
  private readonly globalNames = new Map<string, string>();
  private readonly elementNames = new Map<string, string>();
  private readonly compiled = new Set<string>();
  /** The named type being compiled (undefined inside anonymous types), and the types whose base is being resolved. */
  private compiling: string | undefined;
  private readonly resolvingBases: string[] = [];
  /** Anonymous complex types being compiled, by their element (see compileAnonymous). */
  private readonly anonymousInProgress = new Map<XmlElement, TypeRef & { kind: 'named' }>();
  /** Model groups and attribute groups being expanded, to report a group that contains itself. */
  private readonly expanding: string[] = [];
  /** Object type name → the object type it derives from (by extension or restriction). */
  private readonly derivedFrom = new Map<string, string>();

  constructor(private readonly set: SchemaSet) {
    for (const doc of set.docs) {
      for (const child of doc.el.children) {
        if (child.ns !== XSD_NS || (child.local !== 'complexType' && child.local !== 'simpleType')) continue;
        const name = attr(child, 'name');
        if (!name) continue;
        const key = clark({ ns: doc.targetNamespace, local: name });
        if (!this.globalNames.has(key) && set.types.get(key)?.el === child) this.globalNames.set(key, this.names.claim(typeIdentifier(name)));
      }
    }
  }

  /** Reserves a type name (for types the WSDL synthesizes, e.g. rpc wrappers). */
  claimName(wanted: string): string {
    return this.names.claim(wanted);
  }

  /** Adds a type built outside the schemas (rpc message wrappers). */
  addSynthetic(type: NamedType): void {
    this.add(type);
  }

  private add(type: NamedType): void {
    this.types.push(type);
    this.byName.set(type.name, type);
  }

  /** Compiles every global type and element, in declaration order. */
  compileAll(): void {
    for (const doc of this.set.docs) {
      for (const child of doc.el.children) {
        const name = child.ns === XSD_NS ? attr(child, 'name') : undefined;
        if (!name) continue;
        const q = { ns: doc.targetNamespace, local: name };
        if (child.local === 'complexType' || child.local === 'simpleType') this.namedTypeRef(q, doc, child);
        else if (child.local === 'element') this.globalElement(q, doc, child);
      }
    }
    this.linkDerivations();
  }

  /**
   * Records on every object type the types derived from it (transitively) and claims the name of the
   * union that stands for it, and on every substitution group head its members: facts known only once
   * every schema is compiled.
   */
  private linkDerivations(): void {
    const derived = new Map<string, string[]>();
    for (const type of this.types) {
      // Only a named type can be named by xsi:type.
      if (type.kind !== 'object' || !type.xml?.typeName) continue;
      const seen = new Set<string>([type.name]);
      for (let base = this.derivedFrom.get(type.name); base && !seen.has(base); base = this.derivedFrom.get(base)) {
        seen.add(base);
        derived.set(base, [...(derived.get(base) ?? []), type.name]);
      }
    }
    for (const type of this.types) {
      const list = derived.get(type.name);
      if (type.kind === 'object' && list) type.polymorphism = { derived: list, union: this.names.claim(`${type.name}Variant`) };
    }
    for (const type of this.types) {
      if (type.kind !== 'element') continue;
      const seen = new Set<string>([type.name]);
      for (let head = type.substitutionGroup; head && !seen.has(head); head = this.elementDecl(head)?.substitutionGroup) {
        seen.add(head);
        const decl = this.elementDecl(head);
        if (decl) (decl.substitutes ??= []).push(type.name);
      }
    }
  }

  /** The ElementType name for a global element, compiling it on first use. */
  globalElement(q: QName, from: { source: XmlSource }, fromEl: XmlElement): string | undefined {
    const known = this.elementNames.get(clark(q));
    if (known) return known;
    q = this.tolerated(q, this.set.elements, from, fromEl);
    const key = clark(q);
    const decl = this.set.elements.get(key);
    if (!decl) {
      this.set.error(from.source, fromEl, `unknown element ${describe(q)}`);
      return undefined;
    }
    const again = this.elementNames.get(key);
    if (again) return again;
    const name = this.names.claim(`${typeIdentifier(q.local)}Element`);
    this.elementNames.set(key, name);
    const element: ElementType = {
      kind: 'element',
      name,
      element: q,
      type: { kind: 'unknown', reason: 'pending' },
      nillable: attr(decl.el, 'nillable') === 'true',
      doc: documentation(decl.el),
      location: locate(decl.doc.source, decl.el),
    };
    if (attr(decl.el, 'abstract') === 'true') element.abstract = true;
    this.add(element);
    element.type = this.elementContentType(decl.doc, decl.el, typeIdentifier(q.local));
    const head = attr(decl.el, 'substitutionGroup');
    if (head) {
      // XSD 1.0: one head, a QName (XSD 1.1's list of heads is not supported).
      const headQ = qnameAttr(decl.el, head);
      if (!headQ) this.set.error(decl.doc.source, decl.el, `substitutionGroup '${head}' uses an undeclared prefix`);
      else {
        const headName = this.globalElement(headQ, decl.doc, decl.el);
        if (headName) element.substitutionGroup = headName;
      }
    }
    return name;
  }

  /**
   * Tolerance: an unprefixed reference with no default namespace in scope names no namespace;
   * when nothing is declared there but the referring document's target namespace declares it,
   * that is what the author meant (a common hand-written slip). Resolved there, with a warning.
   */
  private tolerated(q: QName, declared: Map<string, unknown>, from: { source: XmlSource; targetNamespace?: string }, fromEl: XmlElement): QName {
    if (q.ns !== '' || declared.has(clark(q))) return q;
    const tns = from.targetNamespace ?? attr(from.source.root, 'targetNamespace') ?? '';
    const there = { ns: tns, local: q.local };
    if (tns === '' || !declared.has(clark(there))) return q;
    this.set.warn(from.source, fromEl, `'${q.local}' has no prefix and no default namespace is in scope, so it names no namespace; nothing is declared there, so it is resolved in the target namespace '${tns}'`);
    return there;
  }

  /** The QName a global element was declared with, and its content type. */
  elementDecl(name: string): ElementType | undefined {
    return (this.byName.get(name)?.kind === 'element' ? (this.byName.get(name) as ElementType) : undefined);
  }

  /** A reference to a named type (built-in or declared), compiling it on first use. */
  namedTypeRef(q: QName, from: { source: XmlSource }, fromEl: XmlElement): TypeRef {
    if (q.ns === XSD_NS || q.ns === SOAP_ENC_NS) {
      if (q.local === 'anyType') return { kind: 'unknown', reason: 'xs:anyType' };
      const builtin = builtinScalar(q.local);
      if (builtin) return builtin;
      if (q.ns === SOAP_ENC_NS && q.local === 'Array') return { kind: 'array', items: { kind: 'unknown', reason: 'SOAP-ENC:Array without item type' } };
      this.set.error(from.source, fromEl, `unknown built-in type ${describe(q)}`);
      return { kind: 'unknown', reason: `unknown built-in ${q.local}` };
    }
    q = this.tolerated(q, this.set.types, from, fromEl);
    const key = clark(q);
    const decl = this.set.types.get(key);
    const name = this.globalNames.get(key);
    if (!decl || !name) {
      this.set.error(from.source, fromEl, `unknown type ${describe(q)}`);
      return { kind: 'unknown', reason: `unresolved type ${q.local}` };
    }
    if (!this.compiled.has(key)) {
      this.compiled.add(key);
      this.compileTypeDecl(decl.doc, decl.el, name, q);
    }
    return { kind: 'named', name };
  }

  /**
   * The base of a derivation (or a union member): like {@link namedTypeRef}, but a base that is the
   * type being derived, or derives from it, is a located error instead of an endless derivation.
   */
  private baseTypeRef(q: QName, doc: SchemaDoc, el: XmlElement): TypeRef | undefined {
    const key = clark(q);
    const self = this.compiling;
    if (key === self || this.resolvingBases.includes(key)) {
      const chain = [...this.resolvingBases, ...(self ? [self] : []), key].map((k) => k.replace(/^\{[^}]*\}/, ''));
      this.set.error(doc.source, el, `circular type derivation: ${chain.slice(chain.indexOf(q.local)).join(' → ')}`);
      return undefined;
    }
    if (self) this.resolvingBases.push(self);
    try {
      return this.namedTypeRef(q, doc, el);
    } finally {
      if (self) this.resolvingBases.pop();
    }
  }

  /** Runs `expand` for a group reference unless the group is already being expanded (a group containing itself is an error). */
  private expandGroup(kind: string, q: QName, doc: SchemaDoc, el: XmlElement, expand: () => void): void {
    const key = `${kind} ${clark(q)}`;
    if (this.expanding.includes(key)) {
      this.set.error(doc.source, el, `circular ${kind} reference: ${kind} '${q.local}' contains itself`);
      return;
    }
    this.expanding.push(key);
    try {
      expand();
    } finally {
      this.expanding.pop();
    }
  }

  /** Compiles a complexType or simpleType element into a NamedType called `name`. */
  private compileTypeDecl(doc: SchemaDoc, el: XmlElement, name: string, typeName?: QName): TypeRef {
    const outer = this.compiling;
    this.compiling = typeName && clark(typeName);
    try {
      return this.compileTypeBody(doc, el, name, typeName);
    } finally {
      this.compiling = outer;
    }
  }

  private compileTypeBody(doc: SchemaDoc, el: XmlElement, name: string, typeName?: QName): TypeRef {
    const location = locate(doc.source, el);
    const docText = documentation(el);
    if (el.local === 'simpleType') {
      const placeholder: NamedType = { kind: 'scalar', name, doc: docText, location, type: { kind: 'scalar', scalar: 'string' } };
      this.add(placeholder);
      const ref = this.simpleType(doc, el);
      if (ref.kind === 'scalar') placeholder.type = ref;
      else if (ref.kind === 'union') Object.assign(placeholder, { kind: 'union', members: ref.members, type: undefined });
      else Object.assign(placeholder, { kind: 'union', members: [ref], type: undefined });
      if (typeName && placeholder.kind === 'scalar') placeholder.xml = { typeName };
      return { kind: 'named', name };
    }
    const soapArray = this.soapArrayItems(doc, el);
    if (soapArray) {
      this.add({ kind: 'array', name, doc: docText, location, type: { kind: 'array', items: soapArray.items }, xml: { typeName, soapArrayItem: soapArray.itemType } });
      return { kind: 'named', name };
    }
    const object: ObjectType = { kind: 'object', name, doc: docText, location, fields: [], xml: { typeName } };
    if (attr(el, 'abstract') === 'true') object.abstract = true;
    // Mixed content keeps its text (optional, see XmlTypeInfo.mixed) beside any child elements.
    if (attr(el, 'mixed') === 'true') {
      object.xml!.mixed = true;
      object.text = { kind: 'scalar', scalar: 'string', xsdType: 'string' };
    }
    this.add(object);
    this.complexContent(doc, el, object);
    const map = this.mapAnnotation(doc, el);
    if (map) {
      object.mapEntry = map.entry;
      if (map.keys.length) object.mapKeys = map.keys;
    }
    return { kind: 'named', name };
  }

  /**
   * `<cg:map entryType="…"/>` in appinfo: element names are data, entries have this type;
   * `<cg:key name="…">doc</cg:key>` children name the keys the contract documents.
   */
  private mapAnnotation(doc: SchemaDoc, el: XmlElement): { entry: string; keys: { name: string; doc?: string }[] } | undefined {
    for (const annotation of childrenOf(el, XSD_NS, 'annotation')) {
      for (const appinfo of childrenOf(annotation, XSD_NS, 'appinfo')) {
        const map = firstChild(appinfo, CG_NS, 'map');
        const entryType = map && attr(map, 'entryType');
        if (!map || !entryType) continue;
        const q = qnameAttr(map, entryType);
        if (!q) {
          this.set.error(doc.source, map, `cg:map entryType '${entryType}' uses an undeclared prefix`);
          return undefined;
        }
        const ref = this.namedTypeRef(q, doc, map);
        if (ref.kind !== 'named') return undefined;
        const keys: { name: string; doc?: string }[] = [];
        for (const key of childrenOf(map, CG_NS, 'key')) {
          const name = attr(key, 'name');
          if (!name) this.set.error(doc.source, key, 'cg:key needs a name attribute');
          else if (keys.some((k) => k.name === name)) this.set.error(doc.source, key, `cg:key '${name}' is declared twice`);
          else keys.push(key.text.trim() ? { name, doc: key.text.trim() } : { name });
        }
        return { entry: ref.name, keys };
      }
    }
    return undefined;
  }

  /** Fills an ObjectType from a complexType's content model and attributes. */
  private complexContent(doc: SchemaDoc, el: XmlElement, object: ObjectType): void {
    for (const child of el.children) {
      if (child.ns !== XSD_NS) continue;
      switch (child.local) {
        case 'sequence':
        case 'all':
        case 'choice':
        case 'group':
          this.particle(doc, child, object, false);
          break;
        case 'attribute':
        case 'attributeGroup':
        case 'anyAttribute':
          this.attributeUse(doc, child, object);
          break;
        case 'complexContent':
          this.derivation(doc, child, object, false);
          break;
        case 'simpleContent':
          this.derivation(doc, child, object, true);
          break;
        case 'annotation':
          break;
        default:
          this.set.warn(doc.source, child, `xs:${child.local} in a complexType is not supported; ignored`);
      }
    }
  }

  /** complexContent / simpleContent with extension or restriction. */
  private derivation(doc: SchemaDoc, content: XmlElement, object: ObjectType, simple: boolean): void {
    const derive = content.children.find((c) => c.ns === XSD_NS && (c.local === 'extension' || c.local === 'restriction'));
    if (!derive) return;
    const baseName = attr(derive, 'base');
    const base = baseName ? qnameAttr(derive, baseName) : undefined;
    if (baseName && !base) this.set.error(doc.source, derive, `base '${baseName}' uses an undeclared prefix`);
    const baseRef = base && !(base.ns === XSD_NS && base.local === 'anyType') ? this.baseTypeRef(base, doc, derive) : undefined;
    if (simple) {
      // Simple content: the text has the base's scalar type (restricted by local facets), attributes are fields.
      let text: TypeRef = baseRef ?? { kind: 'scalar', scalar: 'string' };
      const baseType = baseRef?.kind === 'named' ? this.byName.get(baseRef.name) : undefined;
      if (baseType?.kind === 'object') {
        object.base = baseType.name;
        this.derivedFrom.set(object.name, baseType.name);
        text = baseType.text ?? text;
      }
      if (derive.local === 'restriction') text = this.restrictScalar(doc, derive, text);
      if (baseType?.kind !== 'object') object.text = text;
      else if (derive.local === 'restriction') object.text = text;
    } else if (derive.local === 'extension' && baseRef?.kind === 'named') {
      const baseType = this.byName.get(baseRef.name);
      if (baseType?.kind === 'object') {
        object.base = baseType.name;
        this.derivedFrom.set(object.name, baseType.name);
      } else this.set.warn(doc.source, derive, `extension of non-complex type '${baseName}' treated as its content`);
    } else if (baseRef?.kind === 'named' && this.byName.get(baseRef.name)?.kind === 'object') {
      // A restriction restates its content (nothing is inherited) but still stands where its base may.
      this.derivedFrom.set(object.name, baseRef.name);
    }
    // A restriction restates the content model, so only its own particles count.
    for (const child of derive.children) {
      if (child.ns !== XSD_NS) continue;
      if (['sequence', 'all', 'choice', 'group'].includes(child.local)) this.particle(doc, child, object, false);
      else if (['attribute', 'attributeGroup', 'anyAttribute'].includes(child.local)) this.attributeUse(doc, child, object);
    }
  }

  /** SOAP-ENC arrays: `restriction base="soapenc:Array"` with `wsdl:arrayType="tns:Item[]"` or an item element. */
  private soapArrayItems(doc: SchemaDoc, el: XmlElement): { items: TypeRef; itemType: QName } | undefined {
    const content = firstChild(el, XSD_NS, 'complexContent');
    const restriction = content && firstChild(content, XSD_NS, 'restriction');
    const base = restriction && attr(restriction, 'base');
    const baseQ = base && restriction ? qnameAttr(restriction, base) : undefined;
    if (!restriction || !baseQ || baseQ.ns !== SOAP_ENC_NS || baseQ.local !== 'Array') return undefined;
    for (const attribute of restriction.children.filter((c) => c.ns === XSD_NS && c.local === 'attribute')) {
      const arrayType = nsAttr(attribute, WSDL_NS, 'arrayType');
      if (!arrayType) continue;
      const itemQ = qnameAttr(attribute, arrayType.replace(/\[[0-9,\s]*\]$/, ''));
      if (!itemQ) {
        this.set.error(doc.source, attribute, `wsdl:arrayType '${arrayType}' uses an undeclared prefix`);
        return undefined;
      }
      return { items: this.namedTypeRef(itemQ, doc, attribute), itemType: itemQ };
    }
    const itemEl = restriction.children.flatMap((c) => (c.ns === XSD_NS && (c.local === 'sequence' || c.local === 'all') ? childrenOf(c, XSD_NS, 'element') : []))[0];
    const itemTypeName = itemEl && attr(itemEl, 'type');
    const itemQ = itemEl && itemTypeName ? qnameAttr(itemEl, itemTypeName) : undefined;
    if (itemQ && itemEl) return { items: this.namedTypeRef(itemQ, doc, itemEl), itemType: itemQ };
    this.set.warn(doc.source, restriction, 'SOAP-ENC array without an item type: items are unknown');
    return { items: { kind: 'unknown', reason: 'SOAP-ENC array without item type' }, itemType: { ns: XSD_NS, local: 'anyType' } };
  }

  /** A model group or element/any particle, adding fields to `object`. */
  private particle(doc: SchemaDoc, el: XmlElement, object: ObjectType, optional: boolean, repeated = false): void {
    // An element reads (and checks) its own occurrences in elementField.
    const { min, max } = el.local === 'element' ? { min: 1, max: 1 } : this.occurs(doc, el);
    const groupOptional = optional || min === 0;
    const groupRepeated = repeated || max === 'unbounded' || max > 1;
    switch (el.local) {
      case 'element':
        // The element reads its own min/maxOccurs; pass only what enclosing groups impose.
        this.elementField(doc, el, object, optional, repeated);
        return;
      case 'any':
        this.anyParticle(doc, el, object);
        return;
      case 'group': {
        const ref = attr(el, 'ref');
        const q = ref ? qnameAttr(el, ref) : undefined;
        const decl = q ? this.set.groups.get(clark(q)) : undefined;
        if (!decl) {
          this.set.error(doc.source, el, `unknown group '${ref ?? ''}'`);
          return;
        }
        this.expandGroup('group', q!, doc, el, () => {
          for (const child of decl.el.children) {
            if (child.ns === XSD_NS && ['sequence', 'all', 'choice'].includes(child.local)) this.particle(decl.doc, child, object, groupOptional, groupRepeated);
          }
        });
        return;
      }
      case 'sequence':
      case 'all':
        for (const child of el.children) if (child.ns === XSD_NS && child.local !== 'annotation') this.particle(doc, child, object, groupOptional, groupRepeated);
        return;
      case 'choice': {
        // Each alternative is collected on its own, then merged in an order every alternative agrees with,
        // so whichever branch a value takes is written in its own sequence order.
        const branches: Field[][] = [];
        const alternatives: string[] = [];
        let groupBranches = false;
        for (const child of el.children) {
          if (child.ns !== XSD_NS || child.local === 'annotation') continue;
          const scratch: ObjectType = { ...object, fields: [], choices: undefined, rest: undefined };
          this.particle(doc, child, scratch, true, groupRepeated);
          if (scratch.rest) object.rest ??= scratch.rest;
          if (scratch.choices) (object.choices ??= []).push(...scratch.choices);
          branches.push(scratch.fields);
          if (child.local === 'element' && scratch.fields.length === 1) alternatives.push(scratch.fields[0]!.name);
          else if (scratch.fields.length > 0) groupBranches = true;
        }
        for (const field of this.mergeBranches(branches, doc, el)) this.addField(object, field, doc, el);
        if (groupBranches) this.set.warn(doc.source, el, 'a choice between groups is typed as one object with every branch\'s fields optional (which branch is present is not checked)');
        // A repeated choice allows any mix, so only a single choice constrains presence.
        if (!groupRepeated && !groupOptional && !groupBranches && alternatives.length > 1) (object.choices ??= []).push(alternatives);
        if (branches.every((b) => b.length === 0) && !object.rest) this.set.warn(doc.source, el, 'empty choice');
        return;
      }
      default:
        if (el.local !== 'annotation') this.set.warn(doc.source, el, `xs:${el.local} is not supported in a content model; ignored`);
    }
  }

  /**
   * Merges the fields of choice branches into one order consistent with each
   * branch (a topological order of "comes before" within branches, ties broken
   * by first appearance). A field in several branches appears once.
   */
  private mergeBranches(branches: Field[][], doc: SchemaDoc, el: XmlElement): Field[] {
    const key = (f: Field) => `${f.xml?.node}|${f.xml?.ns}|${f.name}`;
    const fields = new Map<string, Field>();
    const after = new Map<string, Set<string>>();
    const incoming = new Map<string, number>();
    for (const branch of branches) {
      branch.forEach((field, i) => {
        const k = key(field);
        const known = fields.get(k);
        if (!known) {
          fields.set(k, field);
          after.set(k, new Set());
          incoming.set(k, 0);
        } else if (JSON.stringify(known.type) !== JSON.stringify(field.type)) {
          this.set.warn(doc.source, el, `'${field.name}' has different types in two branches of a choice; the first is used`);
        }
        const previous = branch[i - 1];
        if (previous) {
          const edges = after.get(key(previous))!;
          if (!edges.has(k)) {
            edges.add(k);
            incoming.set(k, incoming.get(k)! + 1);
          }
        }
      });
    }
    const order = [...fields.keys()];
    const out: Field[] = [];
    const ready = order.filter((k) => incoming.get(k) === 0);
    while (ready.length) {
      ready.sort((a, b) => order.indexOf(a) - order.indexOf(b));
      const k = ready.shift()!;
      out.push(fields.get(k)!);
      for (const next of after.get(k)!) {
        incoming.set(next, incoming.get(next)! - 1);
        if (incoming.get(next) === 0) ready.push(next);
      }
    }
    if (out.length < fields.size) {
      this.set.warn(doc.source, el, 'the branches of this choice order their common elements differently; fields follow the first branch');
      return [...fields.values()];
    }
    return out;
  }

  /** xs:any: wildcard content, kept as unknown elements (or typed map entries, see cg:map). */
  private anyParticle(doc: SchemaDoc, el: XmlElement, object: ObjectType): void {
    if (object.rest) return;
    object.rest = { type: { kind: 'unknown', reason: 'xs:any wildcard content' }, xml: 'any-element' };
    if (attr(el, 'processContents') === 'skip' && !object.xml?.mixed) this.set.warn(doc.source, el, 'xs:any content is passed through untyped');
  }

  /** A local element or element reference → a field. */
  private elementField(doc: SchemaDoc, el: XmlElement, object: ObjectType, optionalGroup: boolean, repeatedGroup: boolean): void {
    const { min: minOccurs, max: maxOccurs } = this.occurs(doc, el);
    if (maxOccurs === 0) return;
    const ref = attr(el, 'ref');
    let name: string;
    let ns: string;
    let type: TypeRef;
    let nillable = attr(el, 'nillable') === 'true';
    let docText = documentation(el);
    let element: string | undefined;
    if (ref) {
      const q = qnameAttr(el, ref);
      const decl = q ? this.set.elements.get(clark(q)) : undefined;
      if (!q || !decl) {
        this.set.error(doc.source, el, `unknown element '${ref}'`);
        return;
      }
      name = q.local;
      ns = q.ns;
      nillable = nillable || attr(decl.el, 'nillable') === 'true';
      docText ??= documentation(decl.el);
      type = this.elementContentType(decl.doc, decl.el, `${object.name}${typeIdentifier(q.local)}`);
      element = this.globalElement(q, decl.doc, decl.el);
    } else {
      name = attr(el, 'name') ?? '';
      if (!name) {
        this.set.error(doc.source, el, 'element without a name or ref');
        return;
      }
      const form = attr(el, 'form');
      ns = (form ? form === 'qualified' : doc.elementQualified) ? doc.targetNamespace : '';
      type = this.elementContentType(doc, el, `${object.name}${typeIdentifier(name)}`);
    }
    const field: Field = {
      name,
      doc: docText,
      type,
      required: minOccurs > 0 && !optionalGroup,
      nullable: nillable,
      xml: { node: 'element', ns, local: name, ...(element ? { element } : {}) },
      location: locate(doc.source, el),
    };
    const isRepeated = repeatedGroup || maxOccurs === 'unbounded' || maxOccurs > 1;
    if (isRepeated) field.repeated = { min: optionalGroup ? 0 : minOccurs, max: repeatedGroup ? 'unbounded' : maxOccurs };
    // cg:emptyIsAbsent (on the element, else on its schema): vendors' templates send every optional element, blank.
    const emptyIsAbsent = nsAttr(el, CG_NS, 'emptyIsAbsent') ?? nsAttr(doc.el, CG_NS, 'emptyIsAbsent');
    if (emptyIsAbsent === 'true' && !field.required && !isRepeated && this.emptyIsInvalid(type)) field.xml!.emptyIsAbsent = true;
    const fixed = attr(el, 'fixed');
    const dflt = attr(el, 'default');
    const scalar = this.resolveScalar(type);
    for (const [which, value] of [['fixed', fixed], ['default', dflt]] as const) {
      const problem = value !== undefined && scalar ? lexicalProblem(scalar.scalar, value) : undefined;
      if (problem) this.set.error(doc.source, el, `${which}="${value}" is not ${problem}`);
    }
    if (fixed !== undefined) field.fixed = fixed;
    if (dflt !== undefined) field.default = dflt;
    this.addField(object, field, doc, el);
  }

  /** A particle's minOccurs and maxOccurs, checked: non-negative integers (maxOccurs also `unbounded`), min ≤ max. */
  private occurs(doc: SchemaDoc, el: XmlElement): { min: number; max: number | 'unbounded' } {
    const count = /^\s*\+?[0-9]+\s*$/;
    const minRaw = attr(el, 'minOccurs') ?? '1';
    const maxRaw = attr(el, 'maxOccurs') ?? '1';
    let min = 1;
    let max: number | 'unbounded' = 1;
    if (count.test(minRaw)) min = Number(minRaw);
    else this.set.error(doc.source, el, `minOccurs="${minRaw}" is not a non-negative integer`);
    if (maxRaw.trim() === 'unbounded') max = 'unbounded';
    else if (count.test(maxRaw)) max = Number(maxRaw);
    else this.set.error(doc.source, el, `maxOccurs="${maxRaw}" is neither a non-negative integer nor unbounded`);
    if (max !== 'unbounded' && min > max) this.set.error(doc.source, el, `minOccurs (${min}) is greater than maxOccurs (${max})`);
    return { min, max };
  }

  /** The content type of an element declaration: its `type`, an inline type, or a `cg:document` link. */
  elementContentType(doc: SchemaDoc, el: XmlElement, anonymousName: string): TypeRef {
    const documentRoots = nsAttr(el, CG_NS, 'document');
    const typeName = attr(el, 'type');
    let type: TypeRef;
    if (typeName) {
      const q = qnameAttr(el, typeName);
      if (!q) {
        this.set.error(doc.source, el, `type '${typeName}' uses an undeclared prefix`);
        type = { kind: 'unknown', reason: 'unresolved prefix' };
      } else type = this.namedTypeRef(q, doc, el);
    } else {
      const inline = el.children.find((c) => c.ns === XSD_NS && (c.local === 'complexType' || c.local === 'simpleType'));
      if (inline) {
        if (inline.local === 'simpleType') type = this.simpleType(doc, inline);
        else type = this.compileAnonymous(doc, inline, anonymousName);
      } else type = { kind: 'unknown', reason: 'element without a type (xs:anyType)' };
    }
    if (documentRoots !== undefined) return this.documentLink(doc, el, documentRoots, type, nsAttr(el, CG_NS, 'documentType'));
    if (nsAttr(el, CG_NS, 'documentOrText') !== undefined) this.set.error(doc.source, el, 'cg:documentOrText needs cg:document naming the document\'s root(s)');
    return type;
  }

  /**
   * An anonymous complex type. An element whose anonymous type contains a reference back to the
   * element (`<xs:element ref>`, a recursive structure) gets the type being compiled, not a new
   * copy of it without end.
   */
  private compileAnonymous(doc: SchemaDoc, inline: XmlElement, anonymousName: string): TypeRef {
    const inProgress = this.anonymousInProgress.get(inline);
    if (inProgress) return inProgress;
    const ref = { kind: 'named' as const, name: this.names.claim(anonymousName) };
    this.anonymousInProgress.set(inline, ref);
    try {
      this.compileTypeDecl(doc, inline, ref.name);
    } finally {
      this.anonymousInProgress.delete(inline);
    }
    return ref;
  }

  /** `cg:document="QName …"`: the element carries an XML document with one of these roots. */
  private documentLink(doc: SchemaDoc, el: XmlElement, value: string, declared: TypeRef, documentType: string | undefined): TypeRef {
    const roots: string[] = [];
    for (const token of value.trim().split(/\s+/).filter(Boolean)) {
      const q = qnameAttr(el, token);
      if (!q) {
        this.set.error(doc.source, el, `cg:document '${token}' uses an undeclared prefix`);
        continue;
      }
      const name = this.globalElement(q, doc, el);
      if (name) roots.push(name);
    }
    if (roots.length === 0) return declared;
    const carrier = declared.kind === 'scalar' && declared.scalar === 'string' ? 'string' : 'element';
    const ref: TypeRef = { kind: 'document', roots, carrier };
    if (documentType !== undefined) {
      const q = qnameAttr(el, documentType);
      if (!q) this.set.error(doc.source, el, `cg:documentType '${documentType}' uses an undeclared prefix`);
      else if (roots.length > 1) this.set.error(doc.source, el, 'cg:documentType applies to a single cg:document root');
      else ref.contentType = this.namedTypeRef(q, doc, el);
    }
    if (nsAttr(el, CG_NS, 'documentList') === 'true') {
      if (carrier === 'string') ref.list = true;
      else this.set.error(doc.source, el, 'cg:documentList applies to a document carried in a string');
    }
    if (nsAttr(el, CG_NS, 'documentOrText') === 'true') {
      if (carrier === 'string') ref.orText = true;
      else this.set.error(doc.source, el, 'cg:documentOrText applies to a document carried in a string');
    }
    return ref;
  }

  /** An attribute, attribute group reference or wildcard → fields. */
  private attributeUse(doc: SchemaDoc, el: XmlElement, object: ObjectType): void {
    if (el.local === 'anyAttribute') return; // unknown attributes are ignored on decode; nothing to type
    if (el.local === 'attributeGroup') {
      const ref = attr(el, 'ref');
      const q = ref ? qnameAttr(el, ref) : undefined;
      const decl = q ? this.set.attributeGroups.get(clark(q)) : undefined;
      if (!decl) {
        this.set.error(doc.source, el, `unknown attributeGroup '${ref ?? ''}'`);
        return;
      }
      this.expandGroup('attributeGroup', q!, doc, el, () => {
        for (const child of decl.el.children) if (child.ns === XSD_NS) this.attributeUse(decl.doc, child, object);
      });
      return;
    }
    if (el.local !== 'attribute') return;
    if (attr(el, 'use') === 'prohibited') return;
    const ref = attr(el, 'ref');
    let name: string;
    let ns: string;
    let typeEl = el;
    let typeDoc = doc;
    if (ref) {
      const q = qnameAttr(el, ref);
      if (!q) {
        this.set.error(doc.source, el, `attribute ref '${ref}' uses an undeclared prefix`);
        return;
      }
      // soapenc:arrayType and friends only describe SOAP-ENC arrays; they are not data.
      if (q.ns === SOAP_ENC_NS) return;
      const decl = this.set.attributes.get(clark(q));
      if (!decl) {
        this.set.error(doc.source, el, `unknown attribute '${ref}'`);
        return;
      }
      name = q.local;
      ns = q.ns;
      typeEl = decl.el;
      typeDoc = decl.doc;
    } else {
      name = attr(el, 'name') ?? '';
      const form = attr(el, 'form');
      ns = (form ? form === 'qualified' : doc.attributeQualified) ? doc.targetNamespace : '';
    }
    const typeName = attr(typeEl, 'type');
    let type: TypeRef = { kind: 'scalar', scalar: 'string', xsdType: 'string' };
    if (typeName) {
      const q = qnameAttr(typeEl, typeName);
      if (q) type = this.namedTypeRef(q, typeDoc, typeEl);
      else this.set.error(typeDoc.source, typeEl, `type '${typeName}' uses an undeclared prefix`);
    } else {
      const inline = firstChild(typeEl, XSD_NS, 'simpleType');
      if (inline) type = this.simpleType(typeDoc, inline);
    }
    const field: Field = {
      name,
      doc: documentation(el) ?? documentation(typeEl),
      type,
      required: attr(el, 'use') === 'required',
      nullable: false,
      xml: { node: 'attribute', ns, local: name },
      location: locate(doc.source, el),
    };
    const fixed = attr(el, 'fixed') ?? attr(typeEl, 'fixed');
    const dflt = attr(el, 'default') ?? attr(typeEl, 'default');
    if (fixed !== undefined) field.fixed = fixed;
    if (dflt !== undefined) field.default = dflt;
    this.addField(object, field, doc, el);
  }

  /** Adds a field, renaming it when an element and an attribute share a name. */
  private addField(object: ObjectType, field: Field, doc: SchemaDoc, el: XmlElement): void {
    const clash = object.fields.find((f) => f.name === field.name);
    if (clash) {
      if (clash.xml?.node === field.xml?.node && clash.xml?.ns === field.xml?.ns) {
        this.set.warn(doc.source, el, `'${field.name}' is declared twice in one content model; the second declaration is ignored`);
        return;
      }
      field.name = field.xml?.node === 'attribute' ? `${field.name}Attribute` : `${field.name}Element`;
    }
    object.fields.push(field);
  }

  /** xs:simpleType → a scalar (with facets) or a union. */
  simpleType(doc: SchemaDoc, el: XmlElement): TypeRef {
    const restriction = firstChild(el, XSD_NS, 'restriction');
    if (restriction) {
      const base = attr(restriction, 'base');
      let baseRef: TypeRef = { kind: 'scalar', scalar: 'string', xsdType: 'string' };
      if (base) {
        const q = qnameAttr(restriction, base);
        if (q) baseRef = this.baseTypeRef(q, doc, restriction) ?? baseRef;
        else this.set.error(doc.source, restriction, `base '${base}' uses an undeclared prefix`);
      } else {
        const inline = firstChild(restriction, XSD_NS, 'simpleType');
        if (inline) baseRef = this.simpleType(doc, inline);
      }
      return this.restrictScalar(doc, restriction, baseRef);
    }
    const list = firstChild(el, XSD_NS, 'list');
    if (list) {
      this.set.warn(doc.source, list, 'xs:list is carried as a whitespace-separated string');
      return { kind: 'scalar', scalar: 'string', xsdType: 'string' };
    }
    const union = firstChild(el, XSD_NS, 'union');
    if (union) {
      const members: TypeRef[] = [];
      for (const token of (attr(union, 'memberTypes') ?? '').trim().split(/\s+/).filter(Boolean)) {
        const q = qnameAttr(union, token);
        if (!q) {
          this.set.error(doc.source, union, `member type '${token}' uses an undeclared prefix`);
          continue;
        }
        const member = this.baseTypeRef(q, doc, union); // undefined: a member that is the union itself (reported)
        if (member) members.push(member);
      }
      for (const inline of childrenOf(union, XSD_NS, 'simpleType')) members.push(this.simpleType(doc, inline));
      return members.length === 1 ? members[0]! : { kind: 'union', members };
    }
    this.set.error(doc.source, el, 'simpleType needs a restriction, list or union');
    return { kind: 'scalar', scalar: 'string', xsdType: 'string' };
  }

  /** Applies a restriction's facets on top of a base scalar (resolving a named base to its scalar). */
  private restrictScalar(doc: SchemaDoc, restriction: XmlElement, baseRef: TypeRef): TypeRef {
    const base = this.resolveScalar(baseRef);
    if (!base) {
      const facetCount = restriction.children.filter((c) => c.ns === XSD_NS && c.local !== 'annotation' && c.local !== 'simpleType').length;
      if (facetCount > 0) this.set.warn(doc.source, restriction, 'facets on a non-scalar base are ignored');
      return baseRef;
    }
    const facets: Facets = { ...base.facets };
    delete facets.enumeration; // a restriction's enumeration replaces the base's
    const enumeration: NonNullable<Facets['enumeration']> = [];
    const patterns: string[] = [];
    for (const f of restriction.children) {
      if (f.ns !== XSD_NS) continue;
      const value = attr(f, 'value');
      if (value === undefined) continue;
      switch (f.local) {
        case 'enumeration': {
          const problem = lexicalProblem(base.scalar, value);
          if (problem) this.set.error(doc.source, f, `enumeration value "${value}" is not ${problem}`);
          enumeration.push({ value, doc: documentation(f) });
          break;
        }
        case 'pattern': {
          const problem = xsdPatternProblem(value);
          if (problem) this.set.error(doc.source, f, `pattern "${value}" is not a valid regular expression: ${problem}`);
          patterns.push(value);
          break;
        }
        case 'length':
        case 'minLength':
        case 'maxLength':
        case 'totalDigits':
        case 'fractionDigits':
          if (/^\s*\+?[0-9]+\s*$/.test(value)) facets[f.local] = Number(value);
          else this.set.error(doc.source, f, `xs:${f.local} value "${value}" is not a non-negative integer`);
          break;
        case 'minInclusive':
        case 'maxInclusive':
        case 'minExclusive':
        case 'maxExclusive': {
          const problem = lexicalProblem(base.scalar, value);
          if (problem) this.set.error(doc.source, f, `xs:${f.local} value "${value}" is not ${problem}`);
          facets[f.local] = value;
          break;
        }
        case 'whiteSpace':
          break;
        default:
          this.set.warn(doc.source, f, `facet xs:${f.local} is not supported; ignored`);
      }
    }
    if (enumeration.length) facets.enumeration = enumeration;
    else if (base.facets?.enumeration) facets.enumeration = base.facets.enumeration;
    // Patterns of different derivation steps must all match (XSD 1.0 §4.3.4).
    if (patterns.length) facets.patterns = [...(base.facets?.patterns ?? []), patterns.map((p) => (patterns.length > 1 ? `(?:${p})` : p)).join('|')];
    const out: ScalarRef = { kind: 'scalar', scalar: base.scalar };
    if (base.xsdType) out.xsdType = base.xsdType;
    if (Object.keys(facets).length) out.facets = facets;
    return out;
  }

  /**
   * Whether the empty string is not a value of simple type `ref` (numbers, booleans, dates, an
   * enumeration without ''): where cg:emptyIsAbsent reads a blank element as absent. A blank
   * string stays the empty string, which is a value.
   */
  private emptyIsInvalid(ref: TypeRef): boolean {
    const scalar = this.resolveScalar(ref);
    if (scalar) {
      const f = scalar.facets;
      if (f?.enumeration) return !f.enumeration.some((e) => e.value === '');
      if ((f?.minLength ?? 0) > 0 || (f?.length ?? 0) > 0) return true;
      if (f?.patterns?.some((p) => matchesEmpty(p) === false)) return true;
      return !['string', 'anyURI', 'QName', 'base64Binary', 'hexBinary'].includes(scalar.scalar);
    }
    const named = ref.kind === 'named' ? this.byName.get(ref.name) : undefined;
    const members = ref.kind === 'union' ? ref.members : named?.kind === 'union' ? named.members : undefined;
    return members !== undefined && members.every((m) => (m.kind === 'literal' ? m.value !== '' : this.emptyIsInvalid(m)));
  }

  /** Follows named simple types down to their scalar. */
  resolveScalar(ref: TypeRef): ScalarRef | undefined {
    for (let guard = 0; guard < 64; guard++) {
      if (ref.kind === 'scalar') return ref;
      if (ref.kind !== 'named') return undefined;
      const named = this.byName.get(ref.name);
      if (!named || named.kind !== 'scalar') return undefined;
      ref = named.type;
    }
    return undefined;
  }
}

/** Whether an XSD pattern matches the empty string (undefined when it cannot be compiled). */
function matchesEmpty(pattern: string): boolean | undefined {
  for (const flags of ['u', '']) {
    try {
      return new RegExp(`^(?:${xsdToEcma(pattern)})$`, flags).test('');
    } catch {
      // the next flag set, as the validators do
    }
  }
  return undefined;
}

/** Lexical forms of the numeric and boolean scalars (XSD Part 2 §3.2–3.3), white space collapsed. */
const LEXICAL: Partial<Record<ScalarKind, [RegExp, string]>> = {
  int: [/^[+-]?[0-9]+$/, 'an integer'],
  long: [/^[+-]?[0-9]+$/, 'an integer'],
  decimal: [/^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/, 'a decimal number'],
  double: [/^(?:[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|-?INF|NaN)$/, 'a floating-point number'],
  boolean: [/^(?:true|false|1|0)$/, 'a boolean (true, false, 1 or 0)'],
};

/** What a value of `scalar` must be when `value` is not one (`a decimal number`), else undefined. */
function lexicalProblem(scalar: ScalarKind, value: string): string | undefined {
  const rule = LEXICAL[scalar];
  return rule && !rule[0].test(value.trim()) ? `${rule[1]}` : undefined;
}

function describe(q: QName): string {
  return q.ns ? `{${q.ns}}${q.local}` : q.local;
}
