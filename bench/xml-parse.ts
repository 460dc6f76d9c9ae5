/**
 * Throughput check for the runtime XML parser (not a test): builds an
 * asmx-style SOAP response with 100k records (~17 MB) and prints MB/s for
 * `parseXml` and for the `sax` package (strict mode, with and without its
 * namespace processing), best of several runs.
 *
 *   node --import tsx bench/xml-parse.ts [records]
 */
import sax from 'sax';
import { parseXml } from '../generator/runtime/xml.ts';

/**
 * One asmx-style response document with `n` records. .NET asmx writes its
 * responses without indentation; `indent` adds pretty-printing whitespace
 * (a harder case: whitespace text between all elements).
 */
export function asmxDocument(n: number, indent = false): string {
  const nl = indent ? '\n' : '';
  const sp = (k: number): string => (indent ? ' '.repeat(k) : '');
  const parts: string[] = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<soap:Envelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">',
    `${nl}${sp(2)}<soap:Body>${nl}${sp(4)}<GetLicensesResponse xmlns="http://genopro.com/webservices/">${nl}${sp(6)}<GetLicensesResult>${nl}`,
  ];
  for (let i = 0; i < n; i++) {
    const code = (9007199254740993n + BigInt(i) * 7919n).toString();
    const f = (name: string, v: string): string => `${sp(10)}<${name}>${v}</${name}>${nl}`;
    parts.push(
      `${sp(8)}<License id="${i}">${nl}` +
        f('Code', code) +
        f('Name', `Customer ${i} &amp; Co`) +
        f('Seats', String(i % 50)) +
        f('Expires', `2027-0${(i % 9) + 1}-15`) +
        f('Active', i % 3 === 0 ? 'false' : 'true') +
        (i % 10 === 0 ? `${sp(10)}<Note xsi:nil="true" />${nl}` : f('Note', `n${i}`)) +
        `${sp(8)}</License>${nl}`,
    );
  }
  parts.push(`${sp(6)}</GetLicensesResult>${nl}${sp(4)}</GetLicensesResponse>${nl}${sp(2)}</soap:Body>${nl}</soap:Envelope>${nl}`);
  return parts.join('');
}

function time(fn: () => void, runs: number): number {
  let best = Infinity;
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint();
    fn();
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (ms < best) best = ms;
  }
  return best;
}

function saxParse(xml: string, xmlns: boolean): void {
  const p = sax.parser(true, { xmlns });
  let n = 0;
  p.onopentag = () => {
    n++;
  };
  p.onerror = (e) => {
    throw e;
  };
  p.write(xml).close();
  if (n === 0) throw new Error('sax saw no elements');
}

// Run only as a script (the document builder is importable).
if (process.argv[1]?.endsWith('xml-parse.ts')) main();
function main(): void {
  const records = Number(process.argv[2] ?? 100_000);
  for (const indent of [false, true]) {
    const doc = asmxDocument(records, indent);
    const mb = Buffer.byteLength(doc) / 1e6;
    console.log(`\n${indent ? 'pretty-printed' : 'asmx (compact)'} document: ${records} records, ${mb.toFixed(1)} MB`);
    const limits = { maxBytes: 64 * 1024 * 1024 };
    const root = parseXml(doc, limits);
    const count = root.children[0].children[0].children[0].children.length;
    if (count !== records) throw new Error(`parsed ${count} records, expected ${records}`);
    const rate = (ms: number): string => `${ms.toFixed(0).padStart(5)} ms  ${(mb / (ms / 1000)).toFixed(1).padStart(5)} MB/s`;
    const ours = time(() => parseXml(doc, limits), 9);
    console.log(`  parseXml            ${rate(ours)}`);
    const saxPlain = time(() => saxParse(doc, false), 3);
    console.log(`  sax (strict)        ${rate(saxPlain)}`);
    const saxNs = time(() => saxParse(doc, true), 3);
    console.log(`  sax (strict+xmlns)  ${rate(saxNs)}`);
    console.log(`  parseXml = ${(saxPlain / ours).toFixed(1)}x raw sax (best of runs, wall clock)`);
  }
}
