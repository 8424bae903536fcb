// Browser test of the packed page where DecompressionStream is missing (web/pack/inflate.js): the page must say
// so in its HTML, in the browser's language, without errors or requests. The packed page itself (inflated and
// running) is covered by tests/web/app.mjs.
// Usage: node web/pack/test.mjs [path/to/contextfit.html]   (default dist/contextfit.html; scripts/build-web)
// Ends with "N passed, N failed"; exit code 1 on any failure.
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const pagePath = resolve(process.argv[2] ?? `${repo}/dist/contextfit.html`);
const chromiumArgs = ['--no-sandbox', '--enable-unsafe-swiftshader', '--use-angle=swiftshader',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
// The expected sentences are the assets' own (the test checks they reach the page, not their wording).
const strings = JSON.parse(readFileSync(`${repo}/assets/strings.json`, 'utf8'));

let passed = 0, failed = 0;
function check(name, ok, detail = '') {
  if (ok) passed++; else failed++;
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${detail ? ` (${detail})` : ''}`);
}

const html = readFileSync(pagePath, 'latin1');
check('the wasm in the page is gzip-compressed', html.includes('data:application/octet-stream;base64,H4sI'),
  'expected base64 of gzip (H4sI...) after the data: prefix; was web/pack/pack.mjs run?');

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
try {
  for (const locale of ['en-US', 'ru-RU']) {
    const lang = locale.slice(0, 2);
    const context = await browser.newContext({ locale, viewport: { width: 800, height: 600 } });
    const page = await context.newPage();
    const requests = [], errors = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.addInitScript(() => { delete window.DecompressionStream; });
    await page.goto(pathToFileURL(pagePath).href);
    const shown = await page.waitForSelector('#cf-unsupported', { state: 'visible', timeout: 15000 }).then(() => true, () => false);
    check(`${locale}: the page says DecompressionStream is missing`, shown);
    if (shown) {
      const text = await page.textContent('#cf-unsupported');
      check(`${locale}: in the browser's language`, text === strings[lang].web_no_decompression, text);
      const onTop = await page.evaluate(() => {
        const box = document.getElementById('cf-unsupported').getBoundingClientRect();
        const el = document.elementFromPoint(box.left + 20, box.top + 20);
        return el && el.id === 'cf-unsupported';
      });
      check(`${locale}: the message is on top, not under the canvas`, onTop);
      check(`${locale}: "Loading…" is gone`, !(await page.isVisible('#loading')));
      check(`${locale}: role=alert for screen readers`, (await page.getAttribute('#cf-unsupported', 'role')) === 'alert');
    }
    check(`${locale}: no page errors`, errors.length === 0, errors.join('; '));
    const network = requests.filter((u) => u.split('#')[0] !== pathToFileURL(pagePath).href && !u.startsWith('data:'));
    check(`${locale}: no network requests`, network.length === 0, network.join(', '));
    await context.close();
  }
} finally {
  await browser.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
