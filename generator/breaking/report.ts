/**
 * How `gen breaking` shows what it found: a report for people (grouped by operation, each change
 * with `file:line` on both sides), JSON for tools, and GitHub workflow annotations.
 */
import type { SourceLocation } from '../model/model.ts';
import type { Change } from './findings.ts';
import type { AcceptedBreak, Verdict } from './policy.ts';
import { CATEGORIES, categoryOf, ruleById, type Category } from './rules.ts';
import type { Format } from './options.ts';

/** One API's comparison, with file names already as the user reads them. */
export interface ApiResult {
  name: string;
  /** The spec as given (the new side). */
  spec: string;
  /** The old spec as the user reads it (its repository path for a revision); undefined for a new API. */
  beforeSpec: string | undefined;
  /** `--against` as given. */
  against: string;
  /** True when `--against` names a revision: old locations are then in that revision's files. */
  revision: boolean;
  verdict: Verdict;
}

export function formatReport(results: ApiResult[], format: Format, categories: readonly Category[], configFile: string): string {
  if (format === 'json') return `${JSON.stringify(jsonReport(results, categories), null, 2)}\n`;
  if (format === 'github') return githubReport(results, configFile);
  return textReport(results, categories);
}

/** Total breaking changes that fail the run. */
export function failingCount(results: ApiResult[]): number {
  return results.reduce((n, r) => n + r.verdict.failing.length, 0);
}

