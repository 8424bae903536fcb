// Browser test of the packed page (web/pack/): the wasm is stored LZMA-compressed and decoded in JS
// (web/pack/lzma.js), so the page must compute in a browser without DecompressionStream; and a page whose
// packed wasm is damaged must say so on top of the canvas, in the browser's language, with the decoder's reason,
// instead of hanging on "Loading…". The running page itself is covered by tests/web/app.mjs.
// Usage: node web/pack/test.mjs [path/to/contextfit.html]   (default dist/contextfit.html; scripts/build-web)
// Ends with "N passed, N failed"; exit code 1 on any failure.
import { chromium } from 'playwright-core';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
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
const url = /data:application\/octet-stream;base64,([A-Za-z0-9+/=]+)/.exec(html);
const head = url ? Buffer.from(url[1].slice(0, 20), 'base64') : Buffer.alloc(0);
// .lzma header: properties byte 0-224, 4 bytes dictionary size, size unknown (8 x FF) as xz writes it.
check('the wasm in the page is LZMA-compressed', head.length >= 13 && head[0] <= 224 && head.subarray(5, 13).every((b) => b === 0xff),
  `starts ${head.subarray(0, 13).toString('hex')}; was web/pack/pack.mjs run?`);
// The shell's whole-line // comments stay in shell.html and out of the page.
const commentLines = (text) => text.split('\n').filter((line) => /^\s*\/\/[^\n]*$/.test(line)).length;
const shellComments = commentLines(readFileSync(`${repo}/shell.html`, 'utf8'));
check('the shell\'s comment lines are left out of the page', shellComments > 0 && commentLines(html) === 0,
  `${shellComments} in shell.html, ${commentLines(html)} in the page`);

// Damaged copies of the page, next to nothing else (file:// pages load nothing from their folder).
const tmp = mkdtempSync(join(tmpdir(), 'contextfit-pack-'));
function damaged(name, edit) {
  const path = join(tmp, name);
  writeFileSync(path, html.slice(0, url.index + url[0].length - url[1].length) + edit(url[1]) + html.slice(url.index + url[0].length), 'latin1');
  return path;
}
// Flipped: base64 letters swapped in the middle of the range-coded data. Cut: its second half removed.
const flipped = url && damaged('flipped.html', (b64) => {
  const chars = b64.split('');
  for (let i = b64.length >> 1; i < (b64.length >> 1) + 64; i += 4) chars[i] = chars[i] === 'A' ? 'B' : 'A';
  return chars.join('');
});
const cut = url && damaged('cut.html', (b64) => b64.slice(0, (b64.length >> 1) & ~3));

async function open(browser, path, locale, { noDecompressionStream = false } = {}) {
  const context = await browser.newContext({ locale, viewport: { width: 800, height: 600 } });
  const page = await context.newPage();
  const requests = [], errors = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  if (noDecompressionStream) await page.addInitScript(() => { delete window.DecompressionStream; });
  await page.goto(pathToFileURL(path).href);
  const network = () => requests.filter((u) => u.split('#')[0] !== pathToFileURL(path).href && !u.startsWith('data:'));
  return { context, page, errors, network };
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
try {
  // 1. No DecompressionStream (before Chrome 80, Firefox 113, Safari 16.4): the page computes all the same.
  {
    const { context, page, errors, network } = await open(browser, pagePath, 'en-US', { noDecompressionStream: true });
    const computed = await page.waitForFunction(() => document.getElementById('result').dataset.tokens !== undefined,
      null, { timeout: 30000 }).then(() => true, () => false);
    check('without DecompressionStream: the page computes a result (#result[data-tokens])', computed,
      computed ? `${await page.getAttribute('#result', 'data-tokens')} tokens` : errors.join('; '));
    check('without DecompressionStream: DecompressionStream really was missing',
      await page.evaluate(() => typeof DecompressionStream === 'undefined'));
    check('without DecompressionStream: no page errors', errors.length === 0, errors.join('; '));
    check('without DecompressionStream: no network requests', network().length === 0, network().join(', '));
    await context.close();
  }

  // 2. Damaged pages: a visible, localized error with the decoder's reason; never stuck on "Loading…".
  for (const [name, path, locale, reason] of [['flipped bytes', flipped, 'en-US', /LZMA|CompileError/],
                                               ['cut in half', cut, 'en-US', /LZMA data ends early/],
                                               ['cut in half', cut, 'ru-RU', /LZMA data ends early/]]) {
    const label = `${name}, ${locale}`;
    const { context, page, network } = await open(browser, path, locale);
    const shown = await page.waitForSelector('#cf-start-failed', { state: 'visible', timeout: 15000 }).then(() => true, () => false);
    check(`${label}: the page says it could not start`, shown);
    if (shown) {
      const text = await page.textContent('#cf-start-failed');
      const [before, after] = strings[locale.slice(0, 2)].web_start_failed.split('{message}');
      check(`${label}: in the browser's language`, text.startsWith(before) && text.endsWith(after), text);
      check(`${label}: with the reason`, reason.test(text), text);
      const onTop = await page.evaluate(() => {
        const box = document.getElementById('cf-start-failed').getBoundingClientRect();
        const el = document.elementFromPoint(box.left + 20, box.top + 20);
        return el && el.id === 'cf-start-failed';
      });
      check(`${label}: the message is on top, not under the canvas`, onTop);
      check(`${label}: "Loading…" is gone`, !(await page.isVisible('#loading')));
      check(`${label}: role=alert for screen readers`, (await page.getAttribute('#cf-start-failed', 'role')) === 'alert');
      check(`${label}: body[data-error] is set (emscripten's abort ran)`,
        Boolean(await page.evaluate(() => document.body.getAttribute('data-error'))));
    }
    check(`${label}: no network requests`, network().length === 0, network().join(', '));
    await context.close();
  }
} finally {
  await browser.close();
  rmSync(tmp, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
