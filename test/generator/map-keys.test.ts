/**
 * `cg:key` under `cg:map` (test/fixtures/wsdl/map-keys.wsdl): the keys a contract names are typed as
 * optional properties with their TSDoc, while the record stays open to other keys of the entry type.
 * The wire does not change: the codec reads and writes every entry by its element name, and the
 * validators check named and unnamed entries alike. The loader refuses a key without a name or twice.
 */
import { beforeAll, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadWsdl } from '../../generator/load/wsdl.ts';
import { parseXml } from '../../generator/runtime/xml.ts';
import { freshDir, genCli, ROOT, typecheck } from '../rest/support.ts';

const SPEC = 'test/fixtures/wsdl/map-keys.wsdl';
const OUT = freshDir('map-keys');

/* eslint-disable @typescript-eslint/no-explicit-any -- the generated modules are imported at run time */
let codec: any;
let validators: any;

beforeAll(async () => {
  const r = await genCli(SPEC, '--name', 'contacts', '--out', OUT);
  assert.equal(r.code, 0, r.stderr);
  // A consumer of the generated types: named keys are typed, other keys allowed, wrong types refused.
  fs.writeFileSync(
    path.join(OUT, 'use.ts'),
    [
      "import type { Contact } from './contacts/types.js';",
      "export const full: Contact = { email: 'a@example.com', 'full-name': 'Ann', country: 'NZ' };",
      'export const email: string | undefined = full.email;',
      "export const other: string | undefined = full['country'];",
      '// @ts-expect-error a named key has the entry type',
      'export const wrong: Contact = { email: 7 };',
      '// @ts-expect-error so has any other key',
      'export const wrongOther: Contact = { country: 7 };',
      '',
    ].join('\n'),
  );
  await typecheck(OUT);
  const load = (m: string) => import(pathToFileURL(path.join(OUT, `contacts/${m}.ts`)).href);
  [codec, validators] = await Promise.all([load('codec'), load('validators')]);
}, 120_000);

describe('cg:key: documented keys of a map', () => {
  test('types each named key as an optional property with its documentation, on an open record', () => {
    const types = fs.readFileSync(path.join(OUT, 'contacts/types.ts'), 'utf8');
    assert.match(types, /export type Contact = Record<string, FieldValue> & \{\n\s*\/\*\* Email address \(searchable\)\. \*\/\n\s*email\?: FieldValue;\n\s*\/\*\* Full name\. \*\/\n\s*'full-name'\?: FieldValue;\n\s*phone\?: FieldValue;\n\s*\};/);
  });

  test('the codec round-trips named and other keys in document order', () => {
    const contact = { email: 'a@example.com', country: 'NZ', 'full-name': 'Ann & Bob' };
    const xml = codec.encodeSaveRequestBody({ contact });
    assert.match(xml, /<email[^>]*>a@example\.com<\/email><country[^>]*>NZ<\/country><full-name[^>]*>Ann &amp; Bob<\/full-name>/);
    const decoded = codec.decodeSaveRequestBody(parseXml(xml)).contact;
    assert.deepEqual({ ...decoded }, contact);
    assert.deepEqual(Object.keys(decoded), Object.keys(contact));
    assert.equal(Object.getPrototypeOf(decoded), null, 'a key named __proto__ cannot reach the prototype');
  });

  test('the validators check named and other entries against the entry type', () => {
    const long = 'x'.repeat(41);
    assert.deepEqual(validators.checkSave({ contact: { email: 'a@example.com', country: 'NZ' } }), []);
    for (const key of ['email', 'country']) {
      const issues = validators.checkSave({ contact: { [key]: long } });
      assert.equal(issues.length, 1, key);
      assert.match(issues[0].path, new RegExp(`contact/${key}$`));
    }
  });

  test('records the keys in the model', () => {
    const api = loadWsdl(path.join(ROOT, SPEC), 'contacts', ROOT);
    const contact = api.types.find((t) => t.name === 'Contact');
    assert.ok(contact?.kind === 'object');
    assert.deepEqual(contact.mapKeys, [{ name: 'email', doc: 'Email address (searchable).' }, { name: 'full-name', doc: 'Full name.' }, { name: 'phone' }]);
  });

  test('refuses a key without a name, and a key declared twice, with a location', () => {
    const variant = (from: string, to: string) => {
      const file = path.join(OUT, `variant-${Buffer.from(to).toString('hex').slice(0, 16)}.wsdl`);
      fs.writeFileSync(file, fs.readFileSync(path.join(ROOT, SPEC), 'utf8').replace(from, to));
      return file;
    };
    assert.throws(() => loadWsdl(variant('<cg:key name="phone"/>', '<cg:key/>'), 'contacts', ROOT), /\.wsdl:\d+:\d+: error: cg:key needs a name attribute/);
    assert.throws(() => loadWsdl(variant('<cg:key name="phone"/>', '<cg:key name="email"/>'), 'contacts', ROOT), /\.wsdl:\d+:\d+: error: cg:key 'email' is declared twice/);
  });
});
