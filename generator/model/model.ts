/**
 * The intermediate model: the one thing every emitter reads.
 *
 * Loaders (`generator/load/`) compile a WSDL+XSD or an OpenAPI document into an
 * {@link ApiModel}; emitters (`generator/emit/`) turn it into files. Nothing in
 * here knows about XML parsing or TypeScript printing.
 *
 * The type graph is shared by both sides: an XSD complexType and a JSON Schema
 * object both become an {@link ObjectType}; XML-only facts (element vs attribute,
 * namespaces, SOAP-ENC arrays) ride along in optional `xml` annotations.
 */

/** A place in a spec file, for diagnostics. Lines and columns are 1-based. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/** A located message from a loader: errors stop generation, warnings do not. */
export interface Diagnostic {
  severity: 'error' | 'warning';
  message: string;
  location?: SourceLocation;
}

/** A namespace-qualified XML name; `ns` is '' for no namespace. */
export interface QName {
  ns: string;
  local: string;
}

/** One API: the unit of generation, written to `generated/<name>/`. */
export interface ApiModel {
  /** Folder and identifier stem, e.g. `genopro`. */
  name: string;
  /** The spec file, relative to the working directory. */
  source: string;
  title: string;
  doc?: string;
  /** Every named type, in a stable order (declaration order, then discovery order). */
  types: NamedType[];
  soap?: SoapApi;
  rest?: RestApi;
  /** Warnings the loader raised (unsupported constructs, guesses). */
  diagnostics: Diagnostic[];
  /** Every file the loader read, as absolute paths, the spec first (what `gen --watch` watches). */
  inputs?: string[];
}

// ---------------------------------------------------------------------------
// Types

/**
 * Built-in scalar kinds. The TypeScript type follows from the kind:
 * `int` and `double` are numbers; `long` and `decimal` are strings so no
 * precision is lost; dates and times are strings in their lexical form.
 */
export type ScalarKind =
  | 'string'
  | 'boolean'
  | 'int'
  | 'long'
  | 'decimal'
  | 'double'
  | 'date'
  | 'dateTime'
  | 'time'
  | 'duration'
  | 'base64Binary'
  | 'hexBinary'
  | 'anyURI'
  | 'QName';

/** Restrictions on a scalar; every one is checked by the emitted validators. */
export interface Facets {
  enumeration?: EnumValue[];
  patterns?: string[];
  length?: number;
  minLength?: number;
  maxLength?: number;
  minInclusive?: string;
  maxInclusive?: string;
  minExclusive?: string;
  maxExclusive?: string;
  totalDigits?: number;
  fractionDigits?: number;
  /** JSON Schema `format`, kept for documentation and validation. */
  format?: string;
}

export interface EnumValue {
  /** The value as it appears on the wire (lexical form for XML). */
  value: string | number | boolean;
  doc?: string;
}

/** A reference to a type: used for fields, array items, message parts. */
export type TypeRef =
  | ScalarRef
  | { kind: 'named'; name: string }
  | { kind: 'array'; items: TypeRef; minItems?: number; maxItems?: number }
  | { kind: 'union'; members: TypeRef[] }
  | { kind: 'literal'; value: string | number | boolean | null }
  | { kind: 'unknown'; reason: string }
  | DocumentRef;

export interface ScalarRef {
  kind: 'scalar';
  scalar: ScalarKind;
  /** The XSD built-in it came from (`unsignedShort`, `int`, …), used for range checks and `xsi:type`. */
  xsdType?: string;
  facets?: Facets;
  /** REST: the wire may carry this number or boolean as a string; decoders accept both. */
  lenient?: boolean;
}

/**
 * An XML document carried inside a string (or as element content) whose
 * schema is known through the `cg:document` link. The TypeScript side sees the
 * typed root; the codec escapes it into the string.
 */
