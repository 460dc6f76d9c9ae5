/**
 * Which changes fail a run: the categories asked for (`--category`), minus what the config file
 * ignores and what it records as accepted breaks (`"breaking": { "ignore": […], "accepted": […] }`,
 * per API or for all of them; config.ts checks the entries).
 */
import type { Change } from './findings.ts';
import { categoryOf, ruleById, type Category, type RuleId } from './rules.ts';

export interface AcceptedBreak {
  rule: string;
  /** A path prefix (`GetLicense`, `GET /pets/{id}/response`); every path of the change must be under it. */
  path: string;
  reason: string;
}

export interface BreakingPolicy {
  /** `RULE-ID`, `RULE-ID:path-prefix` or `*:path-prefix`: changes not reported at all. */
  ignore: string[];
  /** Breaks the team has agreed to: listed as accepted, never failing a run. */
  accepted: AcceptedBreak[];
}

export const NO_POLICY: BreakingPolicy = { ignore: [], accepted: [] };

export interface Verdict {
  /** Breaking changes of the chosen categories that nothing ignores or accepts: they fail the run. */
  failing: Change[];
  accepted: { change: Change; reason: string }[];
  /** Compatible changes (for the changelog). */
  compatible: Change[];
  /** Changes an `ignore` entry leaves out. */
  ignored: number;
  /** Breaking changes of a category this run does not check. */
  otherCategories: number;
  /** Accepted entries that match no change any more (the break was fixed, or the entry misspelt). */
  unmatched: AcceptedBreak[];
}

/** Whether `path` is `prefix` or lies below it (`GetLicense` covers `GetLicense/request/XS`, not `GetLicenseCode`). */
export function underPath(path: string, prefix: string): boolean {
  if (prefix === '' || path === prefix) return true;
  return path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`);
}

const allUnder = (change: Change, prefix: string): boolean => change.paths.length > 0 && change.paths.every((p) => underPath(p, prefix));

function ignored(change: Change, entry: string): boolean {
  const colon = entry.indexOf(':');
  const rule = colon < 0 ? entry : entry.slice(0, colon);
  if (rule !== '*' && rule !== change.rule) return false;
  return colon < 0 || allUnder(change, entry.slice(colon + 1));
}

export function judge(changes: Change[], policy: BreakingPolicy, categories: readonly Category[]): Verdict {
  const verdict: Verdict = { failing: [], accepted: [], compatible: [], ignored: 0, otherCategories: 0, unmatched: [] };
  const used = new Set<AcceptedBreak>();
  for (const change of changes) {
    if (policy.ignore.some((entry) => ignored(change, entry))) {
      verdict.ignored++;
      continue;
    }
    const category = categoryOf(ruleById(change.rule));
    if (!category) {
      verdict.compatible.push(change);
      continue;
    }
    if (!categories.includes(category)) {
      verdict.otherCategories++;
      continue;
    }
    const accepted = policy.accepted.find((a) => a.rule === change.rule && allUnder(change, a.path));
    if (accepted) {
      used.add(accepted);
      verdict.accepted.push({ change, reason: accepted.reason });
    } else verdict.failing.push(change);
  }
  // An entry for a category this run does not check is not stale.
  verdict.unmatched = policy.accepted.filter((a) => !used.has(a) && categories.includes(categoryOf(ruleById(a.rule as RuleId))!));
  return verdict;
}

/** Both lists of a top-level policy and an API's own. */
export function mergePolicies(outer: BreakingPolicy | undefined, inner: BreakingPolicy | undefined): BreakingPolicy {
  return { ignore: [...(outer?.ignore ?? []), ...(inner?.ignore ?? [])], accepted: [...(outer?.accepted ?? []), ...(inner?.accepted ?? [])] };
}
