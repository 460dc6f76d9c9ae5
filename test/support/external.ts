/**
 * Wrappers around the independent tools the tests use as referees:
 * xmllint (libxml2's XSD validator) and python3-zeep (a SOAP stack nobody here wrote).
 * Installed by .ci/setup-system.sh; Debian's python is /usr/bin/python3.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/**
 * The vendor documents the contracts are checked against. CI clones the repository with shared/
 * beside it; a clone elsewhere names the folder with SEEDS_DIR.
 */
export const SEEDS_DIR = path.resolve(process.env.SEEDS_DIR ?? path.join(ROOT, '../shared/seeds'));
export const SYSTEM_PYTHON = '/usr/bin/python3';

export interface ToolResult {
  ok: boolean;
  status: number | null;
  output: string;
}

function run(cmd: string, args: string[], input?: string): ToolResult {
  const r = spawnSync(cmd, args, { cwd: ROOT, input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) return { ok: false, status: null, output: String(r.error) };
  return { ok: r.status === 0, status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** Validates an XML file (or XML text via `text`) against an XSD with `xmllint --schema`. */
export function xmllintValidate(xsdPath: string, xml: { file: string } | { text: string }): ToolResult {
  const xsd = path.resolve(ROOT, xsdPath);
  if ('file' in xml) return run('xmllint', ['--noout', '--nonet', '--schema', xsd, path.resolve(ROOT, xml.file)]);
  return run('xmllint', ['--noout', '--nonet', '--schema', xsd, '-'], xml.text);
}

/** Checks that a file is well-formed XML. */
export function xmllintWellFormed(file: string): ToolResult {
  return run('xmllint', ['--noout', '--nonet', path.resolve(ROOT, file)]);
}

/** Loads a WSDL in python3-zeep and prints its description (`python3 -m zeep file.wsdl`). */
export function zeepLoad(wsdlPath: string): ToolResult {
  return run(SYSTEM_PYTHON, ['-m', 'zeep', path.resolve(ROOT, wsdlPath)]);
}

/** Runs a Python snippet with Debian's python3 (zeep and spyne importable). */
export function python(code: string, args: string[] = []): ToolResult {
  return run(SYSTEM_PYTHON, ['-c', code, ...args]);
}