export interface DocumentRef {
  kind: 'document';
  /** Global element declarations that may be the document's root. */
  roots: string[];
  /** `string`: the document is text inside a string element; `element`: it is the element's child (xs:any). */
  carrier: 'string' | 'element';
  /**
   * `cg:documentType`: the root's content has this type (derived from the
   * root's declared type), as `xsi:type` on the root would say. Lets many
   * parameters share one root element name (Zentitle's `<data>`).
   */
  contentType?: TypeRef;
  /** `cg:documentList="true"`: the string holds several such roots one after another (an XML fragment). */
  list?: boolean;
  /**
   * `cg:documentOrText="true"`: the string holds the document or, in its place, plain text (a
   * vendor's error message). The value is `{ document }` or `{ text }`; the codec tells them apart
   * by content (a well-formed document whose roots are all declared is the document).
   */
  orText?: boolean;
}

export type NamedType = ObjectType | ScalarType | ArrayType | UnionType | ElementType;

interface NamedTypeBase {
  /** Unique TypeScript identifier. */
  name: string;
  doc?: string;
  location?: SourceLocation;
}

/** A record: XSD complexType with element/attribute content, JSON Schema object. */
export interface ObjectType extends NamedTypeBase {
  kind: 'object';
  /** Base type for XSD extension / JSON allOf with a single ref; its fields are NOT repeated in `fields`. */
  base?: string;
  fields: Field[];
  /** Exactly one of these groups of field names may be present (xs:choice). */
  choices?: string[][];
  /** Additional properties (JSON) or wildcard elements (xs:any) and their type, if any. */
  rest?: { type: TypeRef; xml?: 'any-element' };
  /**
   * Element names that are data (Zentitle feature codes): the object is a map
   * from element local name to an entry of this type.
   */
  mapEntry?: string;
  /**
   * Keys of a map the contract names (`cg:key` under `cg:map`): typed as optional properties while
   * the map stays open to other keys of the same entry type.
   */
  mapKeys?: { name: string; doc?: string }[];
  /** Simple content (xs:simpleContent): the element's text, alongside its attributes. */
  text?: TypeRef;
  /** XSD `abstract="true"`: a value is always one of the derived types, never this type bare. */
  abstract?: boolean;
  /**
   * Known derivations (XSD: xs:extension and xs:restriction, transitively, across every schema the
   * spec reaches). A value where this type is declared may be any of them, named by `xsi:type` on
   * the wire and by `$type` in TypeScript.
   */
  polymorphism?: Polymorphism;
  xml?: XmlTypeInfo;
}

/** The derived types of an {@link ObjectType} and the union that stands for the type where it is used. */
export interface Polymorphism {
  /** Object types derived from this one, in model order. */
  derived: string[];
  /** Unique identifier of the union of this type (unless abstract) and `derived`, each tagged with `$type`. */
  union: string;
}

export interface XmlTypeInfo {
  /** The XSD type name, for `xsi:type` in rpc/encoded. */
  typeName?: QName;
  /** A SOAP-ENC array (restriction of soapenc:Array): the XSD name of its item type, for `SOAP-ENC:arrayType`. */
  soapArrayItem?: QName;
  /** Mixed content: text may stand between child elements; the object's `text` is then optional. */
  mixed?: boolean;
}

/** A named simple type: restriction of a scalar, e.g. an enumeration. */
export interface ScalarType extends NamedTypeBase {
  kind: 'scalar';
  type: ScalarRef;
  xml?: XmlTypeInfo;
}

/** A named array: JSON Schema `type: array`, or a SOAP-ENC array (then `xml.soapArrayItem` is set). */
export interface ArrayType extends NamedTypeBase {
  kind: 'array';
  type: Extract<TypeRef, { kind: 'array' }>;
  xml?: XmlTypeInfo;
}

/** A named union (JSON oneOf/anyOf, xs:union). */
export interface UnionType extends NamedTypeBase {
  kind: 'union';
  members: TypeRef[];
  /** JSON Schema discriminator property, if declared. */
  discriminator?: { property: string; mapping: Record<string, string> };
}

/**
 * A global element declaration (XSD). Messages and inner documents point at
 * these; the element's content type is `type`.
 */
