/**
 * The `gen` command line.
 *
 *   gen                         regenerate every API in gen.config.json
 *   gen --check                 fail with a diff when generated/ is stale
 *   gen spec.wsdl --out dir     generate any third-party WSDL or OpenAPI document
 *   gen --watch                 regenerate when a spec changes
 */
import { existsSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { CONFIG_FILE, readConfig, type ConfiguredApi } from './config.ts';
import { VERSION } from './paths.ts';
import { FORMS, PARTS, type Form, type Part } from './options.ts';
import { diffTrees, OutputNotOwnedError, readOwnedTree, withManifest, writeTreeAtomically } from './output.ts';
import { formatDiagnostic, SpecError } from './load/xml-source.ts';
import { CATEGORY_CHOICES, FORMATS, type CategoryChoice, type Format } from './breaking/options.ts';

class UsageError extends Error {}

/** Names an API after its spec file: `specs/genopro.wsdl` → `genopro`. */
function nameFromSpec(spec: string): string {
  return path.basename(spec).replace(/\.(wsdl|xml|ya?ml|json)$/i, '').replace(/[^A-Za-z0-9_-]+/g, '-').toLowerCase();
}

interface RunOptions {
  specs: string[];
  out?: string;
  name?: string;
  check: boolean;
  config: string;
  quiet: boolean;
  force: boolean;
  /** Overrides of the config's choices (flags win). */
  form?: Form | undefined;
  parts?: Part[] | undefined;
  packageName?: string | undefined;
  /** The command as the user typed it, for the `--check` hint. */
  command: string;
}

/** What one run read and wrote: the spec files and everything they import, for --watch. */
interface RunResult {
  code: number;
  inputs: string[];
}

async function run(options: RunOptions): Promise<RunResult> {
  const root = process.cwd();
  let apis: ConfiguredApi[];
  if (options.specs.length) {
    if (options.name && options.specs.length > 1) throw new UsageError('--name applies to a single spec');
    apis = options.specs.map((spec) => ({ name: options.name ?? nameFromSpec(spec), spec, out: options.out ?? 'generated', output: {} }));
  } else {
    if (!existsSync(options.config)) throw new UsageError(`no specs given and no ${options.config} here; run \`gen --help\``);
    apis = readConfig(options.config).map((api) => (options.out ? { ...api, out: options.out } : api));
  }
  apis = apis.map((api) => ({
    ...api,
    parts: options.parts ?? api.parts,
    output: { ...api.output, form: options.form ?? api.output.form, packageName: options.packageName ?? api.output.packageName },
  }));
  const inputs = apis.map((api) => path.resolve(root, api.spec));
  const started = performance.now();
  // The pipeline (TypeScript printer, XSD compiler) loads only when there is something to generate,
  // so `gen --help` and `gen --version` answer at once.
  const { generateAll } = await import('./pipeline.ts');
  // Every output folder is generated in memory first: a spec that fails to generate writes nothing anywhere.
  const trees = new Map<string, Map<string, string>>();
  for (const out of new Set(apis.map((api) => api.out))) {
    const folder = apis.filter((api) => api.out === out);
    trees.set(out, await generateAll(folder, root, (api) => {
      inputs.push(...(api.inputs ?? []));
      for (const d of api.diagnostics) if (d.severity === 'warning' && !options.quiet) console.error(formatDiagnostic(d));
    }, folder[0]!.output));
  }
  const result = (code: number): RunResult => ({ code, inputs: [...new Set(inputs)] });
  if (options.check) {
    let stale = false;
    for (const [out, files] of trees) {
      const difference = diffTrees(withManifest(files), readOwnedTree(out), out);
      if (difference) {
        stale = true;
        console.error(difference);
        console.error(`\ngen --check: ${out}/ is out of step with the specs. Run \`${options.command}\` and commit the result.`);
      } else if (!options.quiet) console.log(`gen --check: ${out}/ is up to date (${files.size} files).`);
    }
    return result(stale ? 1 : 0);
  }
  for (const [out, files] of trees) {
    writeTreeAtomically(out, files, { force: options.force });
    if (!options.quiet) console.log(`gen: wrote ${files.size} files for ${apis.filter((api) => api.out === out).length} API(s) to ${out}/ in ${Math.round(performance.now() - started)} ms`);
  }
  return result(0);
}

/** Reports an error the way a user should see it: located for spec errors, one line otherwise. */
function report(error: unknown): number {
  if (error instanceof SpecError) {
    console.error(error.message);
    return 1;
  }
  if (error instanceof UsageError || error instanceof OutputNotOwnedError) {
    console.error(`gen: ${error.message}`);
    return 2;
  }
  console.error(`gen: internal error: ${(error as Error)?.message ?? String(error)}`);
  if (process.env.GEN_DEBUG) console.error(error);
  return 3;
}

/** Runs `gen` with command-line arguments; resolves with the exit code (with `--watch`, once watching). */
export async function main(args: string[]): Promise<number> {
  const argv = await yargs(args)
    .scriptName('gen')
    .usage('$0 [spec..] [options]\n\nGenerate typed clients, server stubs, codecs and validators from WSDL and OpenAPI contracts.')
    .command('$0 [specs..]', false, (y) => y.positional('specs', { type: 'string', array: true, describe: 'WSDL (.wsdl/.xml) or OpenAPI (.yaml/.json) files; default: every API in gen.config.json' }))
    .command('breaking [specs..]', 'exit 1 when a spec breaks its clients compared with --against (a git revision, file or folder)', (y) =>
      comparedSpecs(y)
        .option('category', { choices: CATEGORY_CHOICES, default: 'wire' as CategoryChoice, describe: 'wire: requests and responses old clients send and read; code: the generated TypeScript only; all: both' })
        .option('format', { choices: FORMATS, default: 'text' as Format, describe: 'text for people, json for tools, github for workflow annotations' }),
    )
    .command('changelog [specs..]', 'a Markdown changelog since --against: breaking changes, additions, compatible changes', (y) => comparedSpecs(y))
    .option('out', { alias: 'o', type: 'string', describe: 'output folder (default: the config\'s "out", or generated)' })
    .option('name', { type: 'string', describe: 'folder name for a single spec (default: the file name)' })
    .option('check', { type: 'boolean', default: false, describe: 'regenerate in memory and fail with a diff if the output folder differs' })
    .option('watch', { alias: 'w', type: 'boolean', default: false, describe: 'regenerate whenever a spec changes' })
    .option('config', { alias: 'c', type: 'string', default: CONFIG_FILE, describe: 'config file listing the APIs' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'print only errors' })
    .option('form', { choices: FORMS, describe: 'source: TypeScript for your source tree (default); package: compiled ESM .js + .d.ts with a package.json' })
    .option('parts', { type: 'string', array: true, choices: PARTS, describe: 'what to emit (default: all); what they need comes along, e.g. --parts client' })
    .option('package-name', { type: 'string', describe: 'the "name" of the output folder\'s package.json' })
    .option('force', { type: 'boolean', default: false, describe: 'generate into a non-empty folder gen has not written before (files gen does not write are kept)' })
    .example('$0', 'regenerate everything listed in gen.config.json')
    .example('$0 --check', 'in CI: exit 1 with a diff when generated/ is stale')
    .example('$0 vendor/service.wsdl --out src/vendor', 'generate a third-party WSDL')
    .example('$0 api.yaml --name billing --out src/generated', 'generate a third-party OpenAPI document')
    .example('$0 api.yaml --form package --parts client --out vendor-client', 'a compiled, client-only npm package')
    .example('$0 breaking --against main', 'in CI: exit 1 when a spec of gen.config.json breaks clients of main\'s version')
    .strict()
    .version(VERSION)
    .help()
    .parseAsync();
  const [subcommand] = argv._;
  if (subcommand === 'breaking' || subcommand === 'changelog') {
    // The loaders and the comparison load only now, like the pipeline for generation.
    const { runBreaking } = await import('./breaking/command.ts');
    const compared = { specs: (argv.specs as string[] | undefined) ?? [], against: argv.against as string, config: argv.config, quiet: argv.quiet };
    return runBreaking({ mode: subcommand, ...compared, category: (argv.category as CategoryChoice | undefined) ?? 'wire', format: (argv.format as Format | undefined) ?? 'text' });
  }
  // The command that regenerates, as the user runs it: through an npm script or the bin itself.
  const rest = args.filter((a) => a !== '--check').join(' ');
  const viaScript = /\bgen\b|cli\.[jt]s/.test(process.env.npm_lifecycle_script ?? '');
  const script = viaScript ? process.env.npm_lifecycle_event : undefined;
  const command = script ? `npm run ${script}${rest ? ` -- ${rest}` : ''}` : `gen${rest ? ` ${rest}` : ''}`;
  const options: RunOptions = { specs: (argv.specs as string[] | undefined) ?? [], out: argv.out, name: argv.name, check: argv.check, config: argv.config, quiet: argv.quiet, force: argv.force, form: argv.form as Form | undefined, parts: argv.parts as Part[] | undefined, packageName: argv['package-name'], command };
  let inputs = options.specs.map((spec) => path.resolve(spec));
  const once = async (): Promise<number> => {
    try {
      const r = await run(options);
      inputs = r.inputs;
      return r.code;
    } catch (error) {
      return report(error); // a broken edit is reported; watching goes on with the files known so far
    }
  };
  if (!argv.watch) return once();
  await once();
  watchInputs(() => inputs, once);
  return 0;
}

/** What `gen breaking` and `gen changelog` both take: specs and the version to compare them with. */
function comparedSpecs<T>(y: Argv<T>) {
  return y
    .hide('out').hide('name').hide('check').hide('watch').hide('form').hide('parts').hide('package-name').hide('force')
    .positional('specs', { type: 'string', array: true, describe: 'WSDL or OpenAPI files; default: every API in gen.config.json' })
    .option('against', { type: 'string', demandOption: true, describe: 'the old version: a git revision (main, HEAD~1, a tag; the spec and what it imports are read at it), a file, or a folder laid out like the working directory' });
}

/**
 * Regenerates when a spec or a file it imports changes. The folders holding them are watched (not
 * the files: an editor's rename-save replaces the file, and a watch on the old one goes quiet), and
 * events for other files in those folders are ignored. Changes within 150 ms make one run.
 */
function watchInputs(current: () => string[], regenerate: () => Promise<number>): void {
  const watchers = new Map<string, FSWatcher>();
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  const refresh = (): void => {
    const files = new Set(current());
    const dirs = new Set([...files].map((f) => path.dirname(f)));
    for (const [dir, watcher] of watchers) if (!dirs.has(dir)) (watcher.close(), watchers.delete(dir));
    for (const dir of dirs) {
      if (watchers.has(dir) || !existsSync(dir)) continue;
      watchers.set(dir, watch(dir, (_event, name) => {
        if (name !== null && !new Set(current()).has(path.join(dir, name.toString()))) return;
        clearTimeout(timer);
        timer = setTimeout(() => {
          running = running.then(async () => {
            await regenerate();
            refresh(); // imports may have changed
          });
        }, 150);
      }));
    }
  };
  refresh();
  console.log(`gen: watching ${current().map((f) => path.relative(process.cwd(), f)).join(', ')} (Ctrl-C to stop)`);
}

// Run as a program (not when imported, e.g. by tests).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = await main(hideBin(process.argv));
