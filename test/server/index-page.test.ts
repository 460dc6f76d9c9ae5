/** `GET /` in headless Debian Chromium (playwright-core): every API and every operation is listed. */
import { test, beforeAll, afterAll } from 'vitest';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { createWsRoutes } from '../../generated/genopro/server.js';
import { createVendorServiceRoutes } from '../../generated/xformation/server.js';
import { createXmlLicenseServiceRoutes } from '../../generated/solo/server.js';
import { startServer, type RunningServer } from './harness.ts';

let srv: RunningServer;
let browser: Browser | undefined;
beforeAll(async () => {
  srv = await startServer();
});
afterAll(async () => {
  await browser?.close();
  await srv.stop();
});

// The operation names come from the generated routes, not from the page's own source.
const expected: Record<string, string[]> = {
  GenoPro: createWsRoutes({} as never).map((r) => r.operation),
  'X-Formation vendor API': createVendorServiceRoutes({} as never).map((r) => r.operation),
  'SOLO Server XmlLicenseService': createXmlLicenseServiceRoutes({} as never).map((r) => r.operation),
};

test.skipIf(!fs.existsSync('/usr/bin/chromium'))('the index page lists every API with its contract link and every operation', async () => {
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const page = await browser.newPage();
  const outside: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(srv.base)) outside.push(r.url());
  });
  const res = await page.goto(`${srv.base}/`);
  assert.equal(res?.status(), 200);
  assert.equal(await page.title(), 'contract-gen reference server');
  for (const [api, ops] of Object.entries(expected)) {
    const section = page.locator(`section[data-api="${api}"]`);
    assert.equal(await section.count(), 1, `section for ${api}`);
    const listed = await section.locator('.opname').allTextContents();
    assert.deepEqual([...listed].sort(), [...ops].sort(), `operations of ${api}`);
    const href = await page.locator(`#apis a:text-is("WSDL")`).evaluateAll((as) => as.map((a) => (a as unknown as { getAttribute(n: string): string | null }).getAttribute('href')));
    assert.ok(href.some((h) => h?.endsWith('?wsdl')));
  }
  // Documentation is there and readable: opening an operation shows its text.
  const add = page.locator('section[data-api="SOLO Server XmlLicenseService"] details.op', { hasText: 'AddS' }).first();
  await add.locator('summary').click();
  assert.match(await add.innerText(), /Add Licenses permission/);
  // Each WSDL link answers with a WSDL.
  for (const a of await page.locator('#apis a:text-is("WSDL")').all()) {
    const r = await fetch(`${srv.base}${await a.getAttribute('href')}`);
    assert.equal(r.status, 200);
    assert.match(await r.text(), /definitions/);
  }
  assert.deepEqual(outside, [], 'the page loads nothing from outside the server');
});