export interface ElementType extends NamedTypeBase {
  kind: 'element';
  element: QName;
  type: TypeRef;
  nillable: boolean;
  /** XSD `abstract="true"`: the element never appears itself, only members of its substitution group. */
  abstract?: boolean;
  /** XSD `substitutionGroup`: the head element (an ElementType name) this element may stand in for. */
  substitutionGroup?: string;
  /** Elements that may stand in for this one (substitution group members, transitively), in model order. */
  substitutes?: string[];
}

/** A field of an object: an XML child element, attribute or a JSON property. */
export interface Field {
  /** TypeScript property name (the XML local name or JSON property name, unchanged). */
  name: string;
  doc?: string;
  type: TypeRef;
  /** minOccurs > 0, `use="required"`, or listed in JSON `required`. */
  required: boolean;
  /** xsi:nil allowed / JSON null allowed: TypeScript `| null`. */
  nullable: boolean;
  /** maxOccurs > 1: the TypeScript type is an array even for one item. */
  repeated?: { min: number; max: number | 'unbounded' };
  /** Fixed or default value from the schema. */
  fixed?: string;
  default?: string;
  xml?: {
    node: 'element' | 'attribute';
    /** The element/attribute namespace on the wire ('' for unqualified). */
    ns: string;
    local: string;
    /** An empty element of this optional simple-typed field reads as absent (`cg:emptyIsAbsent`). */
    emptyIsAbsent?: boolean;
    /** `<xs:element ref>`: the global element (an ElementType name), whose substitution group members may stand here. */
    element?: string;
  };
  location?: SourceLocation;
}

// ---------------------------------------------------------------------------
// SOAP

/** A reference to a named type. */
export type NamedRef = Extract<TypeRef, { kind: 'named' }>;

export interface SoapApi {
  targetNamespace: string;
  /** Of the main WSDL's `definitions`, where the target namespace is declared. */
  location?: SourceLocation;
  services: SoapService[];
  /** The WSDL and XSD texts as authored, served by the server stub at `?wsdl` / `?xsd=`. */
  documents: { main: string; files: { name: string; text: string }[] };
}

export interface SoapService {
  name: string;
  doc?: string;
  location?: SourceLocation;
  ports: SoapPort[];
}

export interface SoapPort {
  name: string;
  address?: string;
  location?: SourceLocation;
  binding: SoapBinding;
}

export type SoapVersion = '1.1' | '1.2';

export interface SoapBinding {
  name: string;
  version: SoapVersion;
  operations: SoapOperation[];
}

export interface SoapOperation {
  /** WSDL operation name. */
  name: string;
  doc?: string;
  soapAction: string;
  style: 'document' | 'rpc';
  use: 'literal' | 'encoded';
  /** soap:body/@encodingStyle for encoded operations. */
  encodingStyle?: string;
  input: SoapMessage;
  /** Absent for a one-way operation (WSDL input only): the service answers HTTP 202 with no envelope. */
  output?: SoapMessage;
  faults: { name: string; type?: TypeRef; doc?: string }[];
  location?: SourceLocation;
}

/**
 * A message as it appears inside soap:Body. For document/literal messages of
 * one element part (wrapped, or bare) `element` is that element and `type` its
 * content type; for rpc the wrapper is synthesized (operation name / name +
 * "Response") and the parts are the fields of `type`. Document messages of
 * zero or several parts have no `element`: see `body`.
 */
export interface SoapMessage {
  /** The one element soap:Body holds; absent when `body` is `parts`. */
  element?: QName;
  /**
   * `parts`: a document message of zero or several element parts. soap:Body holds the parts
   * themselves, in order, with no wrapper; `type` is a synthesized object with a field per part
   * (named after the part; its `xml` is the part's element). No fields: the Body is empty.
   */
  body?: 'parts';
  /** The wrapper's content: usually a named ObjectType (parts, or the wrapper element's children). */
  type: TypeRef;
  /** The wrapper element is a global ElementType (document style) — its name. */
  elementType?: string;
  /**
   * The soap:header blocks the binding declares for this message: a named ObjectType whose fields
   * are the blocks (each an element child of soap:Header, optional), read and written like a body.
   */
  header?: NamedRef;
}

