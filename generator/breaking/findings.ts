/**
 * What a comparison found, and where in the API each finding is reached from.
 *
 * A change inside a type shared by many operations is one finding, not one per operation: each
 * named type pair is compared once per direction, in its own {@link Scope}, and every place that
 * reaches the pair links to that scope. A finding's paths (`GetLicense/request/XS/Version`) and
 * operations are read back through those links when the report is made.
 */
import type { SourceLocation } from '../model/model.ts';
import type { RuleId } from './rules.ts';

/** An operation (or the API itself) that findings hang under: the report's group heading and the start of each path. */
export interface Root {
  group: string;
  path: string;
  /** Report order: operations in the order the contract lists them. */
  order: number;
}

/** A place findings are recorded in: a root, or a named type pair reached from other scopes. */
export class Scope {
  readonly parents: { scope: Scope; segment: string }[] = [];
  private roots?: Root[];

  constructor(readonly root?: Root) {}

  reachedFrom(parent: Scope, segment: string): void {
    this.parents.push({ scope: parent, segment });
    this.roots = undefined;
  }

  /** The roots this scope is reached from, in report order. */
  rootsReaching(): Root[] {
    if (this.roots) return this.roots;
    const found = new Set<Root>();
    const seen = new Set<Scope>([this]);
    const queue: Scope[] = [this];
    while (queue.length) {
      const scope = queue.shift()!;
      if (scope.root) found.add(scope.root);
      for (const p of scope.parents) if (!seen.has(p.scope)) (seen.add(p.scope), queue.push(p.scope));
    }
    this.roots = [...found].sort((a, b) => a.order - b.order);
    return this.roots;
  }

  /** Up to `max` full paths to this scope (a recursive type reaches itself; such loops are not followed). */
  paths(max: number): string[] {
    const out: string[] = [];
    let budget = 10_000;
    const walk = (scope: Scope, suffix: string, stack: Set<Scope>): void => {
      if (out.length >= max || --budget < 0) return;
      if (scope.root) {
        out.push(scope.root.path + suffix);
        return;
      }
      if (stack.has(scope)) return;
      stack.add(scope);
      for (const p of scope.parents) walk(p.scope, (p.segment ? `/${p.segment}` : '') + suffix, stack);
      stack.delete(scope);
    };
    walk(this, '', new Set());
    return out;
  }
}

/** Which sides of the comparison a change exists on: a removal only before, an addition only after. */
export type Sides = 'both' | 'before' | 'after';

/** One change, as reports and policies see it. */
export interface Change {
  rule: RuleId;
  message: string;
  sides: Sides;
  /** Where the changed thing is declared, when the model knows (see the README for what is not located). */
  before?: SourceLocation;
  after?: SourceLocation;
  /** For a change only the old side has: the nearest place in the new files (the enclosing operation or type), for annotations. */
  near?: SourceLocation;
  /** Paths from an operation (or `api`) to the change; at most {@link MAX_PATHS}. */
  paths: string[];
  /** Operations whose requests or responses reach the change, in contract order (`API` for API-wide ones). */
  operations: string[];
}

/** Paths listed per change; a policy's path prefixes are matched against this many as well. */
export const MAX_PATHS = 200;

interface Finding {
  rule: RuleId;
  message: string;
  sides: Sides;
  before?: SourceLocation;
  after?: SourceLocation;
  near?: SourceLocation;
  places: { scope: Scope; rel: string }[];
}

export interface Place {
  scope: Scope;
  /** Path below the scope, `/`-separated ('' for the scope itself). */
  rel: string;
}

export interface Locations {
  before?: SourceLocation | undefined;
  after?: SourceLocation | undefined;
}

export class Findings {
  private readonly found = new Map<string, Finding>();
  private order = 0;

  /** A root scope for an operation or the API; `group` is the report heading, `path` starts every path below it. */
  root(group: string, path: string): Scope {
    return new Scope({ group, path, order: this.order++ });
  }

  /**
   * Records a change. `subject` names the changed thing independently of how it was reached
   * (`Customer.email`), so the same change reached again only adds a place.
   */
  add(rule: RuleId, subject: string, place: Place, message: string, at: Locations, sides: Sides = 'both'): void {
    const key = `${rule}\u0000${subject}`;
    const known = this.found.get(key);
    if (known) {
      if (!known.places.some((p) => p.scope === place.scope && p.rel === place.rel)) known.places.push(place);
      return;
    }
    const finding: Finding = { rule, message, sides, places: [place] };
    if (at.before && sides !== 'after') finding.before = at.before;
    if (at.after && sides !== 'before') finding.after = at.after;
    if (at.after && sides === 'before') finding.near = at.after;
    this.found.set(key, finding);
  }

  /** Every change, in report order: by the first operation reaching it, then as found. */
  changes(): Change[] {
    const list = [...this.found.values()].map((f, seq) => {
      const roots = [...new Set(f.places.flatMap((p) => p.scope.rootsReaching()))].sort((a, b) => a.order - b.order);
      const paths: string[] = [];
      for (const place of f.places) {
        for (const p of place.scope.paths(MAX_PATHS - paths.length)) paths.push(place.rel ? `${p}/${place.rel}` : p);
        if (paths.length >= MAX_PATHS) break;
      }
      const change: Change = { rule: f.rule, message: f.message, sides: f.sides, paths: [...new Set(paths)], operations: [...new Set(roots.map((r) => r.group))] };
      if (f.before) change.before = f.before;
      if (f.after) change.after = f.after;
      if (f.near) change.near = f.near;
      return { change, first: roots[0]?.order ?? Number.MAX_SAFE_INTEGER, seq };
    });
    list.sort((a, b) => a.first - b.first || a.seq - b.seq);
    return list.map((x) => x.change);
  }
}
