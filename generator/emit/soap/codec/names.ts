/** Names shared by the codec emitter and the client and server emitters: the generated functions' names. */


export const XSD_NS = 'http://www.w3.org/2001/XMLSchema';

/** Names of the generated functions, shared with the client and server emitters. */
export const codecNames = {
  decode: (type: string) => `decode${type}`,
  encode: (type: string) => `encode${type}`,
  decodeDocument: (element: string) => `decode${element}Document`,
  encodeDocument: (element: string) => `encode${element}Document`,
  // "Body": the content of soap:Body, a name no schema type is likely to take.
  decodeInput: (operation: string) => `decode${operation}RequestBody`,
  encodeInput: (operation: string) => `encode${operation}RequestBody`,
  decodeOutput: (operation: string) => `decode${operation}ResponseBody`,
  encodeOutput: (operation: string) => `encode${operation}ResponseBody`,
};
