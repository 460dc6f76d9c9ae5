/**
 * `gen breaking` and `gen changelog`: load each spec now and as it was (`--against`), compare the
 * two models, apply the config's policy and print the result. Exit codes: 0 nothing breaks, 1 a
 * breaking change (breaking only), 2 the comparison could not be made (a usage problem, or a
 * broken spec on either side, reported as `file:line:col: error:`).
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ApiModel } from '../model/model.ts';
import { readConfig, type ConfiguredApi } from '../config.ts';
import { loadApi } from '../pipeline.ts';
import { SpecError } from '../load/xml-source.ts';
import { Baselines, BaselineError, type Baseline } from './baseline.ts';
import { compareApis, IncomparableError } from './compare.ts';
import type { Change } from './findings.ts';
import { judge, NO_POLICY, type BreakingPolicy } from './policy.ts';
import { failingCount, formatReport, type ApiResult } from './report.ts';
import { formatChangelog } from './changelog.ts';
import type { BreakingOptions } from './options.ts';
import type { Category } from './rules.ts';

class CommandError extends Error {}

interface Checked {
  name: string;
  spec: string;
  policy: BreakingPolicy;
}

export async function runBreaking(options: BreakingOptions): Promise<number> {
  const cwd = process.cwd();
  const baselines = new Baselines(options.against, cwd);
  const categories: Category[] = options.category === 'all' ? ['wire', 'code'] : [options.category];
  try {
    const apis = selectApis(options, cwd);
    const given = path.resolve(cwd, options.against);
    if (apis.length > 1 && existsSync(given) && statSync(given).isFile()) throw new CommandError(`--against ${options.against} is one file, but ${apis.length} specs are checked: give one spec, or a folder or revision`);
    const results: ApiResult[] = [];
    for (const api of apis) results.push(await compareOne(api, baselines, cwd, options.mode === 'changelog' ? ['wire', 'code'] : categories));
    const shown = options.quiet && options.mode === 'breaking' && options.format === 'text' ? results.filter((r) => r.verdict.failing.length || r.verdict.accepted.length) : results;
    const text = options.mode === 'changelog' ? formatChangelog(shown) : formatReport(shown, options.format, categories, options.config);
    process.stdout.write(text);
    return options.mode === 'breaking' && failingCount(results) > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof SpecError) {
      console.error(error.message);
      return 2;
    }
    if (error instanceof CommandError || error instanceof BaselineError || error instanceof IncomparableError) {
      console.error(`gen ${options.mode}: ${error.message}`);
      return 2;
    }
    throw error;
  } finally {
    baselines.dispose();
  }
}

/** The specs named on the command line (with the config's policy for any the config lists too), else every API of the config. */
function selectApis(options: BreakingOptions, cwd: string): Checked[] {
  const configured: ConfiguredApi[] = existsSync(options.config) ? readConfig(options.config) : [];
  const policyOf = (api: ConfiguredApi | undefined): BreakingPolicy => api?.breaking ?? NO_POLICY;
  if (options.specs.length) {
    return options.specs.map((spec) => {
      const known = configured.find((api) => path.resolve(cwd, api.spec) === path.resolve(cwd, spec));
      return { name: known?.name ?? path.basename(spec).replace(/\.[^.]+$/, ''), spec, policy: policyOf(known) };
    });
  }
  if (!existsSync(options.config)) throw new CommandError(`no specs given and no ${options.config} here; run \`gen ${options.mode} --help\``);
  return configured.map((api) => ({ name: api.name, spec: api.spec, policy: policyOf(api) }));
}

async function compareOne(api: Checked, baselines: Baselines, cwd: string, categories: Category[]): Promise<ApiResult> {
  const spec = path.resolve(cwd, api.spec);
  if (!existsSync(spec)) throw new CommandError(`${api.spec}: no such file`);
  const after = await loadApi({ name: api.name, spec }, cwd);
  const baseline = baselines.of(spec, after.inputs ?? [spec]);
  const result = { name: api.name, spec: after.source, against: baseline.label, revision: baseline.revision };
  if (!baseline.spec) return { ...result, beforeSpec: undefined, verdict: judge([], NO_POLICY, categories) };
  const before = await loadBaseline(api.name, baseline, cwd);
  const changes = compareApis(before, after).map((c) => shownFrom(c, baseline));
  return { ...result, beforeSpec: baseline.display(before.source), verdict: judge(changes, api.policy, categories) };
}

/**
 * Loads the old spec. At a revision only the files the new spec reads are written at first; an old
 * spec importing another file fails to load, and is tried once more with every spec file of the revision.
 */
async function loadBaseline(name: string, baseline: Baseline, cwd: string): Promise<ApiModel> {
  const load = () => loadApi({ name, spec: baseline.spec! }, cwd);
  try {
    return await load();
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
    if (baseline.widen()) {
      try {
        return await load();
      } catch (again) {
        if (again instanceof SpecError) throw located(again, baseline);
        throw again;
      }
    }
    throw located(error, baseline);
  }
}

/** A broken old spec, its files named as the user knows them and the version said. */
function located(error: SpecError, baseline: Baseline): SpecError {
  return new SpecError(error.diagnostics.map((d) => ({ ...d, message: `${d.message} (in ${baseline.label})`, ...(d.location ? { location: { ...d.location, file: baseline.display(d.location.file) } } : {}) })));
}

/** A change with its old-side location named as the user knows the file. */
function shownFrom(change: Change, baseline: Baseline): Change {
  return change.before ? { ...change, before: { ...change.before, file: baseline.display(change.before.file) } } : change;
}
