/**
 * The operations of a SOAP API, once each: a service's SOAP 1.1 and 1.2
 * bindings normally share operations and messages, so codecs, validators and
 * handler interfaces are per operation, while clients are per port.
 */
import type { ApiModel, SoapOperation } from '../../model/model.ts';

export function soapOperations(api: ApiModel): SoapOperation[] {
  const seen = new Map<string, SoapOperation>();
  for (const service of api.soap?.services ?? []) {
    for (const port of service.ports) {
      for (const operation of port.binding.operations) if (!seen.has(operation.name)) seen.set(operation.name, operation);
    }
  }
  return [...seen.values()];
}
