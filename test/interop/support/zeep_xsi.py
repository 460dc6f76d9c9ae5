"""xsi:type polymorphism through python3-zeep, for test/interop/polymorphism.test.ts.

Input (stdin, JSON): wsdl, endpoint, and jobs, each one of
  {"call": operation, "args": {...}}   call the operation on the endpoint
  {"build": operation, "args": {...}}  the envelope zeep would send, not sent
  {"parse": element QName ("{ns}local"), "xml": text}  zeep reads an element
In args, an object with "$type": "ns0:Circle" is built as that zeep type (so a
derived value inside a base-typed field is written with xsi:type); lists map.
Output (stdout, JSON): per job {result (zeep's serialized value, each object
with "_type": its XSD type name), sent, received} or {error}.
"""
import json
import sys
from decimal import Decimal

from lxml import etree
from zeep import Client, Settings
from zeep.plugins import HistoryPlugin
from zeep.xsd.valueobjects import CompoundValue


def plain(value):
    if isinstance(value, CompoundValue):
        out = {"_type": value._xsd_type.qname.localname if value._xsd_type.qname is not None else None}
        for key in value:
            out[key] = plain(value[key])
        return out
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    return value


def build(client, value):
    if isinstance(value, list):
        return [build(client, v) for v in value]
    if isinstance(value, dict):
        fields = {k: build(client, v) for k, v in value.items() if k != "$type"}
        if "$type" in value:
            return client.get_type(value["$type"])(**fields)
        return fields
    return value


def main():
    job = json.load(sys.stdin)
    history = HistoryPlugin()
    client = Client(job["wsdl"], settings=Settings(strict=True), plugins=[history])
    service = client.create_service(next(iter(client.wsdl.bindings)), job["endpoint"]) if job.get("endpoint") else client.service
    outs = []
    for item in job["jobs"]:
        out = {}
        try:
            if "call" in item:
                out["result"] = plain(getattr(service, item["call"])(**build(client, item.get("args", {}))))
                out["sent"] = etree.tostring(history.last_sent["envelope"], encoding="unicode")
                out["received"] = etree.tostring(history.last_received["envelope"], encoding="unicode")
            elif "build" in item:
                envelope = client.create_message(service, item["build"], **build(client, item.get("args", {})))
                out["sent"] = etree.tostring(envelope, encoding="unicode")
            else:
                element = client.get_element(item["parse"])
                out["result"] = plain(element.parse(etree.fromstring(item["xml"].encode("utf-8")), client.wsdl.types))
        except Exception as exc:  # reported to the test, which decides
            out["error"] = {"type": type(exc).__name__, "message": str(exc)}
        outs.append(out)
    print(json.dumps(outs))


main()
