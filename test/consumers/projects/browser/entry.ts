// A browser page's client code: bundled by esbuild from the package's client modules only, run in
// headless Chromium on another origin than the server (so every call is a CORS request), over fetch.
import { WsSoapClient, WsSoap12Client } from 'contract-gen-generated/genopro/client';
import type { Purchase } from 'contract-gen-generated/genopro/types';
import { ZentitleRestClient } from 'contract-gen-generated/zentitle-rest/client';

const params = new URLSearchParams(location.search);
const base = params.get('api') ?? '';
const amount = Number(params.get('amount'));
const purchase = (n: number): Purchase => ({
  Version: 3, Currency: 'USD', Quantity: 1, Amount: `${amount + n}.00`, Package: 'GenoPro Gold', CreditCardNumber: '4111111111111111',
  ExpirationMonth: 12, ExpirationYear: new Date().getUTCFullYear() + 2, Country: 'US', NameOnCard: 'JANE SAMPLE',
  Usage: { FirstName: 'Jane', LastName: 'Sample', DaysCoupon: 0, Status: 1, cSessions: 1, cFN: 0, cFO: 0, cFS: 0, Email: 'jane@example.com' },
});

async function run(): Promise<Record<string, unknown>> {
  const soap11 = await new WsSoapClient({ endpoint: `${base}/ws.asmx` }).purchase(purchase(0));
  const soap12 = await new WsSoap12Client({ endpoint: `${base}/ws.asmx` }).purchase(purchase(1));
  const rest = new ZentitleRestClient({ baseUrl: base, credentials: { zentitleKey: { customerID: '1234', APIKey: params.get('key') ?? '' } } });
  const products = await rest.getProducts();
  let bodyOnGet = '';
  try {
    await rest.getLicenseCode({ productid: '6453300110', licensecode: '206454320110930859', showfeatures: 'all' });
  } catch (error) {
    bodyOnGet = `${(error as Error).name}: ${(error as Error).message}`;
  }
  return { soap11: soap11.PurchaseResult?.Error?.ErrorName, soap12: soap12.PurchaseResult?.Error?.ErrorName, products: products.length, bodyOnGet };
}

const out = document.getElementById('out')!;
run().then(
  (result) => (out.textContent = JSON.stringify(result)),
  (error: unknown) => (out.textContent = JSON.stringify({ error: String(error) })),
);
