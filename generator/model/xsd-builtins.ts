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

/**
 * Translates the XSD regex dialect to ECMAScript: `\i`/`\c` name-character
 * classes and the block escapes used in practice. XSD has no anchors, so `^`
 * and `$` are literal characters there.
 */
export function xsdToEcma(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) {
      const n = pattern[i + 1]!;
      i++;
      if (n === 'i') out += inClass ? 'A-Za-z_:\\u00C0-\\u02FF' : '[A-Za-z_:\\u00C0-\\u02FF]';
      else if (n === 'I') out += '[^A-Za-z_:\\u00C0-\\u02FF]';
      else if (n === 'c') out += inClass ? '\\w.:\\-\\u00B7\\u00C0-\\u02FF' : '[\\w.:\\-\\u00B7\\u00C0-\\u02FF]';
      else if (n === 'C') out += '[^\\w.:\\-\\u00B7\\u00C0-\\u02FF]';
      else if ((n === 'p' || n === 'P') && pattern[i + 1] === '{') {
        const end = pattern.indexOf('}', i);
        const name = pattern.slice(i + 2, end);
        i = end;
        if (name === 'IsBasicLatin') out += n === 'p' ? (inClass ? '\\u0000-\\u007F' : '[\\u0000-\\u007F]') : '[^\\u0000-\\u007F]';
        else if (name === 'IsLatin-1Supplement') out += n === 'p' ? (inClass ? '\\u0080-\\u00FF' : '[\\u0080-\\u00FF]') : '[^\\u0080-\\u00FF]';
        else out += `\\${n}{${name}}`;
      } else if (n === '-' && !inClass) out += '-';
      else out += `\\${n}`;
      continue;
    }
    if (!inClass && (c === '^' || c === '$')) {
      out += `\\${c}`;
      continue;
    }
    if (c === '[' && !inClass) inClass = true;
    else if (c === ']' && inClass) inClass = false;
    out += c;
  }
  return out;
}

/** Why an XSD pattern cannot be used (as the validators compile it), or undefined when it can. */
export function xsdPatternProblem(pattern: string): string | undefined {
  const source = `^(?:${xsdToEcma(pattern)})$`;
  let problem: string | undefined;
  for (const flags of ['u', '']) {
    try {
      new RegExp(source, flags);
      return undefined;
    } catch (e) {
      problem ??= (e as Error).message;
    }
  }
  return problem;
}
