/**
 * Read-only queries over a model that several emitters need: find a named
 * type, follow named scalars to their base, find the element a document root names.
 */
import type { ApiModel, ElementType, Field, NamedType, ObjectType, ScalarRef, TypeRef } from './model.ts';

export class ModelIndex {
  private readonly byName = new Map<string, NamedType>();

  /** Polymorphic types some value is declared with (a field, an item, a message, a document's content). */
  private readonly usedPolymorphic = new Set<string>();

  constructor(readonly api: ApiModel) {
    for (const type of api.types) this.byName.set(type.name, type);
    // Only where a value is declared with a base may it be a derived type: a global element's own
    // type alone is a declaration, not a use (Zentitle's `data` is always read as its cg:documentType).
    const visit = (ref: TypeRef | undefined): void => {
      if (!ref) return;
      if (ref.kind === 'named' && this.byName.get(ref.name)?.kind === 'object' && (this.byName.get(ref.name) as ObjectType).polymorphism) this.usedPolymorphic.add(ref.name);
      else if (ref.kind === 'array') visit(ref.items);
      else if (ref.kind === 'union') ref.members.forEach(visit);
      else if (ref.kind === 'document') {
        if (ref.contentType) visit(ref.contentType);
        else for (const root of ref.roots) visit(this.element(root).type);
      }
    };
    for (const type of api.types) {
      if (type.kind === 'object') {
        type.fields.forEach((f) => visit(f.type));
        // A substitution group member stands where its head is declared: its type is a use too.
        type.fields.forEach((f) => this.substitutes(f).forEach((m) => visit(m.type)));
      } else if (type.kind === 'array') visit(type.type);
    }
    for (const service of api.soap?.services ?? []) {
      for (const port of service.ports) for (const op of port.binding.operations) for (const message of [op.input, op.output]) visit(message?.type);
    }
    for (const op of api.rest?.operations ?? []) {
      op.body?.media.forEach((m) => visit(m.type));
      op.responses.forEach((r) => visit(r.type));
    }
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

  /** The object type behind `name` when other types derive from it and a value is declared with it (then it may be any of them). */
  polymorphic(name: string): (ObjectType & { polymorphism: NonNullable<ObjectType['polymorphism']> }) | undefined {
    const type = this.byName.get(name);
    return type?.kind === 'object' && type.polymorphism && this.usedPolymorphic.has(name) ? (type as ObjectType & { polymorphism: NonNullable<ObjectType['polymorphism']> }) : undefined;
  }

  /** The types a value of polymorphic `type` may have: itself unless abstract, then every non-abstract derived type. */
  variants(type: ObjectType): ObjectType[] {
    const all = [type, ...(type.polymorphism?.derived ?? []).map((name) => this.type(name) as ObjectType)];
    return all.filter((t) => !t.abstract);
  }

  /** The elements that may stand in for a field's `ref`'d global element (its substitution group, abstract members left out). */
  substitutes(field: Field): ElementType[] {
    const head = field.xml?.element ? this.byName.get(field.xml.element) : undefined;
    if (head?.kind !== 'element' || !head.substitutes) return [];
    return head.substitutes.map((name) => this.element(name)).filter((e) => !e.abstract);
  }

  /** Follows named aliases (scalar types excepted) to the underlying reference's NamedType, if any. */
  named(ref: TypeRef): NamedType | undefined {
    return ref.kind === 'named' ? this.type(ref.name) : undefined;
  }
}
