/** Facts about XSD built-in types that both the loader and the emitters need. */

/** Value ranges the bounded integer built-ins imply; the validators check them like any facet. */
export const BUILTIN_RANGES: Record<string, [string, string]> = {
  int: ['-2147483648', '2147483647'], short: ['-32768', '32767'], byte: ['-128', '127'],
  unsignedInt: ['0', '4294967295'], unsignedShort: ['0', '65535'], unsignedByte: ['0', '255'],
  long: ['-9223372036854775808', '9223372036854775807'], unsignedLong: ['0', '18446744073709551615'],
  nonNegativeInteger: ['0', ''], positiveInteger: ['1', ''], nonPositiveInteger: ['', '0'], negativeInteger: ['', '-1'],
};

/** Whether a range is just the one the built-in type already implies (not worth repeating in docs). */
export function isBuiltinRange(xsdType: string | undefined, min: string | undefined, max: string | undefined): boolean {
  const range = xsdType ? BUILTIN_RANGES[xsdType] : undefined;
  return range !== undefined && (min ?? '') === range[0] && (max ?? '') === range[1];
}
