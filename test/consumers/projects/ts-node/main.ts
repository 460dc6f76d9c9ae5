// A TypeScript consumer of the generated *package* (its .d.ts), compiled with every strict flag.
import { WsSoapClient, WsSoap12Client, type Purchase } from 'contract-gen-generated/genopro';
import { ApiError, ZentitleRestClient } from 'contract-gen-generated/zentitle-rest';

const [base = '', apiKey = '', amount = '0'] = process.argv.slice(2);
const purchase = (n: number): Purchase => ({
  Version: 3, Currency: 'USD', Quantity: 1, Amount: `${Number(amount) + n}.00`, Package: 'GenoPro Gold', CreditCardNumber: '4111111111111111',
  ExpirationMonth: 12, ExpirationYear: new Date().getUTCFullYear() + 2, Country: 'US', NameOnCard: 'JANE SAMPLE',
  Usage: { FirstName: 'Jane', LastName: 'Sample', DaysCoupon: 0, Status: 1, cSessions: 1, cFN: 0, cFO: 0, cFS: 0, Email: 'jane@example.com' },
});
const soap11 = await new WsSoapClient({ endpoint: `${base}/ws.asmx` }).purchase(purchase(0));
const soap12 = await new WsSoap12Client({ endpoint: `${base}/ws.asmx` }).purchase(purchase(1));
const rest = new ZentitleRestClient({ baseUrl: base, credentials: { zentitleKey: { customerID: '1234', APIKey: apiKey } } });
const products = await rest.getProducts();
let refused: number | undefined;
try {
  await new ZentitleRestClient({ baseUrl: base, credentials: { zentitleKey: { customerID: '1234', APIKey: 'wrong-key-00000' } } }).getProducts();
} catch (error) {
  if (error instanceof ApiError) refused = error.status;
}
console.log(JSON.stringify({ soap11: soap11.PurchaseResult?.Error?.ErrorName, soap12: soap12.PurchaseResult?.Error?.ErrorName, products: products.length, refused }));
