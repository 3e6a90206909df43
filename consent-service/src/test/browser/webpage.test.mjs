// SPDX-License-Identifier: Apache-2.0
// The web page's browser test: Debian's Chromium driven by playwright-core, one browser, one page,
// a phone-sized viewport, against a running consent-service seeded by WebPageIT.
//
//   node webpage.test.mjs <fixture.json> [--screenshots <dir>]
//
// Environment: NODE_MODULES (playwright-core's folder) and CHROMIUM (the browser), as setup.sh
// prints them. Prints "ok <scenario> <ms>" per scenario and "passed <n> scenarios in <ms> ms";
// exit code 0 when every scenario passed, 1 otherwise (with "FAIL <scenario>: <why>").

import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const args = process.argv.slice(2);
const fixture = JSON.parse(readFileSync(args[0], 'utf8'));
const shotsAt = args.indexOf('--screenshots');
const shots = shotsAt >= 0 ? args[shotsAt + 1] : null;
const require = createRequire(join(process.env.NODE_MODULES, 'noop.js'));
const { chromium } = require('playwright-core');

const started = Date.now();
const problems = [];
let scenarios = 0;
let page;

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function scenario(name, work) {
  const t0 = Date.now();
  try {
    await work();
  } catch (e) {
    console.log(`FAIL ${name}: ${e.message.split('\n')[0]}`);
    if (page) {
      try {
        const dir = shots || process.env.WEB_TEST_FAILURES || '.';
        mkdirSync(dir, { recursive: true });
        await page.screenshot({ path: join(dir, `failed-${name}.png`), fullPage: true });
        writeFileSync(join(dir, `failed-${name}.html`), await page.content());
      } catch {
        // the failure is already reported
      }
    }
    throw e;
  }
  scenarios++;
  console.log(`ok ${name} ${Date.now() - t0}`);
}

async function shot(name) {
  if (shots) {
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  }
}

const message = () => page.locator('[data-testid=message]');

async function go(route) {
  await page.click(`#nav-${route}`);
  await page.waitForFunction((r) => location.hash === `#/${r}`, route);
}