// ---------------------------------------------------------------------------
// REST

export interface RestApi {
  servers: string[];
  security: RestSecurityScheme[];
  operations: RestOperation[];
}

export interface RestSecurityScheme {
  name: string;
  /** `oauth2` and `openid-connect` carry an access token as a bearer token (RFC 6750); `other`: anything else (e.g. `mutualTLS`, an HTTP scheme like Digest). */
  kind: 'http-bearer' | 'http-basic' | 'api-key' | 'oauth2' | 'openid-connect' | 'other';
  doc?: string;
  location?: SourceLocation;
  /** For api-key schemes: where the key goes. */
  in?: 'header' | 'query' | 'cookie';
  parameterName?: string;
  /** For http-bearer schemes: the token's documented shape, e.g. `<customerID>:<APIKey>` (placeholders become typed credential fields). */
  bearerFormat?: string;
  /** For `other` schemes of `type: http`: the scheme's name (`Digest`), for the server's challenge. */
  httpScheme?: string;
}

export interface RestOperation {
  /** operationId, or one derived from method + path. */
  id: string;
  method: 'get' | 'put' | 'post' | 'delete' | 'patch' | 'head' | 'options' | 'trace';
  path: string;
  summary?: string;
  doc?: string;
  deprecated?: boolean;
  parameters: RestParameter[];
  body?: RestBody;
  responses: RestResponse[];
  /** Alternatives: each entry is a scheme name with the scopes it needs. Empty = no auth. */
  security: { scheme: string; scopes: string[] }[][];
  /** Vendor extension `x-key-types`: which API key types may call this operation. */
  keyTypes?: string[];
  location?: SourceLocation;
}

/** A `requestBody`: every media type it documents, in document order (the first is the client's default). */
export interface RestBody {
  required: boolean;
  media: RestMedia[];
}

/** One media type of a request body: its schema's type and, for form and multipart bodies, the `encoding` object. */
export interface RestMedia {
  contentType: string;
  type: TypeRef;
  /** Form and multipart bodies: per property, how it is written (OpenAPI Encoding Object). */
  encoding?: Record<string, RestEncoding>;
  location?: SourceLocation;
}

/** An OpenAPI Encoding Object: a multipart part's content type, a form field's style. */
export interface RestEncoding {
  /** Multipart: the part's media type (default from the property's type: JSON for objects and arrays of objects). */
  contentType?: string;
  /** Form: `form` (default), `spaceDelimited`, `pipeDelimited` or `deepObject`. */
  style?: RestParameterStyle;
  explode?: boolean;
  allowReserved?: boolean;
}

export interface RestParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  type: TypeRef;
  doc?: string;
  location?: SourceLocation;
  /**
   * How the value is written (OpenAPI `style`), the location's default filled in. Always one the
   * specification defines for the location and the value's shape: the loader warns and falls
   * back to the default otherwise.
   */
  style: RestParameterStyle;
  /** OpenAPI `explode`, the style's default filled in. */
  explode: boolean;
  /** Query: reserved characters are sent unencoded (`allowReserved`). */
  allowReserved?: boolean;
  /** A `content` parameter: its media type. The value is one document of that type (JSON text for JSON), not styled. */
  contentType?: string;
  /** The schema's `default` (a JSON value): the server stub passes it to the handler when the parameter is absent. */
  default?: unknown;
}

export type RestParameterStyle = 'matrix' | 'label' | 'simple' | 'form' | 'spaceDelimited' | 'pipeDelimited' | 'deepObject';

export interface RestResponse {
  /** HTTP status code as a string, or `default`, or a range like `4XX`. */
  status: string;
  doc?: string;
  /** Of the status key in the operation's `responses`. */
  location?: SourceLocation;
  contentType?: string;
  type?: TypeRef;
}
