/** The per-API README, the one non-code output, rendered with handlebars from `templates/`. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import type { ApiModel } from '../../model/model.ts';
import { formatDiagnostic } from '../../load/xml-source.ts';
import { TEMPLATES_DIR } from '../../paths.ts';
import { cleanDoc, typeIdentifier, valueIdentifier, type EmittedFile } from '../ts.ts';
import { clientClassNames } from './client.ts';
import { soapOperations } from './operations.ts';

const template = Handlebars.compile(readFileSync(path.join(TEMPLATES_DIR, 'soap-api.md.hbs'), 'utf8'), { noEscape: true });

export function emitReadme(api: ApiModel): EmittedFile {
  const services = api.soap?.services ?? [];
  const classNames = clientClassNames(api);
  const ports = services.flatMap((service) => service.ports.map((port) => ({ service: service.name, name: port.name, version: port.binding.version, address: port.address, className: classNames.get(port)! })));
  const operations = soapOperations(api).map((op) => ({ ...op, summary: op.doc ? cleanDoc(op.doc).split('\n')[0]!.replace(/\|/g, '\\|') : '' }));
  const text = template({
    title: api.title,
    source: api.source,
    doc: api.doc ? cleanDoc(api.doc) : undefined,
    operations,
    ports,
    services: services.map((s) => ({ typeName: typeIdentifier(s.name) })),
    firstClient: ports[0]?.className ?? 'Client',
    firstMethod: operations[0] ? valueIdentifier(operations[0].name) : 'call',
    warnings: api.diagnostics.filter((d) => d.severity === 'warning').map(formatDiagnostic),
  });
  return { path: 'README.md', text: text.replace(/\n{3,}/g, '\n\n') };
}