/** Flips the last byte of the block's first data entry (inside its signature: the protobuf stays readable). */
function tamper(base64) {
  const bytes = Buffer.from(base64, 'base64');
  let i = 0;
  const varint = () => {
    let v = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[i++];
      v += (b & 0x7f) * 2 ** shift;
      if (!(b & 0x80)) return v;
      shift += 7;
    }
  };
  while (i < bytes.length) {
    const tag = varint();
    const length = varint();
    if (tag >> 3 === 2) {
      varint(); // the first entry's tag
      const entry = varint();
      bytes[i + entry - 1] ^= 0x01;
      return bytes.toString('base64');
    }
    i += length;
  }
  throw new Error('no data in the block');
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM,
  args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
});
let failed = false;
try {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: shots ? 2 : 1,
    isMobile: true,
    hasTouch: true,
    locale: 'ko-KR',
    acceptDownloads: true,
  });
  context.setDefaultTimeout(20000);
  page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console: ${m.text()}`);
  });

  await scenario('opens-in-the-browser-language', async () => {
    await page.goto(`${fixture.base}/app/#/keys`);
    await page.waitForSelector('body[data-ready=true]');
    check((await page.textContent('h1')) === '동의 원장', 'the page is not in Korean for a Korean browser');
    await page.click('#lang-en');
    check((await page.textContent('h1')) === 'Consent ledger', 'the language switch did not change the text');
  });

  await scenario('sign-in-with-a-key-made-in-the-browser', async () => {
    await page.click('#generate-p-256');
    await message().filter({ hasText: 'did:key:zDn' }).waitFor();
    await go('consents');
    await page.click('#sign-in');
    await page.waitForSelector('[data-testid=signed-in]');
    await page.getByText('No consent is stored for this DID.').waitFor();
  });

  await scenario('import-an-encrypted-wallet-export', async () => {
    await go('keys');
    await page.fill('#import-text', fixture.subject.jwe);
    await page.fill('#import-passphrase', 'not the passphrase');
    await page.click('#import-button');
    await message().filter({ hasText: 'The passphrase is wrong.' }).waitFor();
    await page.fill('#import-passphrase', fixture.subject.passphrase);
    await page.click('#import-button');
    await message().filter({ hasText: fixture.subject.did }).waitFor();
    await shot('keys');
  });

  await scenario('sign-in-and-list-my-consents', async () => {
    await go('consents');
    await page.click('#sign-in');
    await page.waitForSelector('[data-testid=signed-in]');
    const cards = page.locator('[data-testid=consent]');
    await cards.nth(fixture.consents.length - 1).waitFor();
    check((await cards.count()) === fixture.consents.length, `expected ${fixture.consents.length} consents`);
    for (const c of fixture.consents) {
      const status = page.locator(`[data-consent-id="${c}"] [data-testid=status]`);
      check((await status.getAttribute('data-status')) === 'ConsentGiven', `${c} is not shown as given`);
    }
    await shot('my-consents');
  });

  const withdrawn = page.locator(`[data-consent-id="${fixture.withdraw}"]`);
  await scenario('open-the-receipts-timeline', async () => {
    await withdrawn.locator('[data-testid=open-timeline]').click();
    const receipt = withdrawn.locator('[data-testid=timeline] li[data-kind=receipt]');
    await receipt.first().waitFor();
    const text = await receipt.first().textContent();
    check(text.includes(fixture.recipientName) && text.includes('health check-ups'), `the receipt says: ${text}`);
    await shot('timeline');
  });

  await scenario('withdraw-and-see-the-status-change', async () => {
    await withdrawn.locator('[data-testid=withdraw]').click();
    const t0 = Date.now();
    await withdrawn.locator('[data-testid=withdraw-confirm]').click();
    await withdrawn.locator('[data-testid=status][data-status=ConsentWithdrawn]').waitFor({ timeout: 30000 });
    console.log(`withdrawal shown ${Date.now() - t0} ms after the click (sign, 202, commit, status)`);
    await withdrawn.locator('[data-testid=timeline] li[data-kind=withdrawn]').waitFor();
    await message().filter({ hasText: 'withdrawn' }).waitFor();
    await shot('withdrawn');
  });

  await scenario('an-api-error-is-a-sentence', async () => {
    await go('audit');
    await page.fill('#audit-query', fixture.withdraw);
    await page.click('#audit-lookup');
    const m = message().filter({ hasText: 'registered as active auditors' });
    await m.waitFor();
    check((await m.getAttribute('data-code')) === 'FORBIDDEN', 'not the FORBIDDEN sentence');
    check(!(await m.textContent()).includes('FORBIDDEN'), 'the bare code is shown');
  });

  await scenario('audit-a-consent-history-and-check-a-block', async () => {
    await go('keys');
    await page.fill('#import-text', fixture.auditor.jwk);
    await page.click('#import-button');
    await message().filter({ hasText: fixture.auditor.did }).waitFor();
    await go('audit');
    await page.click('#sign-in');
    await page.waitForSelector('[data-testid=signed-in]');
    await page.fill('#audit-query', fixture.withdraw);
    await page.click('#audit-lookup');
    const entries = page.locator('[data-testid=history-entry]');
    await entries.nth(2).waitFor();
    const events = await entries.evaluateAll((l) => l.map((e) => e.dataset.event));
    check(JSON.stringify(events) === '["anchored","receipt","revoked"]', `history events ${events}`);
    check((await entries.first().textContent()).includes(fixture.subject.did), 'the anchor does not name its signer');
    await entries.first().locator('[data-testid=check-block]').click();
    const proof = entries.first().locator('[data-testid=proof]');
    await proof.waitFor();
    check((await proof.getAttribute('data-verdict')) === 'match', `verdict: ${await proof.textContent()}`);
    await shot('audit');
  });

  await scenario('export-the-history-as-csv', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    const path = await download.path();
    const csv = readFileSync(path, 'utf8');
    check(csv.includes(fixture.withdraw) && csv.split('\n').length >= 4, `csv: ${csv.slice(0, 200)}`);
    check(download.suggestedFilename().endsWith('.csv'), download.suggestedFilename());
  });

  await scenario('audit-a-transaction-and-see-the-proof-verified', async () => {
    await page.fill('#audit-query', fixture.anchorTx);
    await page.click('#audit-lookup');
    const proof = page.locator('[data-testid=audit-result] [data-testid=proof]');
    await proof.waitFor();
    check((await proof.getAttribute('data-verdict')) === 'match', `verdict: ${await proof.textContent()}`);
    await page.locator('[data-testid=audit-result] details').first().click();
    await shot('proof-verified');
  });

  await scenario('the-block-check-computes-the-protocol-example', async () => {
    // CONSENT-PROTOCOL.md §10's worked example, through the page's own module.
    const out = await page.evaluate(async () => {
      const { parseBlock, headerDer } = await import('./js/proof.js');
      const { concat, hex, sha256 } = await import('./js/jose.js');
      const h = (s) => Uint8Array.from(s.match(/../g), (x) => parseInt(x, 16));
      const entries = [h('0a0568656c6c6f'), h('0a05776f726c64')];
      const data = await sha256(concat(...entries));
      const header = concat(h('08051220'), h('00eb6a8bbb1c03681b024e3739e68c4e7af596261127e54999e5b264d5c8b977'), h('1a20'), data);
      const body = concat(h('0a07'), entries[0], h('0a07'), entries[1]);
      const block = parseBlock(concat(h('0a'), new Uint8Array([header.length]), header, h('12'), new Uint8Array([body.length]), body));
      const der = headerDer(block.number, block.previousHash, block.dataHash);
      return { data: hex(data), der: hex(der), header: hex(await sha256(der)) };
    });
    check(out.data === '53148984a3896ab4b2d936c6224c54daa586bf0e9250c2947cb909795c6d3ec6', `data hash ${out.data}`);
    check(out.der === '3047020105042000eb6a8bbb1c03681b024e3739e68c4e7af596261127e54999e5b264d5c8b977042053148984a3896ab4b2d936c6224c54daa586bf0e9250c2947cb909795c6d3ec6', `DER ${out.der}`);
    check(out.header === 'e4b030958b1b0b53cbda8bf13de041c937bbdf9957abc239fd6561c4b6ebcc21', `header hash ${out.header}`);
  });

  await scenario('a-tampered-proof-does-not-match', async () => {
    await page.route('**/audit/transactions/*/proof', async (route) => {
      const response = await route.fetch();
      const proof = await response.json();
      proof.block = tamper(proof.block);
      await route.fulfill({ response, json: proof });
    });
    await page.click('#audit-lookup');
    const proof = page.locator('[data-testid=audit-result] [data-testid=proof][data-verdict=mismatch]');
    await proof.waitFor();
    check((await proof.textContent()).includes('does NOT match'), 'no mismatch sentence');
    await page.unroute('**/audit/transactions/*/proof');
    await shot('proof-tampered');
  });

  await scenario('audit-a-party', async () => {
    await page.fill('#audit-query', fixture.provider);
    await page.click('#audit-lookup');
    await page.getByText(`${fixture.consents.length} consent(s) in the range`).waitFor();
    await page.click('#lang-ko');
    await page.getByText(`기간 내 동의 ${fixture.consents.length}건`).waitFor();
    await shot('audit-party-ko');
  });

  check(problems.length === 0, problems.join('; '));
} catch (e) {
  failed = true;
  if (!e.message.startsWith('FAIL')) console.log(`error: ${e.message.split('\n')[0]}`);
} finally {
  await browser.close();
}
if (failed) process.exit(1);
console.log(`passed ${scenarios} scenarios in ${Date.now() - started} ms`);
