// Browser test of the page's text mode and the table of all models, against the native CLI: the #result mirror's
// data-* attributes and <table id="models"> rows for "#mode=text&text=80MB&lang=ru" (need --text 80MB --lang ru)
// and "#ram=1TB" (models --ram 1TB); a text file picked in the page is counted there (read in File.slice chunks).
// Usage: node tests/web/text_mode.mjs [path/to/contextfit.html]   (build first: scripts/build-web)
// Needs the native build (default build/native, or CONTEXTFIT_BUILD). Ends with "N passed, N failed".
import { check, failed, launch, passed } from './browser.mjs';
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const pagePath = resolve(process.argv[2] ?? `${repo}/dist/contextfit.html`);
const build = resolve(process.env.CONTEXTFIT_BUILD ?? `${repo}/build/native`);
const cli = join(build, 'contextfit');

const runCli = (args) => JSON.parse(execFileSync(cli, [...args, '--json'], { stdio: ['ignore', 'pipe', 'ignore'] }));

async function openPage(browser, hash) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(pathToFileURL(pagePath).href + hash);
  const ready = await page.waitForFunction(() => document.querySelectorAll('#models tbody tr').length > 0,
    null, { timeout: 30000 }).then(() => true, () => false);
  return { context, page, errors, ready };
}

const mirror = (page) => page.evaluate(() => {
  const d = document.getElementById('result').dataset;
  const rows = Array.from(document.querySelectorAll('#models tbody tr')).map((tr) => (
    { model: tr.dataset.model, tokens: tr.dataset.tokens, limitedBy: tr.dataset.limitedBy }));
  return { mode: d.mode, tokens: d.tokens, fitsContext: d.fitsContext, parts: d.parts, totalBytes: d.totalBytes, rows };
});

// Every catalog model in the page's table has the CLI's tokens (and limit); returns the models that differ.
function rowsDiffer(rows, want) {
  const byId = new Map(rows.map((r) => [r.model, r]));
  return want.filter((w) => { const r = byId.get(w.id); return !r || r.tokens !== w.tokens || r.limitedBy !== w.limitedBy; })
    .map((w) => w.id);
}

async function textMode(browser) {
  // The chosen model is Llama 4 Scout, whose 10 M-token context is the catalog's longest.
  const { context, page, errors, ready } = await openPage(browser, '#mode=text&text=80MB&lang=ru&model=llama-4-scout');
  check('text mode: the page publishes a models table', ready, errors.join('; '));
  const m = await mirror(page);
  const one = runCli(['need', '--text', '80MB', '--lang', 'ru', '--model', 'llama-4-scout']);
  check('text mode: data-mode', m.mode === 'text', m.mode);
  check('text mode: data-tokens = need --json tokens', m.tokens === String(one.tokens), `${m.tokens} vs ${one.tokens}`);
  check('text mode: data-fits-context', m.fitsContext === String(one.fits_context), `${m.fitsContext}`);
  check('text mode: data-parts', m.parts === String(one.parts), `${m.parts} vs ${one.parts}`);
  check('text mode: data-total-bytes', m.totalBytes === String(one.total_bytes), `${m.totalBytes} vs ${one.total_bytes}`);
  const all = runCli(['need', '--text', '80MB', '--lang', 'ru', '--all']);
  const want = all.models.map((n) => ({ id: n.model, tokens: String(n.tokens), limitedBy: n.fits_context ? '' : 'model' }));
  const differ = rowsDiffer(m.rows, want);
  check('text mode: one row per model, tokens as need --all', m.rows.length === want.length && differ.length === 0,
    `${m.rows.length} rows; differ: ${differ.join(', ')}`);
  const hash = await page.evaluate(() => location.hash);
  check('text mode: the link carries the mode and the amount', /mode=text/.test(hash) && /text=80MB/.test(hash), hash);

  // A text file picked in the page: counted there; "Привет, мир!\n" is 13 characters (22 UTF-8 bytes: 9 Cyrillic x 2 + 4), 2 words, Russian.
  await page.setInputFiles('#f-text-file', { name: 'note.txt', mimeType: 'text/plain', buffer: Buffer.from('Привет, мир!\n') });
  const counted = await page.waitForFunction(() => JSON.parse(Module.currentJson()).text.file !== undefined,
    null, { timeout: 10000 }).then(() => true, () => false);
  const file = counted ? await page.evaluate(() => JSON.parse(Module.currentJson()).text.file) : {};
  check('text file: counted in the page', counted && file.chars === 13 && file.words === 2 && file.language === 'ru',
    JSON.stringify(file));
  const linked = await page.evaluate(() => location.hash);
  check('text file: the link has its size, never its text', /text=22B/.test(linked) && !/%D0%9F/.test(linked), linked);
  await context.close();
}

async function memoryMode(browser) {
  const { context, page, errors, ready } = await openPage(browser, '#ram=1TB');
  check('memory mode: the page publishes a models table', ready, errors.join('; '));
  const m = await mirror(page);
  check('memory mode: data-mode', m.mode === 'memory', m.mode);
  const want = runCli(['models', '--ram', '1TB']).map((r) => ({ id: r.id, tokens: String(r.tokens), limitedBy: r.limited_by }));
  const differ = rowsDiffer(m.rows, want);
  check('memory mode: one row per model, as models --ram 1TB', m.rows.length === want.length && differ.length === 0,
    `${m.rows.length} rows; differ: ${differ.join(', ')}`);
  await context.close();
}

const browser = await launch();
try {
  await textMode(browser);
  await memoryMode(browser);
} finally {
  await browser.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
