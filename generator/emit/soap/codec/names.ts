/** Names shared by the codec emitter and the client and server emitters: the generated functions' names. */


export const XSD_NS = 'http://www.w3.org/2001/XMLSchema';

/** Names of the generated functions, shared with the client and server emitters. */
export const codecNames = {
  decode: (type: string) => `decode${type}`,
  encode: (type: string) => `encode${type}`,
  decodeDocument: (element: string) => `decode${element}Document`,
  encodeDocument: (element: string) => `encode${element}Document`,
  // "Body": the content of soap:Body, a name no schema type is likely to take.
  decodeInput: (operation: string) => `decode${identifierPart(operation)}RequestBody`,
  encodeInput: (operation: string) => `encode${identifierPart(operation)}RequestBody`,
  decodeOutput: (operation: string) => `decode${identifierPart(operation)}ResponseBody`,
  encodeOutput: (operation: string) => `encode${identifierPart(operation)}ResponseBody`,
};

/** An operation name as part of an identifier: WSDL names (NCNames) may hold `-` and `.`, which become `_`. */
function identifierPart(name: string): string {
  return name.replace(/[^A-Za-z0-9_$]/g, '_');
}
