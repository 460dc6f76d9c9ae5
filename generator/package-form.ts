/**
 * The *package* output form: the generated TypeScript compiled, in memory, to ESM JavaScript with
 * declarations and source maps, so the output folder is an npm package that plain `node` runs and
 * any TypeScript project imports (whatever its compiler flags: it reads only the `.d.ts`).
 *
 * The compiler is ts-morph's bundled TypeScript (already a dependency, with its lib files in
 * memory); Node's types come from the tool's own `@types/node`, so the declarations of the server
 * modules are the same on every machine, whatever the user's project has installed.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { STRICTEST } from './pipeline.ts';

const ROOT = '/package';

/** `@types/node` and what it imports, as in-memory files for the compiler. */
function nodeTypes(): [string, string][] {
  const require = createRequire(import.meta.url);
  const files: [string, string][] = [];
  for (const pkg of ['@types/node', 'undici-types']) {
    const dir = path.dirname(require.resolve(`${pkg}/package.json`, { paths: [path.dirname(require.resolve('@types/node/package.json'))] }));
    const walk = (sub: string): void => {
      for (const name of readdirSync(path.join(dir, sub))) {
        const rel = path.posix.join(sub, name);
        if (statSync(path.join(dir, rel)).isDirectory()) walk(rel);
        else if (name.endsWith('.d.ts') || name === 'package.json') files.push([`/node_modules/${pkg}/${rel}`, readFileSync(path.join(dir, rel), 'utf8')]);
      }
    };
    walk('');
  }
  return files;
}

/**
 * Replaces every `.ts` file of a source tree by its `.js`, `.d.ts` and `.js.map` (sources inlined,
 * so the maps need no `.ts` beside them). Other files pass through. Throws when the TypeScript
 * does not compile: that is a generator bug, and a package built from it would be broken.
 */
export async function compileToPackage(tree: Map<string, string>): Promise<Map<string, string>> {
  const { Project, ts } = await import('ts-morph');
  const project = new Project({
    useInMemoryFileSystem: true,
    compilerOptions: {
      ...STRICTEST,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      declaration: true,
      sourceMap: true,
      inlineSources: true,
      rootDir: ROOT,
      outDir: ROOT,
      types: ['node'],
      typeRoots: ['/node_modules/@types'],
      skipLibCheck: true,
      newLine: ts.NewLineKind.LineFeed,
    },
  });
  const fs = project.getFileSystem();
  for (const [file, text] of nodeTypes()) fs.writeFileSync(file, text);
  fs.writeFileSync(`${ROOT}/package.json`, '{ "type": "module" }');
  for (const [file, text] of tree) if (file.endsWith('.ts')) project.createSourceFile(`${ROOT}/${file}`, text);
  const problems = project.getPreEmitDiagnostics().filter((d) => d.getCategory() === ts.DiagnosticCategory.Error);
  if (problems.length) throw new Error(`the generated TypeScript does not compile (a contract-gen bug):\n${project.formatDiagnosticsWithColorAndContext(problems.slice(0, 5))}`);
  const out = new Map([...tree].filter(([file]) => !file.endsWith('.ts')));
  for (const file of project.emitToMemory().getFiles()) out.set(path.posix.relative(ROOT, file.filePath), file.text.endsWith('\n') ? file.text : `${file.text}\n`);
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
