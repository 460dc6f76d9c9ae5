/**
 * The version a spec is compared with (`--against`): a file, a folder that mirrors the working
 * directory, or a git revision. For a revision the spec and the files it imports are written, as
 * they were at that revision, into a temporary folder laid out like the repository, so the loaders
 * resolve relative imports there exactly as they would in a checkout.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** `--against` names nothing usable: a usage error (exit 2), with what to do about it. */
export class BaselineError extends Error {}

/** The old version of one spec. */
export interface Baseline {
  /** The spec as it was, on disk; undefined when it did not exist then (a new API). */
  spec: string | undefined;
  /** How reports name the old side: the revision as given, or the file or folder. */
  label: string;
  /** True for a git revision: old locations are in that revision's files, under their repository paths. */
  revision: boolean;
  /** A file name in an old-side location (relative to the working directory), as the user should read it. */
  display(file: string): string;
  /**
   * For a revision: writes every spec-like file of the revision, for a second try when the old spec
   * imports a file the new one no longer does. False when there is nothing more to write.
   */
  widen(): boolean;
}

/** Spec files a contract may import: WSDL, XSD, XML, YAML and JSON. */
const SPEC_FILE = /\.(wsdl|xsd|xml|ya?ml|json)$/i;

/** Resolves `--against` for every spec of a run; temporary folders go when it is disposed. */
export class Baselines {
  private readonly revisions = new Map<string, RevisionTree>();

  constructor(
    private readonly against: string,
    private readonly cwd: string,
  ) {}

  /** The old version of `spec` (absolute); `inputs` are the files the new version reads, the likely imports of the old. */
  of(spec: string, inputs: string[]): Baseline {
    const given = path.resolve(this.cwd, this.against);
    if (existsSync(given)) return statSync(given).isDirectory() ? this.inFolder(given, spec) : this.file(given);
    return this.atRevision(spec, inputs);
  }

  dispose(): void {
    for (const tree of this.revisions.values()) tree.dispose();
    this.revisions.clear();
  }

  private file(file: string): Baseline {
    return { spec: file, label: this.against, revision: false, display: (f) => f, widen: () => false };
  }

  /** A folder mirrors the working directory (`old/specs/a.wsdl` for `specs/a.wsdl`), or holds the spec by its file name. */
  private inFolder(folder: string, spec: string): Baseline {
    const mirrored = path.join(folder, path.relative(this.cwd, spec));
    const byName = path.join(folder, path.basename(spec));
    const found = [mirrored, byName].find((f) => existsSync(f) && statSync(f).isFile());
    return { spec: found, label: this.against, revision: false, display: (f) => f, widen: () => false };
  }

  private atRevision(spec: string, inputs: string[]): Baseline {
    const real = realpathSync(spec);
    const top = git(path.dirname(real), ['rev-parse', '--show-toplevel']);
    if (!top.ok) throw new BaselineError(`--against ${this.against}: no such file or folder, and ${path.relative(this.cwd, spec)} is not in a git repository`);
    const root = top.out.trim();
    let tree = this.revisions.get(root);
    if (!tree) {
      tree = RevisionTree.open(root, this.against);
      this.revisions.set(root, tree);
    }
    const inRepo = (file: string): string | undefined => {
      const rel = path.relative(root, existsSync(file) ? realpathSync(file) : file);
      return rel.startsWith('..') || path.isAbsolute(rel) ? undefined : rel.split(path.sep).join('/');
    };
    const specPath = inRepo(real)!;
    tree.write([specPath, ...inputs.map(inRepo).filter((f): f is string => f !== undefined)]);
    const opened = tree;
    return {
      spec: opened.has(specPath) ? opened.pathOf(specPath) : undefined,
      label: this.against,
      revision: true,
      display: (file) => {
        const abs = path.resolve(this.cwd, file);
        const rel = path.relative(opened.folder, abs);
        return rel.startsWith('..') ? file : path.relative(this.cwd, path.join(root, rel)) || rel;
      },
      widen: () => opened.writeAllSpecFiles(),
    };
  }
}

/** The files of one revision of one repository, written on demand into a temporary folder. */
class RevisionTree {
  private readonly written = new Set<string>();
  private readonly missing = new Set<string>();
  private widened = false;

  private constructor(
    private readonly root: string,
    private readonly commit: string,
    readonly folder: string,
  ) {}

  static open(root: string, revision: string): RevisionTree {
    const commit = git(root, ['rev-parse', '--verify', '--quiet', `${revision}^{commit}`]);
    if (!commit.ok) {
      const shallow = git(root, ['rev-parse', '--is-shallow-repository']).out.trim() === 'true';
      const hint = shallow ? ' (this clone is shallow: fetch more history, e.g. `git fetch --deepen=1`, or check out with fetch-depth: 0)' : '';
      throw new BaselineError(`--against ${revision}: not a file, a folder or a revision of the git repository at ${root}${hint}`);
    }
    return new RevisionTree(root, commit.out.trim(), mkdtempSync(path.join(os.tmpdir(), 'gen-breaking-')));
  }

  has(file: string): boolean {
    return this.written.has(file);
  }

  pathOf(file: string): string {
    return path.join(this.folder, ...file.split('/'));
  }

  /** Writes the files (repository paths) that exist at the revision and are not written yet. */
  write(files: string[]): void {
    const wanted = [...new Set(files)].filter((f) => !this.written.has(f) && !this.missing.has(f));
    if (!wanted.length) return;
    // One `git cat-file --batch` for all of them: `<oid> blob <size>\n<bytes>\n`, or `<name> missing\n`.
    const r = spawnSync('git', ['cat-file', '--batch'], { cwd: this.root, input: wanted.map((f) => `${this.commit}:${f}\n`).join(''), maxBuffer: 1024 * 1024 * 1024 });
    if (r.status !== 0) throw new BaselineError(`git cat-file failed in ${this.root}: ${r.stderr.toString().trim()}`);
    const out = r.stdout;
    let at = 0;
    for (const file of wanted) {
      const eol = out.indexOf(0x0a, at);
      const header = out.subarray(at, eol).toString('utf8');
      at = eol + 1;
      const m = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
      if (!m) {
        this.missing.add(file);
        continue;
      }
      const size = Number(m[2]);
      if (m[1] === 'blob') {
        const target = this.pathOf(file);
        mkdirSync(path.dirname(target), { recursive: true });
        writeFileSync(target, out.subarray(at, at + size));
        this.written.add(file);
      } else this.missing.add(file);
      at += size + 1;
    }
  }

  writeAllSpecFiles(): boolean {
    if (this.widened) return false;
    this.widened = true;
    const list = git(this.root, ['ls-tree', '-r', '-z', '--name-only', this.commit]);
    if (!list.ok) return false;
    const before = this.written.size;
    this.write(list.out.split('\0').filter((f) => SPEC_FILE.test(f)));
    return this.written.size > before;
  }

  dispose(): void {
    rmSync(this.folder, { recursive: true, force: true });
  }
}

function git(cwd: string, args: string[]): { ok: boolean; out: string } {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { ok: !r.error && r.status === 0, out: r.stdout ?? '' };
}
