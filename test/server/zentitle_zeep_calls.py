"""An independent SOAP client (python3-zeep) loads the Zentitle WSDL from the reference server and calls
every ShaferWS method with the seed's Auth and Data documents (specs/examples/zentitle-soap/*.data.xml),
in an order where each example's referenced data exists. Usage: zentitle_zeep_calls.py <base-url>
<examples-dir>; prints one JSON object {"<Method>": "<result string>" | "FAULT: <reason>"}."""
import json
import sys
import zeep
import zeep.exceptions
from lxml import etree

base, examples = sys.argv[1], sys.argv[2]
ORDER = [
    'GetLicenseCode', 'GetCompanyLicenseCodes', 'GetProduct', 'GetProducts', 'UpdateLicenseCode', 'CreateShaferProfile', 'UpdateShaferProfile',
    'GetShaferProfile', 'AllocateImportCodes', 'CreatePassiveLicense', 'CreateNetworkMasterLicense', 'UpdateProduct', 'GetLicenseCodeActivity',
    'DeleteLicenseCodeActivity', 'GetNextLicenseCode', 'GetOfflineActivation', 'OfflineDeActivation', 'GetSystemDetails', 'GetConsumerData',
    'CreateConsumerData', 'CheckTrial', 'ResetTrial', 'SetLicenseStatusReturned', 'GetShaferCompanyInfo', 'UpdateShaferCompanyDetails',
    'CreateShaferCompanyDetails', 'GetLicenseCodesForShaferCompany', 'DeleteShaferCompany', 'GetAllActivatedLicenseCodes', 'GetShaferCompanyID',
    'GetShaferCompanyIDsandProducts', 'CreateGroup', 'UpdateGroup', 'GetGroup', 'AddGroupUser', 'GetGroupUser', 'UpdateGroupUser',
    'UpdateGroupUserPassword', 'GetGroupLicenseCode', 'DeleteGroupLicenseCode', 'AddGroupLicenseCode', 'CreateGroupUserLicense',
    'AuthenticateGroupUser', 'CreateLicenseNote', 'UpdateLicenseNote', 'DeleteLicenseNote', 'DeleteGroupUser', 'DeleteGroup',
]


def document(name):
    """A fixture document as text, without the explanatory comments."""
    parser = etree.XMLParser(remove_comments=True)
    root = etree.parse(f'{examples}/zentitle-soap/{name}', parser).getroot()
    return etree.tostring(root, encoding='unicode')


client = zeep.Client(f'{base}/shaferws.asmx?wsdl', settings=zeep.Settings(strict=False))
service = None
for svc in client.wsdl.services.values():
    for port in svc.ports.values():
        if type(port.binding).__name__ == 'Soap11Binding':
            service = client.create_service(port.binding.name, f'{base}/shaferws.asmx')
auth = document('Auth.xml')
out = {'_operations': sorted(client.wsdl.services['ShaferWS'].ports['ShaferWSSoap'].binding._operations.keys())}
for method in ORDER:
    try:
        out[method] = getattr(service, method)(Auth=auth, Data=document(f'{method}.data.xml'))
    except zeep.exceptions.Fault as f:
        out[method] = f'FAULT: {f.message}'
wrong = auth.replace('wspassword', 'not-the-password')
try:
    out['GetProducts.wrongPassword'] = service.GetProducts(Auth=wrong, Data='<data/>')
except zeep.exceptions.Fault as f:
    out['GetProducts.wrongPassword'] = f'FAULT: {f.message}'
# cg:documentOrText results: an error is the result string itself, which zeep returns as a plain string
out['GetShaferCompanyInfo.unknownCompany'] = service.GetShaferCompanyInfo(Auth=auth, Data='<data><productid>1234567890</productid><shafercompanyid>9001</shafercompanyid></data>')
out['GetCompanyLicenseCodes.count'] = service.GetCompanyLicenseCodes(Auth=auth, Data='<data><pagenumber>0</pagenumber></data>')
print(json.dumps(out))
