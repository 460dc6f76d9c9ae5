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

/** One asmx-style response document with `n` records. */
export function asmxDocument(n: number): string {
  const parts: string[] = [
    '<?xml version="1.0" encoding="utf-8"?>\n',
    '<soap:Envelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">\n',
    '  <soap:Body>\n    <GetLicensesResponse xmlns="http://genopro.com/webservices/">\n      <GetLicensesResult>\n',
  ];
  for (let i = 0; i < n; i++) {
    const code = (9007199254740993n + BigInt(i) * 7919n).toString();
    parts.push(
      `<License id="${i}">\n` +
        ` <Code>${code}</Code>\n` +
        ` <Name>Customer &amp; Co. ${i}</Name>\n` +
        ` <Seats>${i % 50}</Seats>\n` +
        ` <Expires>2027-0${(i % 9) + 1}-15</Expires>\n` +
        ` <Active>${i % 3 === 0 ? 'false' : 'true'}</Active>\n` +
        (i % 10 === 0 ? ' <Note xsi:nil="true" />\n' : ` <Note>n${i}</Note>\n`) +
        '</License>\n',
    );
  }
  parts.push('      </GetLicensesResult>\n    </GetLicensesResponse>\n  </soap:Body>\n</soap:Envelope>\n');
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

if (process.argv[1]?.endsWith("xml-parse.ts")) main();
function main(): void {
const records = Number(process.argv[2] ?? 100_000);
const doc = asmxDocument(records);
const bytes = Buffer.byteLength(doc);
const mb = bytes / 1e6;
console.log(`document: ${records} records, ${mb.toFixed(1)} MB`);
const root = parseXml(doc, { maxBytes: 64 * 1024 * 1024 });
const count = root.children[0].children[0].children[0].children.length;
if (count !== records) throw new Error(`parsed ${count} records, expected ${records}`);

const ours = time(() => parseXml(doc, { maxBytes: 64 * 1024 * 1024 }), 7);
console.log(`parseXml:          ${ours.toFixed(0)} ms  ${(mb / (ours / 1000)).toFixed(1)} MB/s`);
const saxPlain = time(() => saxParse(doc, false), 3);
console.log(`sax (strict):      ${saxPlain.toFixed(0)} ms  ${(mb / (saxPlain / 1000)).toFixed(1)} MB/s`);
const saxNs = time(() => saxParse(doc, true), 3);
console.log(`sax (strict+xmlns):${saxNs.toFixed(0)} ms  ${(mb / (saxNs / 1000)).toFixed(1)} MB/s`);
console.log(`parseXml is ${(saxPlain / ours).toFixed(1)}x raw sax`);
}
