/**
 * Lossless JSON for REST runtimes: integers beyond 2^53 become strings instead
 * of silently losing digits. Shared by the client (answers), the server
 * (bodies) and parameter parsing. Copied verbatim into `generated/runtime/`.
 */

/**
 * JSON.parse, except that integers beyond 2^53 become strings instead of
 * silently losing digits (license codes, 64-bit IDs). The fast path is
 * JSON.parse itself when no long digit run is present.
 */
export function parseJson(text: string): unknown {
  if (!/[0-9]{16}/.test(text)) return JSON.parse(text);
  return new LosslessParser(text).parse();
}

class LosslessParser {
  private i = 0;
  private readonly s: string;
  constructor(s: string) {
    this.s = s;
  }

  parse(): unknown {
    const v = this.value(0);
    this.ws();
    if (this.i < this.s.length) this.fail('unexpected data after the JSON value');
    return v;
  }

  private fail(message: string): never {
    throw new SyntaxError(`${message} at position ${this.i}`);
  }

  private ws(): void {
    const s = this.s;
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i);
      if (c === 32 || c === 10 || c === 13 || c === 9) this.i++;
      else break;
    }
  }

  private value(depth: number): unknown {
    if (depth > 1000) this.fail('JSON nested too deeply');
    this.ws();
    const c = this.s[this.i];
    if (c === '{') {
      this.i++;
      const o: Record<string, unknown> = {};
      this.ws();
      if (this.s[this.i] === '}') {
        this.i++;
        return o;
      }
      for (;;) {
        this.ws();
        if (this.s[this.i] !== '"') this.fail('expected a property name');
        const k = this.string();
        this.ws();
        if (this.s[this.i] !== ':') this.fail("expected ':'");
        this.i++;
        // defineProperty keeps a "__proto__" key as data, exactly like JSON.parse.
        Object.defineProperty(o, k, { value: this.value(depth + 1), enumerable: true, writable: true, configurable: true });
        this.ws();
        if (this.s[this.i] === ',') this.i++;
        else if (this.s[this.i] === '}') {
          this.i++;
          return o;
        } else this.fail("expected ',' or '}'");
      }
    }
    if (c === '[') {
      this.i++;
      const a: unknown[] = [];
      this.ws();
      if (this.s[this.i] === ']') {
        this.i++;
        return a;
      }
      for (;;) {
        a.push(this.value(depth + 1));
        this.ws();
        if (this.s[this.i] === ',') this.i++;
        else if (this.s[this.i] === ']') {
          this.i++;
          return a;
        } else this.fail("expected ',' or ']'");
      }
    }
    if (c === '"') return this.string();
    if (this.s.startsWith('true', this.i)) return (this.i += 4), true;
    if (this.s.startsWith('false', this.i)) return (this.i += 5), false;
    if (this.s.startsWith('null', this.i)) return (this.i += 4), null;
    const m = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
    m.lastIndex = this.i;
    const hit = m.exec(this.s);
    if (!hit) this.fail('unexpected character');
    this.i += hit[0].length;
    const n = Number(hit[0]);
    if (!hit[1] && !hit[2] && !Number.isSafeInteger(n)) return hit[0];
    return n;
  }

  private string(): string {
    const start = this.i;
    const end = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
    end.lastIndex = start;
    const hit = end.exec(this.s);
    if (!hit) this.fail('bad string');
    this.i += hit[0].length;
    return JSON.parse(hit[0]) as string;
  }
}
