/**
 * The `gen` command line.
 *
 *   gen                         regenerate every API in gen.config.json
 *   gen --check                 fail with a diff when generated/ is stale
 *   gen spec.wsdl --out dir     generate any third-party WSDL or OpenAPI document
 *   gen --watch                 regenerate when a spec changes
 */
import { existsSync, readFileSync, watch } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import type { ApiSpec } from './pipeline.ts';
import { VERSION } from './paths.ts';
import { diffTrees, OutputNotOwnedError, readOwnedTree, withManifest, writeTreeAtomically } from './output.ts';
import { formatDiagnostic, SpecError } from './load/xml-source.ts';

interface GenConfig {
  out: string;
  apis: ApiSpec[];
}

const CONFIG_FILE = 'gen.config.json';

function readConfig(file: string): GenConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`${file}: ${(error as Error).message}`);
  }
  const config = raw as Partial<GenConfig>;
  if (typeof config.out !== 'string' || !Array.isArray(config.apis) || config.apis.some((a) => typeof a?.name !== 'string' || typeof a?.spec !== 'string')) {
    throw new UsageError(`${file}: expected { "out": "generated", "apis": [{ "name": "…", "spec": "specs/…" }] }`);
  }
  return config as GenConfig;
}

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
  /** The command as the user typed it, for the `--check` hint. */
  command: string;
}

async function run(options: RunOptions): Promise<number> {
  const root = process.cwd();
  let specs: ApiSpec[];
  let out: string;
  if (options.specs.length) {
    if (options.name && options.specs.length > 1) throw new UsageError('--name applies to a single spec');
    specs = options.specs.map((spec) => ({ name: options.name ?? nameFromSpec(spec), spec }));
    out = options.out ?? 'generated';
  } else {
    if (!existsSync(options.config)) throw new UsageError(`no specs given and no ${options.config} here; run \`gen --help\``);
    const config = readConfig(options.config);
    specs = config.apis;
    out = options.out ?? config.out;
  }
  const started = performance.now();
  // The pipeline (TypeScript printer, XSD compiler) loads only when there is something to generate,
  // so `gen --help` and `gen --version` answer at once.
  const { generateAll } = await import('./pipeline.ts');
  const files = await generateAll(specs, root, (api) => {
    for (const d of api.diagnostics) if (d.severity === 'warning' && !options.quiet) console.error(formatDiagnostic(d));
  });
  if (options.check) {
    const difference = diffTrees(withManifest(files), readOwnedTree(out), out);
    if (difference) {
      console.error(difference);
      console.error(`\ngen --check: ${out}/ is out of step with the specs. Run \`${options.command}\` and commit the result.`);
      return 1;
    }
    if (!options.quiet) console.log(`gen --check: ${out}/ is up to date (${files.size} files).`);
    return 0;
  }
  writeTreeAtomically(out, files, { force: options.force });
  if (!options.quiet) console.log(`gen: wrote ${files.size} files for ${specs.length} API(s) to ${out}/ in ${Math.round(performance.now() - started)} ms`);
  return 0;
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
    .option('out', { alias: 'o', type: 'string', describe: 'output folder (default: the config\'s "out", or generated)' })
    .option('name', { type: 'string', describe: 'folder name for a single spec (default: the file name)' })
    .option('check', { type: 'boolean', default: false, describe: 'regenerate in memory and fail with a diff if the output folder differs' })
    .option('watch', { alias: 'w', type: 'boolean', default: false, describe: 'regenerate whenever a spec changes' })
    .option('config', { alias: 'c', type: 'string', default: CONFIG_FILE, describe: 'config file listing the APIs' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'print only errors' })
    .option('force', { type: 'boolean', default: false, describe: 'generate into a non-empty folder gen has not written before (files gen does not write are kept)' })
    .example('$0', 'regenerate everything listed in gen.config.json')
    .example('$0 --check', 'in CI: exit 1 with a diff when generated/ is stale')
    .example('$0 vendor/service.wsdl --out src/vendor', 'generate a third-party WSDL')
    .example('$0 api.yaml --name billing --out src/generated', 'generate a third-party OpenAPI document')
    .strict()
    .version(VERSION)
    .help()
    .parseAsync();
  // The command that regenerates, as the user runs it: through an npm script or the bin itself.
  const rest = args.filter((a) => a !== '--check').join(' ');
  const viaScript = /\bgen\b|cli\.[jt]s/.test(process.env.npm_lifecycle_script ?? '');
  const script = viaScript ? process.env.npm_lifecycle_event : undefined;
  const command = script ? `npm run ${script}${rest ? ` -- ${rest}` : ''}` : `gen${rest ? ` ${rest}` : ''}`;
  const options: RunOptions = { specs: (argv.specs as string[] | undefined) ?? [], out: argv.out, name: argv.name, check: argv.check, config: argv.config, quiet: argv.quiet, force: argv.force, command };
  const once = () => run(options).catch(report);
  if (!argv.watch) return once();
  await once();
  const watched = options.specs.length ? options.specs.map((s) => path.dirname(s)) : ['specs'];
  let timer: NodeJS.Timeout | undefined;
  for (const dir of new Set(watched)) {
    watch(dir, { recursive: true }, () => {
      clearTimeout(timer);
      timer = setTimeout(() => void once(), 150);
    });
  }
  console.log(`gen: watching ${[...new Set(watched)].join(', ')} (Ctrl-C to stop)`);
  return 0;
}

// Run as a program (not when imported, e.g. by tests).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = await main(hideBin(process.argv));
