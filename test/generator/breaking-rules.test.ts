/**
 * Every rule of `gen breaking` against its fixtures (test/fixtures/breaking/<RULE-ID>/): each
 * before/after pair (WSDL, OpenAPI, or both where the rule applies to both) is reported with that
 * rule and no other of its category, exit 1, with the change located on the sides it exists on;
 * each pair under compatible/ (a change that looks alike but breaks nobody) is not flagged, exit 0.
 * The CLI runs in this process (main), so the hundreds of runs stay cheap.
 */
import { describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { main } from '../../generator/cli.ts';
import { categoryOf, isBreaking, RULES, type Rule } from '../../generator/breaking/rules.ts';
import { ROOT } from '../support/external.ts';

const FIXTURES = path.join(ROOT, 'test/fixtures/breaking');

interface JsonChange {
  rule: string;
  message: string;
  paths: string[];
  before: { file: string; line?: number } | null;
  after: { file: string; line?: number } | null;
}

/** Runs `gen breaking … --format json` in-process; stdout is captured and parsed. */
async function breaking(after: string, before: string, category: string): Promise<{ code: number; changes: JsonChange[]; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const write = process.stdout.write.bind(process.stdout);
  const error = console.error;
  process.stdout.write = ((chunk: string) => ((stdout += chunk), true)) as typeof process.stdout.write;
  console.error = (...a: unknown[]) => void (stderr += `${a.join(' ')}\n`);
  try {
    const code = await main(['breaking', after, '--against', before, '--category', category, '--format', 'json', '--config', 'no-config-here.json']);
    const report = stdout ? (JSON.parse(stdout) as { apis: { breaking: JsonChange[] }[] }) : { apis: [] };
    return { code, changes: report.apis.flatMap((a) => a.breaking), stderr };
  } finally {
    process.stdout.write = write;
    console.error = error;
  }
}

/** The before/after pairs of a folder: `before.wsdl`/`after.wsdl`, `attribute-before.wsdl`/`attribute-after.wsdl`, … */
function pairs(folder: string): { name: string; before: string; after: string }[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((f) => /(^|-)before\.(wsdl|yaml)$/.test(f))
    .sort()
    .map((f) => ({ name: f.replace('before', 'after'), before: path.join(folder, f), after: path.join(folder, f.replace('before', 'after')) }));
}

const breakingRules = RULES.filter((r: Rule) => isBreaking(r));

test('every breaking rule has fixtures, with a compatible pair, and every fixture folder names a rule', () => {
  const folders = readdirSync(FIXTURES).sort();
  assert.deepEqual(folders, breakingRules.map((r) => r.id).sort());
  for (const rule of breakingRules) {
    assert.ok(pairs(path.join(FIXTURES, rule.id)).length > 0, `${rule.id} has a before/after pair`);
    assert.ok(pairs(path.join(FIXTURES, rule.id, 'compatible')).length > 0, `${rule.id} has a compatible pair`);
  }
});

describe.each(breakingRules.map((r) => [r.id, r] as const))('%s', (id, rule) => {
  const category = categoryOf(rule)!;
  for (const pair of pairs(path.join(FIXTURES, id))) {
    test(`is flagged: ${pair.name}`, async () => {
      const r = await breaking(pair.after, pair.before, category);
      assert.equal(r.code, 1, r.stderr);
      assert.deepEqual([...new Set(r.changes.map((c) => c.rule))], [id], JSON.stringify(r.changes, null, 2));
      for (const change of r.changes) {
        assert.ok(change.paths.length > 0, 'the change says where it is');
        // A change names the file on each side it exists on; removals have no after side, additions no before side.
        assert.ok(change.before || change.after);
        if (change.before) assert.equal(path.resolve(ROOT, change.before.file), pair.before);
        if (change.after) assert.ok(change.after.file.endsWith(path.basename(pair.after)), change.after.file);
        // …and the line on that side (`file:line` on both sides, as the report promises).
        for (const side of [change.before, change.after]) if (side) assert.ok(side.line, `${change.message}: a line in ${side.file}`);
      }
    });
  }
  for (const pair of pairs(path.join(FIXTURES, id, 'compatible'))) {
    test(`a compatible change is not flagged: compatible/${pair.name}`, async () => {
      const r = await breaking(pair.after, pair.before, category);
      assert.deepEqual(r.changes, []);
      assert.equal(r.code, 0, r.stderr);
    });
  }
});
