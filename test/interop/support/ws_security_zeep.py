"""zeep calls GetBalance with a WS-Security UsernameToken (zeep.wsse.username), one call per job entry.

Input (stdin, JSON): wsdl, endpoint, and calls: a list of {port, username, password, digest
(use_digest), nonce / created (fixed values instead of fresh ones; created as naive UTC ISO text),
timestamp ({created, expires}: a wsu:Timestamp), bare (no wsse header at all)}.
Output (stdout, JSON): per call {balance} or {fault: {code, subcodes, message}}, and the sent envelope.
"""
import datetime
import json
import sys

from lxml import etree
from zeep import Client
from zeep.exceptions import Fault
from zeep.plugins import HistoryPlugin
from zeep.wsse import utils
from zeep.wsse.username import UsernameToken


def token(call):
    if call.get("bare"):
        return None
    kwargs = {"use_digest": call.get("digest", False)}
    if "nonce" in call:
        kwargs["nonce"] = call["nonce"]
    if "created" in call:
        kwargs["created"] = datetime.datetime.fromisoformat(call["created"])
    if "timestamp" in call:
        kwargs["timestamp_token"] = utils.WSU.Timestamp(
            utils.WSU.Created(call["timestamp"]["created"]), utils.WSU.Expires(call["timestamp"]["expires"])
        )
    return UsernameToken(call["username"], call["password"], **kwargs)


def main():
    job = json.load(sys.stdin)
    outs = []
    for call in job["calls"]:
        history = HistoryPlugin()
        client = Client(job["wsdl"], wsse=token(call), plugins=[history])
        service = client.create_service("{urn:example:bank}" + call["port"], job["endpoint"])
        out = {}
        try:
            result = service.GetBalance(Account="A-1")
            # zeep answers body and header when the response has a header, else the body's one field.
            out["balance"] = str(result.body.Balance if hasattr(result, "body") else result)
        except Fault as fault:
            out["fault"] = {"code": fault.code, "subcodes": [str(s) for s in (fault.subcodes or [])], "message": fault.message}
        if history.last_sent:
            out["sent"] = etree.tostring(history.last_sent["envelope"], encoding="unicode")
        outs.append(out)
    print(json.dumps(outs))


main()
