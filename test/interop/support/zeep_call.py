"""Calls operations with python3-zeep and prints what happened as JSON.

Input (stdin, JSON): wsdl (path or URL), endpoint, service, and calls: a list
of {port, operation, args (keyword arguments), docs (argument names whose
value is an XML string to pass as element content, i.e. an lxml element in
the xs:any slot)}. The WSDL is loaded once for all calls.
Output (stdout, JSON): one entry per call with result (zeep's result, lxml
elements as XML text), sent/sentHeaders/received (the raw envelopes), or
error (type and message).
"""
import json
import sys
from decimal import Decimal

from lxml import etree
from zeep import Client, Settings
from zeep.helpers import serialize_object
from zeep.plugins import HistoryPlugin


def plain(value):
    if isinstance(value, etree._Element):
        return etree.tostring(value, encoding="unicode")
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def main():
    job = json.load(sys.stdin)
    history = HistoryPlugin()
    client = Client(job["wsdl"], settings=Settings(strict=True), plugins=[history])
    outs = []
    for call in job["calls"]:
        history = HistoryPlugin()  # a fresh history per call: last_sent is read-only
        client.plugins[:] = [history]
        bound = client.bind(job["service"], call["port"])
        service = client.create_service(bound._binding.name, job["endpoint"]) if job.get("endpoint") else bound
        args = dict(call.get("args", {}))
        for name in call.get("docs", []):
            args[name] = {"_value_1": etree.fromstring(args[name].encode("utf-8"))}
        out = {}
        try:
            result = getattr(service, call["operation"])(**args)
            out["result"] = plain(serialize_object(result))
        except Exception as exc:  # reported to the test, which decides
            out["error"] = {"type": type(exc).__name__, "message": str(exc)}
        if history.last_sent:
            out["sent"] = etree.tostring(history.last_sent["envelope"], encoding="unicode")
            out["sentHeaders"] = dict(history.last_sent["http_headers"])
        if history.last_received:
            out["received"] = etree.tostring(history.last_received["envelope"], encoding="unicode")
        outs.append(out)
    print(json.dumps(outs))


main()
