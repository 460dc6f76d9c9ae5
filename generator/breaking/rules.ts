/**
 * The catalogue of changes `gen breaking` and `gen changelog` recognise: the one place a rule's ID,
 * group and rationale are written (the README's table and the config checker read them from here).
 *
 * Rules are grouped by who breaks: `requests` (a request an old client sends is now refused),
 * `responses` (an old client cannot read what the new server sends), `code` (the regenerated
 * TypeScript no longer compiles against code written for the old one, though the wire is the same).
 * `compatible` entries are not breaks: they feed the changelog.
 */

export type RuleGroup = 'requests' | 'responses' | 'code' | 'compatible';
/** What `--category` selects: the wire (requests and responses) or the generated code. */
export const CATEGORIES = ['wire', 'code'] as const;
export type Category = (typeof CATEGORIES)[number];

export interface Rule {
  id: string;
  group: RuleGroup;
  /** One line: what changed and why it breaks (or why it does not). */
  rationale: string;
}

const rule = <const Id extends string>(id: Id, group: RuleGroup, rationale: string) => ({ id, group, rationale });

export const RULES = [
  // Wire: requests old clients send.
  rule('OP-REMOVED', 'requests', 'an operation was removed or renamed: old clients call an operation the server no longer has'),
  rule('OP-PATH-CHANGED', 'requests', 'the path of an operation changed (same operationId): old clients request the old URL'),
  rule('OP-METHOD-CHANGED', 'requests', 'the HTTP method of an operation changed (same operationId): old clients send the old method'),
  rule('SOAP-ACTION-CHANGED', 'requests', 'the SOAPAction of an operation changed: servers that dispatch on it refuse the old action'),
  rule('ENDPOINT-PATH-CHANGED', 'requests', 'the path of a port\'s address changed: old clients post to the old endpoint'),
  rule('PORT-REMOVED', 'requests', 'a service port was removed: clients of its endpoint and SOAP version have nothing to call'),
  rule('NAMESPACE-CHANGED', 'requests', 'the target namespace changed: every qualified element old clients send has another name now'),
  rule('ELEMENT-NAME-CHANGED', 'requests', 'a message element or field changed its XML name, namespace or kind (element ↔ attribute): the old XML no longer matches'),
  rule('SOAP-VERSION-CHANGED', 'requests', 'a port changed SOAP version: envelope namespace and content type of old clients are refused'),
  rule('SOAP-STYLE-CHANGED', 'requests', 'an operation changed between rpc and document style: the body old clients send has another shape'),
  rule('SOAP-USE-CHANGED', 'requests', 'an operation changed between literal and encoded: old clients encode values (xsi:type, SOAP-ENC) the other way'),
  rule('SECURITY-ADDED', 'requests', 'a security requirement was added or tightened (scheme, scope, key type): calls old clients make without it are refused'),
  rule('SECURITY-SCHEME-CHANGED', 'requests', 'a security scheme changed kind or where its credential goes: old clients send it where it is not read'),
  rule('PARAM-LOCATION-CHANGED', 'requests', 'a parameter moved (query, header, path, cookie): old clients send it where the server does not look'),
  rule('PARAM-STYLE-CHANGED', 'requests', 'a parameter is serialized another way (style, explode, content type): old clients write the value the old way'),
  rule('REQ-CONTENT-TYPE-CHANGED', 'requests', 'the request body\'s media type changed: old clients send the old one'),
  rule('REQ-FIELD-ADDED-REQUIRED', 'requests', 'a required request field, parameter or body was added: old clients do not send it'),
  rule('REQ-FIELD-REQUIRED', 'requests', 'an optional request field, parameter or body became required: old clients may leave it out'),
  rule('REQ-FIELD-REMOVED', 'requests', 'a request field was removed from closed content (an XML sequence, additionalProperties: false): old clients still send it and are refused'),
  rule('REQ-TYPE-CHANGED', 'requests', 'a request value\'s type no longer accepts what old clients send (string → int, object → array)'),
  rule('REQ-LENGTH-NARROWED', 'requests', 'a request value\'s length limits were narrowed: old clients\' values may be too short or too long'),
  rule('REQ-PATTERN-NARROWED', 'requests', 'a pattern or format was added to or changed on a request value: old clients\' values may not match'),
  rule('REQ-RANGE-NARROWED', 'requests', 'a request value\'s range or digits were narrowed: old clients\' numbers may fall outside'),
  rule('REQ-ENUM-VALUE-REMOVED', 'requests', 'an enumeration value was removed from (or an enumeration put on) a request value: old clients may send it'),
  rule('REQ-UNION-MEMBER-REMOVED', 'requests', 'a union member (oneOf, xs:union) was removed from a request value: old clients may send that form'),
  rule('REQ-OCCURS-NARROWED', 'requests', 'a repeated request field allows fewer items (maxOccurs or maxItems lowered, minOccurs or minItems raised)'),
  rule('REQ-NILLABLE-REMOVED', 'requests', 'a request field is no longer nillable or nullable: old clients may send xsi:nil or null'),
  rule('REQ-CHOICE-NARROWED', 'requests', 'request fields that could be sent together became alternatives (xs:choice): old clients may send both'),
  rule('REQ-DISCRIMINATOR-CHANGED', 'requests', 'a request union\'s discriminator property was renamed or a tag value removed: old clients send a tag the server does not know'),
  rule('REQ-OPEN-CONTENT-CLOSED', 'requests', 'a request object no longer allows extra content (additionalProperties, xs:any): old clients\' extras are refused'),
  // Wire: responses old clients read.
  rule('RES-FIELD-REMOVED', 'responses', 'a required response field was removed: old clients expect it'),
  rule('RES-FIELD-OPTIONAL', 'responses', 'a required response field became optional: old clients expect it to be there'),
  rule('RES-NULLABLE-ADDED', 'responses', 'a response field became nillable or nullable: old clients do not expect xsi:nil or null'),
  rule('RES-TYPE-CHANGED', 'responses', 'a response value\'s type changed or widened (int → long, int → string): old clients cannot read the new values'),
  rule('RES-FACET-WIDENED', 'responses', 'a response value\'s length, range, digits or pattern were relaxed: clients that validate or size storage by the old limits fail'),
  rule('RES-ENUM-VALUE-ADDED', 'responses', 'an enumeration value was added to (or the enumeration dropped from) a response value: old clients do not know it'),
  rule('RES-UNION-MEMBER-ADDED', 'responses', 'a union member (oneOf, xs:union) was added to a response value: old clients cannot read that form'),
  rule('RES-CHOICE-WIDENED', 'responses', 'response fields that were alternatives (xs:choice) may now arrive together: old clients expect one'),
  rule('RES-DISCRIMINATOR-CHANGED', 'responses', 'a response union\'s discriminator property was renamed or a tag value added: old clients cannot tell which member they got'),
  rule('RES-OCCURS-WIDENED', 'responses', 'a response field may repeat more often (maxOccurs or maxItems raised, minItems lowered): old clients read fewer items'),
  rule('RES-FAULT-REMOVED', 'responses', 'a declared fault was removed: old clients\' handling of it is dead, the condition surfaces undeclared'),
  rule('RES-STATUS-REMOVED', 'responses', 'a declared response status was removed: old clients\' handling of it is dead, the condition surfaces undeclared'),
  rule('RES-BODY-REMOVED', 'responses', 'a response body or SOAP output message was removed: old clients wait for content that never comes'),
  rule('RES-CONTENT-TYPE-CHANGED', 'responses', 'a response\'s media type changed: old clients parse the old one'),
  // Generated code: source compatibility of the emitted TypeScript.
  rule('CODE-TYPE-RENAMED', 'code', 'a generated type (and its validators) was renamed though its place in the contract is the same: imports of the old name break'),
  rule('CODE-TYPE-REMOVED', 'code', 'a generated type was removed: code importing it no longer compiles'),
  rule('CODE-METHOD-RENAMED', 'code', 'a client or handler method was renamed (operationId changed) though the HTTP call is the same'),
  rule('CODE-CLASS-RENAMED', 'code', 'a client class or handler interface was renamed (port or service renamed) though the endpoint is the same'),
  rule('CODE-PARAM-RENAMED', 'code', 'a path parameter was renamed: the URL is the same, the generated parameter name is not'),
  rule('CODE-FIELD-REMOVED', 'code', 'a property was removed from a generated type though the wire tolerates it (optional, or open content): code using it no longer compiles'),
  rule('CODE-FIELD-TYPE-CHANGED', 'code', 'the TypeScript type of a property changed (number ↔ string, single ↔ array) though the wire accepts the change'),
  // Compatible: not breaks; what the changelog lists besides them.
  rule('OP-ADDED', 'compatible', 'an operation was added'),
  rule('PORT-ADDED', 'compatible', 'a service port was added'),
  rule('FIELD-ADDED', 'compatible', 'an optional request field or parameter, or a response field, was added'),
  rule('RESPONSE-ADDED', 'compatible', 'a response status or fault was added'),
  rule('REQUEST-WIDENED', 'compatible', 'a request value accepts more than before (values, lengths, ranges, occurrences, null, optional)'),
  rule('RESPONSE-NARROWED', 'compatible', 'a response value is sent within tighter bounds than before (fewer values, always present)'),
  rule('SECURITY-RELAXED', 'compatible', 'a security requirement was removed or relaxed'),
  rule('TYPE-ADDED', 'compatible', 'a generated type was added'),
  rule('OP-DEPRECATED', 'compatible', 'an operation was marked deprecated'),
] as const satisfies readonly Rule[];

export type RuleId = (typeof RULES)[number]['id'];

const BY_ID = new Map<string, Rule>(RULES.map((r) => [r.id, r]));

export function ruleById(id: RuleId): Rule {
  return BY_ID.get(id)!;
}

export function isRuleId(id: string): id is RuleId {
  return BY_ID.has(id);
}

export const RULE_IDS: readonly RuleId[] = RULES.map((r) => r.id);

/** Breaking rules are those of the three groups that break someone; `compatible` entries never fail a run. */
export function isBreaking(rule: Rule): boolean {
  return rule.group !== 'compatible';
}

export function categoryOf(rule: Rule): Category | undefined {
  if (rule.group === 'code') return 'code';
  return rule.group === 'compatible' ? undefined : 'wire';
}
