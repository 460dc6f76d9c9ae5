/**
 * `GET /`: one HTML page listing every mounted API with its contract link and
 * each operation's documentation, read from the contracts at start-up (the
 * WSDL text the generated stubs serve, the OpenAPI document from specs/).
 * No scripts or assets from the internet.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseXml, type XmlElement } from '../generated/runtime/xml.js';
import type { Mount } from './app.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WSDL_NS = 'http://schemas.xmlsoap.org/wsdl/';

export interface OperationDoc {
  name: string;
  /** REST: "GET /api/LicenseCode"; SOAP: the SOAPAction-free operation name. */
  signature?: string;
  doc: string;
  /** REST: the API key types allowed to call it. */
  keyTypes?: string[];
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function child(el: XmlElement, ns: string, local: string): XmlElement | undefined {
  return el.children.find((c) => c.ns === ns && c.local === local);
}

/** Operations of the first portType of a WSDL, with their wsdl:documentation. */
export function wsdlOperations(wsdl: string): { service: string; doc: string; operations: OperationDoc[] } {
  const root = parseXml(wsdl);
  const portType = root.children.find((c) => c.ns === WSDL_NS && c.local === 'portType');
  const service = root.children.find((c) => c.ns === WSDL_NS && c.local === 'service');
  const operations = (portType?.children ?? [])
    .filter((c) => c.ns === WSDL_NS && c.local === 'operation')
    .map((op) => ({ name: op.attrs.name ?? '?', doc: (child(op, WSDL_NS, 'documentation')?.text ?? '').trim() }));
  const doc = (child(root, WSDL_NS, 'documentation')?.text ?? (service && child(service, WSDL_NS, 'documentation')?.text) ?? '').trim();
  return { service: service?.attrs.name ?? root.attrs.name ?? '', doc, operations };
}

/** Operations of an OpenAPI document (YAML or JSON), in document order. */
export async function openApiOperations(file: string): Promise<{ title: string; doc: string; operations: OperationDoc[] }> {
  const { parse } = await import('yaml');
  const api = parse(fs.readFileSync(file, 'utf8')) as {
    info?: { title?: string; description?: string; summary?: string };
    paths?: Record<string, Record<string, { operationId?: string; summary?: string; description?: string; 'x-key-types'?: string[] }>>;
  };
  const operations: OperationDoc[] = [];
  for (const [p, item] of Object.entries(api.paths ?? {})) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      const op = item[method];
      if (!op) continue;
      const entry: OperationDoc = { name: op.operationId ?? `${method} ${p}`, signature: `${method.toUpperCase()} ${p}`, doc: [op.summary, op.description].filter(Boolean).join('\n\n') };
      if (op['x-key-types']) entry.keyTypes = op['x-key-types'];
      operations.push(entry);
    }
  }
  return { title: api.info?.title ?? '', doc: api.info?.summary ?? '', operations };
}

export interface ApiDoc {
  name: string;
  kind: 'soap' | 'rest';
  path: string;
  contractHref: string;
  contractLabel: string;
  summary: string;
  operations: OperationDoc[];
}

/** Collects the documentation of every mount (called once at start-up). */
export async function collectDocs(mounts: Mount[]): Promise<ApiDoc[]> {
  const docs: ApiDoc[] = [];
  for (const m of mounts) {
    if (m.kind === 'soap' && m.wsdl) {
      const w = wsdlOperations(m.wsdl);
      docs.push({ name: m.name, kind: 'soap', path: m.path, contractHref: `${m.path}?wsdl`, contractLabel: 'WSDL', summary: w.doc, operations: w.operations });
    } else if (m.kind === 'rest') {
      const o = await openApiOperations(path.join(ROOT, 'specs', m.spec));
      docs.push({ name: m.name, kind: 'rest', path: m.path, contractHref: '/openapi.yaml', contractLabel: 'OpenAPI', summary: o.doc, operations: o.operations });
    }
  }
  return docs;
}

function paragraphs(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => `<p>${escapeHtml(p.trim())}</p>`)
    .join('');
}

export function renderIndex(docs: ApiDoc[], extraNote = ''): string {
  const toc = docs
    .map((d) => `<li><a href="#${encodeURIComponent(d.name)}">${escapeHtml(d.name)}</a> — <code>${escapeHtml(d.path)}</code> · <a href="${escapeHtml(d.contractHref)}">${d.contractLabel}</a> · ${d.operations.length} operations</li>`)
    .join('');
  const sections = docs
    .map((d) => {
      const ops = d.operations
        .map(
          (o) => `<details class="op" id="${encodeURIComponent(`${d.name}-${o.name}`)}"><summary><span class="opname">${escapeHtml(o.name)}</span>${o.signature ? ` <code>${escapeHtml(o.signature)}</code>` : ''}${
            o.keyTypes ? ` <span class="keys">keys: ${o.keyTypes.map(escapeHtml).join(', ')}</span>` : ''
          }</summary>${paragraphs(o.doc || 'No documentation in the contract.')}</details>`,
        )
        .join('');
      const how =
        d.kind === 'soap'
          ? `<p class="how">POST SOAP ${d.name === 'X-Formation vendor API' ? '1.1' : '1.1 or 1.2'} envelopes to <code>${escapeHtml(d.path)}</code>; the contract is at <a href="${escapeHtml(d.contractHref)}">${escapeHtml(d.contractHref)}</a>.</p>`
          : `<p class="how">JSON over HTTP under <code>${escapeHtml(d.path)}/&lt;Controller&gt;</code> with <code>Authorization: bearer &lt;customerID&gt;:&lt;APIKey&gt;</code>; the contract is at <a href="${escapeHtml(d.contractHref)}">${escapeHtml(d.contractHref)}</a>; interactive reference: <a href="${escapeHtml(d.path)}/docs/">${escapeHtml(d.path)}/docs/</a>.</p>`;
      return `<section class="api" id="${encodeURIComponent(d.name)}" data-api="${escapeHtml(d.name)}"><h2>${escapeHtml(d.name)}</h2>${how}${paragraphs(d.summary)}<div class="ops">${ops}</div></section>`;
    })
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>contract-gen reference server</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#222}
code{background:#f3f3f3;padding:0 .25rem;border-radius:3px}
section.api{border-top:2px solid #ddd;margin-top:2rem}
details.op{border:1px solid #e3e3e3;border-radius:4px;margin:.3rem 0;padding:.2rem .6rem}
details.op summary{cursor:pointer}
.opname{font-weight:600}.keys{color:#666;font-size:.85em}
.how{color:#444}
</style></head>
<body>
<h1>contract-gen reference server</h1>
<p>Five vendor APIs, implemented over one SQLite store from the generated server stubs. Demo credentials are printed at start-up and kept in <code>&lt;data-dir&gt;/demo-credentials.json</code>.${extraNote}</p>
<ul id="apis">${toc}</ul>
${sections}
</body></html>`;
}

/** Static files served beside the page (the OpenAPI document). */
export function staticAsset(pathname: string): { type: string; body: Buffer } | undefined {
  if (pathname === '/openapi.yaml') {
    const file = path.join(ROOT, 'specs/zentitle.openapi.yaml');
    if (fs.existsSync(file)) return { type: 'application/yaml; charset=utf-8', body: fs.readFileSync(file) };
  }
  return undefined;
}
