/**
 * `gen changelog`: the same comparison as `gen breaking`, written as Markdown for release notes:
 * the breaks (wire and generated code, accepted ones marked), then what was added, then what
 * changed compatibly.
 */
import type { Change } from './findings.ts';
import type { ApiResult } from './report.ts';
import { ruleById, type RuleId } from './rules.ts';

/** Compatible changes that add something; the others change something compatibly. */
const ADDITIONS = new Set<RuleId>(['OP-ADDED', 'PORT-ADDED', 'FIELD-ADDED', 'RESPONSE-ADDED', 'TYPE-ADDED']);

export function formatChangelog(results: ApiResult[]): string {
  const out: string[] = [];
  for (const r of results) {
    out.push(`## ${r.name} (\`${r.spec}\`) since ${r.against}`, '');
    if (r.beforeSpec === undefined) {
      out.push(`New API: \`${r.spec}\` is not in ${r.against}.`, '');
      continue;
    }
    const { failing, accepted, compatible } = r.verdict;
    const wire = [...failing, ...accepted.map((a) => a.change)].filter((c) => ruleById(c.rule).group !== 'code');
    const code = [...failing, ...accepted.map((a) => a.change)].filter((c) => ruleById(c.rule).group === 'code');
    const reasons = new Map(accepted.map((a) => [a.change, a.reason]));
    const note = (c: Change) => (reasons.has(c) ? ` — accepted: ${reasons.get(c)}` : '');
    section(out, 'Breaking changes (wire)', wire, note);
    section(out, 'Breaking changes (generated code only)', code, note);
    const added = compatible.filter((c) => ADDITIONS.has(c.rule) && c.rule !== 'TYPE-ADDED');
    const newTypes = compatible.filter((c) => c.rule === 'TYPE-ADDED');
    section(out, 'Added', added, () => '');
    if (newTypes.length) {
      if (!added.length) out.push('### Added', '');
      out.push(`- New types: ${newTypes.map((c) => /`([^`]+)`/.exec(c.message)?.[1] ?? c.message).map((n) => `\`${n}\``).join(', ')}`, '');
    }
    section(out, 'Changed (compatible)', compatible.filter((c) => !ADDITIONS.has(c.rule)), () => '');
    if (!failing.length && !accepted.length && !compatible.length) out.push('No changes.', '');
  }
  return `# Changelog\n\n${out.join('\n')}`;
}

function section(out: string[], title: string, changes: Change[], note: (c: Change) => string): void {
  if (!changes.length) return;
  out.push(`### ${title}`, '');
  for (const c of changes) {
    const where = c.operations[0] && c.operations[0] !== 'API' ? `**${c.operations[0]}**: ` : '';
    out.push(`- ${where}${c.message} (\`${c.rule}\`)${note(c)}`);
  }
  out.push('');
}