function where(loc: SourceLocation | undefined, fallback: string | undefined): string | undefined {
  if (loc) return `${loc.file}:${loc.line}:${loc.column}`;
  return fallback;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function sideLines(change: Change, result: ApiResult): string[] {
  const lines: string[] = [];
  const before = change.sides !== 'after' ? where(change.before, result.beforeSpec) : undefined;
  const after = change.sides !== 'before' ? where(change.after, result.spec) : undefined;
  if (before) lines.push(`before: ${before}${result.revision ? ` (${result.against})` : ''}`);
  if (after) lines.push(`after:  ${after}`);
  return lines;
}

function pathLine(change: Change): string {
  const [first, ...more] = change.paths;
  const others = change.operations.slice(1);
  const extra = [more.length ? `${plural(more.length, 'more path')}` : '', others.length ? `also in ${others.slice(0, 3).join(', ')}${others.length > 3 ? ` and ${others.length - 3} more` : ''}` : ''].filter(Boolean);
  return `at ${first ?? '(api)'}${extra.length ? ` (${extra.join('; ')})` : ''}`;
}

/** Changes grouped under the first operation reaching each, in contract order. */
function byOperation(changes: Change[]): Map<string, Change[]> {
  const groups = new Map<string, Change[]>();
  for (const c of changes) {
    const group = c.operations[0] ?? 'API';
    groups.set(group, [...(groups.get(group) ?? []), c]);
  }
  return groups;
}

function textReport(results: ApiResult[], categories: readonly Category[]): string {
  const out: string[] = [];
  for (const r of results) {
    const { failing, accepted, unmatched } = r.verdict;
    if (r.beforeSpec === undefined) {
      out.push(`${r.spec}: not in ${r.against}, nothing to compare (a new API)`);
      continue;
    }
    out.push(`${r.spec} against ${r.against}: ${failing.length ? plural(failing.length, 'breaking change') : 'no breaking changes'}`);
    for (const [group, changes] of byOperation(failing)) {
      out.push('', `  ${group}`);
      for (const c of changes) {
        out.push(`    ${c.rule}  ${c.message}`);
        for (const line of [pathLine(c), ...sideLines(c, r)]) out.push(`      ${line}`);
      }
    }
    if (accepted.length) {
      out.push('', '  accepted (breaking.accepted in the config):');
      for (const { change, reason } of accepted) out.push(`    ${change.rule}  ${change.message}: ${reason}`, `      ${pathLine(change)}`);
    }
    for (const entry of unmatched) out.push('', `  note: ${unmatchedMessage(entry)}`);
    out.push('');
  }
  const failing = failingCount(results);
  const accepted = results.reduce((n, r) => n + r.verdict.accepted.length, 0);
  const ignored = results.reduce((n, r) => n + r.verdict.ignored, 0);
  const other = results.reduce((n, r) => n + r.verdict.otherCategories, 0);
  const unchecked = CATEGORIES.filter((c) => !categories.includes(c));
  const notes = [accepted ? `${accepted} accepted` : '', ignored ? `${ignored} ignored by the config` : '', other ? `${other} more in ${unchecked.join(', ')} (--category all)` : ''].filter(Boolean);
  out.push(`gen breaking: ${failing ? plural(failing, 'breaking change') : 'no breaking changes'} (${categories.join(' and ')}) in ${plural(results.length, 'API')}${notes.length ? `; ${notes.join(', ')}` : ''}`);
  return `${out.join('\n')}\n`;
}

function jsonChange(change: Change, result: ApiResult): Record<string, unknown> {
  const rule = ruleById(change.rule);
  const loc = (l: SourceLocation | undefined, side: 'before' | 'after') => {
    if (change.sides !== 'both' && change.sides !== side) return undefined;
    const file = l?.file ?? (side === 'before' ? result.beforeSpec : result.spec);
    return { file, ...(l ? { line: l.line, column: l.column } : {}), ...(side === 'before' && result.revision ? { revision: result.against } : {}) };
  };
  return { rule: change.rule, group: rule.group, category: categoryOf(rule) ?? null, message: change.message, paths: change.paths, operations: change.operations, before: loc(change.before, 'before') ?? null, after: loc(change.after, 'after') ?? null, ...(change.near ? { near: change.near } : {}) };
}

function jsonReport(results: ApiResult[], categories: readonly Category[]): unknown {
  return {
    categories,
    breaking: failingCount(results),
    apis: results.map((r) => ({
      name: r.name,
      spec: r.spec,
      against: r.against,
      new: r.beforeSpec === undefined,
      breaking: r.verdict.failing.map((c) => jsonChange(c, r)),
      accepted: r.verdict.accepted.map(({ change, reason }) => ({ ...jsonChange(change, r), reason })),
      compatible: r.verdict.compatible.map((c) => jsonChange(c, r)),
      ignored: r.verdict.ignored,
      otherCategories: r.verdict.otherCategories,
      unmatchedAccepted: r.verdict.unmatched,
    })),
  };
}

/** GitHub workflow commands: `::error file=…,line=…,title=…::message`, escaped as the runner expects. */
function githubReport(results: ApiResult[], configFile: string): string {
  const data = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const property = (s: string) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  const command = (level: string, file: string, loc: SourceLocation | undefined, title: string, message: string) =>
    `::${level} ${[`file=${property(file)}`, ...(loc ? [`line=${loc.line}`, `col=${loc.column}`] : []), `title=${property(title)}`].join(',')}::${data(message)}`;
  const lines: string[] = [];
  for (const r of results) {
    const annotate = (level: string, change: Change, suffix = '') => {
      // An annotation belongs to a file of the new tree: the change's new place, else the spec itself.
      const before = change.sides !== 'after' ? where(change.before, r.beforeSpec) : undefined;
      const context = `at ${change.paths[0] ?? 'api'}${before ? `; before: ${before}${r.revision ? ` (${r.against})` : ''}` : ''}`;
      const anchor = change.after ?? change.near;
      lines.push(command(level, anchor?.file ?? r.spec, anchor, `${change.rule} (${r.name})`, `${change.message} (${context})${suffix}`));
    };
    for (const change of r.verdict.failing) annotate('error', change);
    for (const { change, reason } of r.verdict.accepted) annotate('notice', change, ` accepted: ${reason}`);
    for (const entry of r.verdict.unmatched) lines.push(command('warning', configFile, undefined, `stale accepted break (${r.name})`, unmatchedMessage(entry)));
  }
  const failing = failingCount(results);
  lines.push(`gen breaking: ${failing ? plural(failing, 'breaking change') : 'no breaking changes'} in ${plural(results.length, 'API')}`);
  return `${lines.join('\n')}\n`;
}

const unmatchedMessage = (entry: AcceptedBreak): string => `the accepted ${entry.rule} at "${entry.path}" matches no change any more; remove it from the config`;
