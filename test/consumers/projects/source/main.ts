// A consumer that keeps the generated *source* form in its own src/ and compiles it with its own tsc.
import { WsSoap12Client } from './generated/genopro/client.js';
import type { Purchase } from './generated/genopro/types.js';
import { ZentitleRestClient } from './generated/zentitle-rest/client.js';

const [base = '', apiKey = '', amount = '0'] = process.argv.slice(2);
const purchase: Purchase = {
  Version: 3, Currency: 'USD', Quantity: 1, Amount: `${amount}.00`, Package: 'GenoPro Gold', CreditCardNumber: '4111111111111111',
  ExpirationMonth: 12, ExpirationYear: new Date().getUTCFullYear() + 2, Country: 'US', NameOnCard: 'JANE SAMPLE',
  Usage: { FirstName: 'Jane', LastName: 'Sample', DaysCoupon: 0, Status: 1, cSessions: 1, cFN: 0, cFO: 0, cFS: 0, Email: 'jane@example.com' },
};
const soap12 = await new WsSoap12Client({ endpoint: `${base}/ws.asmx` }).purchase(purchase);
const rest = new ZentitleRestClient({ baseUrl: base, credentials: { zentitleKey: { customerID: '1234', APIKey: apiKey } } });
const codes = await rest.getLicenseCode({ productid: '6453300110', licensecode: '206454320110930859', showfeatures: 'all' });
console.log(JSON.stringify({ soap12: soap12.PurchaseResult?.Error?.ErrorName, licenseCodes: codes.length }));
