/**
 * Read-only queries over a model that several emitters need: find a named
 * type, follow named scalars to their base, find the element a document root names.
 */
import type { ApiModel, ElementType, NamedType, ScalarRef, TypeRef } from './model.ts';

export class ModelIndex {
  private readonly byName = new Map<string, NamedType>();

  constructor(readonly api: ApiModel) {
    for (const type of api.types) this.byName.set(type.name, type);
  }

  type(name: string): NamedType {
    const type = this.byName.get(name);
    if (!type) throw new Error(`model inconsistency: no type named '${name}'`);
    return type;
  }

  element(name: string): ElementType {
    const type = this.type(name);
    if (type.kind !== 'element') throw new Error(`model inconsistency: '${name}' is not an element`);
    return type;
  }

  /** The scalar behind a reference (through named scalar types), or undefined for structured types. */
  scalar(ref: TypeRef): ScalarRef | undefined {
    let current: TypeRef = ref;
    for (let guard = 0; guard < 64; guard++) {
      if (current.kind === 'scalar') return current;
      if (current.kind !== 'named') return undefined;
      const named = this.type(current.name);
      if (named.kind !== 'scalar') return undefined;
      current = named.type;
    }
    return undefined;
  }

  /** Follows named aliases (scalar types excepted) to the underlying reference's NamedType, if any. */
  named(ref: TypeRef): NamedType | undefined {
    return ref.kind === 'named' ? this.type(ref.name) : undefined;
  }
}
