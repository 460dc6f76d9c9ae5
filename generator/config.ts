/**
 * `gen.config.json`: which APIs to generate, from which spec, into which folder. The file is
 * checked against the shape published in gen.config.schema.json (for editors), and every problem,
 * a misspelt key above all, is a located `file:line:col: error:` rather than a silently ignored key.
 */
import { readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { Diagnostic } from './model/model.ts';
import type { ApiSpec } from './pipeline.ts';
import { FORMS, PARTS, type Form, type OutputOptions, type Part } from './options.ts';
import { SpecError } from './load/xml-source.ts';
import { mergePolicies, type AcceptedBreak, type BreakingPolicy } from './breaking/policy.ts';
import { isBreaking, isRuleId, ruleById, RULE_IDS } from './breaking/rules.ts';

export const CONFIG_FILE = 'gen.config.json';

/** One API of the config: the pipeline's ApiSpec plus the folder it is written to and how. */
export interface ConfiguredApi extends ApiSpec {
  out: string;
  output: OutputOptions;
  /** What `gen breaking` ignores or accepts for this API (the top level's entries and its own). */
  breaking?: BreakingPolicy;
}

/** Options that describe a whole output folder: APIs sharing a folder must agree on them. */
const FOLDER_KEYS = ['form', 'packageName', 'packageVersion'] as const;

/** The keys each object of the config may have (gen.config.schema.json says the same for editors). */
const TOP_KEYS = ['$schema', 'out', 'parts', ...FOLDER_KEYS, 'breaking', 'apis'];
const API_KEYS = ['name', 'spec', 'out', 'parts', ...FOLDER_KEYS, 'breaking'];
const BREAKING_KEYS = ['ignore', 'accepted'];
const ACCEPTED_KEYS = ['rule', 'path', 'reason'];

/** Reads and checks a config file; every problem is reported with its position. */
export function readConfig(file: string): ConfiguredApi[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new SpecError([{ severity: 'error', message: `cannot read the config file: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, location: { file, line: 1, column: 1 } }]);
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const problems: Diagnostic[] = [];
  const at = (node: Node | null | undefined, message: string): void => {
    const pos = lines.linePos(node?.range?.[0] ?? 0);
    problems.push({ severity: 'error', message, location: { file, line: pos.line, column: pos.col } });
  };
  if (doc.errors.length) {
    const pos = lines.linePos(doc.errors[0]!.pos[0]);
    throw new SpecError([{ severity: 'error', message: `invalid JSON: ${doc.errors[0]!.message.split('\n')[0]}`, location: { file, line: pos.line, column: pos.col } }]);
  }
  const root = doc.contents;
  if (!isMap(root)) {
    at(root, 'the config must be an object: { "out": "generated", "apis": [{ "name": "…", "spec": "specs/…" }] }');
    throw new SpecError(problems);
  }
  const string = (map: typeof root, key: string, required: boolean): string | undefined => {
    const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key);
    if (!pair) {
      if (required) at(map, `missing "${key}"`);
      return undefined;
    }
    if (!isScalar(pair.value) || typeof pair.value.value !== 'string' || pair.value.value === '') {
      at((pair.value as Node | null) ?? (pair.key as Node), `"${key}" must be a non-empty string`);
      return undefined;
    }
    return pair.value.value;
  };
  const unknownKeys = (map: typeof root, allowed: string[]): void => {
    for (const pair of map.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!allowed.includes(key)) at(pair.key as Node, `unknown key "${key}"${suggest(key, allowed)}; allowed: ${allowed.map((k) => `"${k}"`).join(', ')}`);
    }
  };
  const oneOf = <T extends string>(map: typeof root, key: string, allowed: readonly T[]): T | undefined => {
    const value = string(map, key, false);
    if (value === undefined || allowed.includes(value as T)) return value as T | undefined;
    at(map.items.find((p) => isScalar(p.key) && p.key.value === key)!.value as Node, `"${key}" must be one of ${allowed.map((a) => `"${a}"`).join(', ')}, got "${value}"${suggest(value, [...allowed])}`);
    return undefined;
  };
  const parts = (map: typeof root): Part[] | undefined => {
    const pair = map.items.find((p) => isScalar(p.key) && p.key.value === 'parts');
    if (!pair) return undefined;
    if (!isSeq(pair.value) || pair.value.items.length === 0) {
      at((pair.value as Node | null) ?? (pair.key as Node), `"parts" must be a non-empty list of ${PARTS.map((p) => `"${p}"`).join(', ')}`);
      return undefined;
    }
    const chosen: Part[] = [];
    for (const item of pair.value.items) {
      const value = isScalar(item) ? item.value : undefined;
      if (typeof value === 'string' && (PARTS as readonly string[]).includes(value)) chosen.push(value as Part);
      else at(item as Node, `unknown part ${JSON.stringify(value)}${typeof value === 'string' ? suggest(value, [...PARTS]) : ''}; parts: ${PARTS.map((p) => `"${p}"`).join(', ')}`);
    }
    return chosen;
  };
  const folderOptions = (map: typeof root, inherited: OutputOptions): OutputOptions => ({
    form: oneOf<Form>(map, 'form', FORMS) ?? inherited.form,
    packageName: string(map, 'packageName', false) ?? inherited.packageName,
    packageVersion: string(map, 'packageVersion', false) ?? inherited.packageVersion,
  });
  /** `"breaking": { "ignore": ["RULE-ID", "RULE-ID:path-prefix", "*:path-prefix"], "accepted": [{ "rule", "path", "reason" }] }`. */
  const breaking = (map: typeof root): BreakingPolicy | undefined => {
    const pair = map.items.find((p) => isScalar(p.key) && p.key.value === 'breaking');
    if (!pair) return undefined;
    if (!isMap(pair.value)) {
      at((pair.value as Node | null) ?? (pair.key as Node), '"breaking" must be an object: { "ignore": […], "accepted": […] }');
      return undefined;
    }
    const policy: BreakingPolicy = { ignore: [], accepted: [] };
    unknownKeys(pair.value, BREAKING_KEYS);
    const list = (key: string): Node[] => {
      const item = (pair.value as typeof root).items.find((p) => isScalar(p.key) && p.key.value === key);
      if (!item) return [];
      if (isSeq(item.value)) return item.value.items as Node[];
      at((item.value as Node | null) ?? (item.key as Node), `"breaking.${key}" must be a list`);
      return [];
    };
    const ruleProblem = (id: string, breakingOnly: boolean): string | undefined => {
      if (!isRuleId(id)) return `unknown rule "${id}"${suggest(id, [...RULE_IDS])} (the rules are listed in the README, section "gen breaking")`;
      return breakingOnly && !isBreaking(ruleById(id)) ? `rule "${id}" is not a break; only breaks are accepted` : undefined;
    };
    for (const item of list('ignore')) {
      const value = isScalar(item) ? item.value : undefined;
      if (typeof value !== 'string' || value === '') {
        at(item, '"breaking.ignore" entries are strings: "RULE-ID", "RULE-ID:path-prefix" or "*:path-prefix"');
        continue;
      }
      const id = value.split(':')[0]!;
      const problem = id === '*' ? (value.includes(':') ? undefined : '"*" needs a path prefix: "*:path-prefix"') : ruleProblem(id, false);
      if (problem) at(item, problem);
      else policy.ignore.push(value);
    }
    for (const node of list('accepted')) {
      if (!isMap(node)) {
        at(node, '"breaking.accepted" entries are objects: { "rule": "RULE-ID", "path": "…", "reason": "…" }');
        continue;
      }
      const item = node as typeof root;
      unknownKeys(item, ACCEPTED_KEYS);
      const entry = { rule: string(item, 'rule', true), path: string(item, 'path', true), reason: string(item, 'reason', true) };
      const problem = entry.rule === undefined ? undefined : ruleProblem(entry.rule, true);
      if (problem) at(item.items.find((p) => isScalar(p.key) && p.key.value === 'rule')!.value as Node, problem);
      else if (entry.rule && entry.path && entry.reason) policy.accepted.push(entry as AcceptedBreak);
    }
    return policy;
  };
  unknownKeys(root, TOP_KEYS);
  const topBreaking = breaking(root);
  const out = string(root, 'out', false) ?? 'generated';
  const topParts = parts(root);
  const topOutput = folderOptions(root, {});
  const folders = new Map<string, { output: OutputOptions; node: Node }>();
  const apisPair = root.items.find((p) => isScalar(p.key) && p.key.value === 'apis');
  const apis: ConfiguredApi[] = [];
  if (!apisPair) at(root, 'missing "apis": the list of APIs to generate');
  else if (!isSeq(apisPair.value) || apisPair.value.items.length === 0) at((apisPair.value as Node | null) ?? (apisPair.key as Node), '"apis" must be a non-empty list');
  else {
    const names = new Set<string>();
    for (const item of apisPair.value.items) {
      if (!isMap(item)) {
        at(item as Node, 'each API must be an object: { "name": "…", "spec": "…" }');
        continue;
      }
      unknownKeys(item, API_KEYS);
      const name = string(item, 'name', true);
      const spec = string(item, 'spec', true);
      const apiOut = string(item, 'out', false) ?? out;
      if (name && !/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(name)) at(item, `"name" must be a folder name (letters, digits, _ . -), got "${name}"`);
      if (name && names.has(`${apiOut}/${name}`)) at(item, `two APIs are written to ${apiOut}/${name}`);
      if (name) names.add(`${apiOut}/${name}`);
      const output = folderOptions(item, topOutput);
      const earlier = folders.get(apiOut);
      if (!earlier) folders.set(apiOut, { output, node: item });
      else {
        const differs = FOLDER_KEYS.find((key) => earlier.output[key] !== output[key]);
        if (differs) at(item, `"${differs}" differs from another API written to ${apiOut}/: APIs sharing a folder share its ${FOLDER_KEYS.map((k) => `"${k}"`).join(', ')}`);
      }
      const apiBreaking = breaking(item);
      const policy = topBreaking || apiBreaking ? { breaking: mergePolicies(topBreaking, apiBreaking) } : {};
      if (name && spec) apis.push({ name, spec, out: apiOut, parts: parts(item) ?? topParts, output, ...policy });
    }
  }
  if (problems.length) throw new SpecError(problems);
  return apis;
}

/** ` (did you mean "apis"?)` for a key one or two edits away from an allowed one. */
function suggest(key: string, allowed: string[]): string {
  const near = allowed.find((k) => editDistance(k.toLowerCase(), key.toLowerCase()) <= 2);
  return near ? ` (did you mean "${near}"?)` : '';
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}
