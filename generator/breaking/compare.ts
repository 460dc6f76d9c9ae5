/**
 * Compares two versions of one API, over the model both loaders produce: every change found, each
 * tagged with its rule (generator/breaking/rules.ts). Which of them fail a run is the policy's
 * business (policy.ts), how they are shown the report's (report.ts, changelog.ts).
 */
import type { ApiModel } from '../model/model.ts';
import { Findings, type Change, type Scope } from './findings.ts';
import { Side, TypeComparison } from './compare-types.ts';
import { compareSoap } from './compare-soap.ts';
import { compareRest } from './compare-rest.ts';

/** Two specs that cannot be compared (a WSDL and an OpenAPI document). */
export class IncomparableError extends Error {}

export function compareApis(before: ApiModel, after: ApiModel): Change[] {
  const findings = new Findings();
  const types = new TypeComparison(new Side(before), new Side(after), findings);
  // API-wide findings (namespace, ports, security schemes, types) come first in the report.
  const api = findings.root('API', 'api');
  if (before.soap && after.soap) compareSoap(types, findings, api);
  else if (before.rest && after.rest) compareRest(types, findings, api);
  else throw new IncomparableError(`${after.source} is ${after.soap ? 'a WSDL' : 'an OpenAPI document'} but the version it is compared with is ${before.soap ? 'a WSDL' : 'an OpenAPI document'}`);
  compareTypeNames(types, api);
  return findings.changes();
}

/** Generated types that disappeared or appeared, other than the renames the walk paired up. */
function compareTypeNames(types: TypeComparison, api: Scope): void {
  const emitted = (kind: string) => kind !== 'element'; // an element's TypeScript type is its content's
  const renamedTo = new Set(types.renamed.values());
  for (const t of types.before.api.types) {
    if (!emitted(t.kind) || types.after.names.has(t.name) || types.renamed.has(t.name)) continue;
    types.flag('CODE-TYPE-REMOVED', { scope: api, rel: `types/${t.name}`, subject: `type ${t.name}`, what: `type \`${t.name}\``, before: t.location }, 'removed', 'before');
  }
  for (const t of types.after.api.types) {
    if (!emitted(t.kind) || types.before.names.has(t.name) || renamedTo.has(t.name)) continue;
    types.flag('TYPE-ADDED', { scope: api, rel: `types/${t.name}`, subject: `type ${t.name}`, what: `type \`${t.name}\``, after: t.location }, 'added', 'after');
  }
}
