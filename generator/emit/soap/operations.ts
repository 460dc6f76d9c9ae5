/**
 * The operations of a SOAP API, once each: a service's SOAP 1.1 and 1.2
 * bindings normally share operations and messages, so codecs, validators and
 * handler interfaces are per operation, while clients are per port.
 */
import type { ApiModel, NamedRef, ObjectType, QName, SoapMessage, SoapOperation } from '../../model/model.ts';
import type { ModelIndex } from '../../model/lookup.ts';

export function soapOperations(api: ApiModel): SoapOperation[] {
  const seen = new Map<string, SoapOperation>();
  for (const service of api.soap?.services ?? []) {
    for (const port of service.ports) {
      for (const operation of port.binding.operations) if (!seen.has(operation.name)) seen.set(operation.name, operation);
    }
  }
  return [...seen.values()];
}

/**
 * The first element soap:Body holds for a message, what a server dispatches on: the message's
 * element, or the first part's of a `parts` message; undefined when the Body is empty.
 */
export function firstBodyElement(message: SoapMessage, index: ModelIndex): QName | undefined {
  if (message.element) return message.element;
  const first = (index.type((message.type as NamedRef).name) as ObjectType).fields[0];
  return first?.xml && { ns: first.xml.ns, local: first.xml.local };
}
