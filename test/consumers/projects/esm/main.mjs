// A plain ESM JavaScript consumer of the generated *package*, run by plain `node` (no loader).
import { WsSoapClient, WsSoap12Client } from 'contract-gen-generated/genopro';
import { ZentitleRestClient } from 'contract-gen-generated/zentitle-rest';

const [base, apiKey, amount] = process.argv.slice(2);
const purchase = (n) => ({
  Version: 3, Currency: 'USD', Quantity: 1, Amount: `${Number(amount) + n}.00`, Package: 'GenoPro Gold', CreditCardNumber: '4111111111111111',
  ExpirationMonth: 12, ExpirationYear: new Date().getUTCFullYear() + 2, Country: 'US', NameOnCard: 'JANE SAMPLE',
  Usage: { FirstName: 'Jane', LastName: 'Sample', DaysCoupon: 0, Status: 1, cSessions: 1, cFN: 0, cFO: 0, cFS: 0, Email: 'jane@example.com' },
});
const soap11 = await new WsSoapClient({ endpoint: `${base}/ws.asmx` }).purchase(purchase(0));
const soap12 = await new WsSoap12Client({ endpoint: `${base}/ws.asmx` }).purchase(purchase(1));
const rest = new ZentitleRestClient({ baseUrl: base, credentials: { zentitleKey: { customerID: '1234', APIKey: apiKey } } });
const products = await rest.getProducts();
// GET with a JSON body: Node's default transport (node:http) sends it.
const codes = await rest.getLicenseCode({ productid: '6453300110', licensecode: '206454320110930859', showfeatures: 'all' });
console.log(JSON.stringify({ soap11: soap11.PurchaseResult?.Error?.ErrorName, soap12: soap12.PurchaseResult?.Error?.ErrorName, products: products.length, licenseCodes: codes.length }));
