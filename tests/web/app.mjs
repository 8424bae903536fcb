// Browser test of the ContextFit page (dist/contextfit.html, one file), over file:// and over http.
// Usage: node tests/web/app.mjs [path/to/contextfit.html]     (build first: scripts/build-web)
// Needs: scripts/setup --web (Debian chromium, npm playwright-core). Uses build/native/contextfit, when built,
// for the expected figures; otherwise the hand-checked values below.
// Screenshots: build/artifacts/app-*.png. Ends with "N passed, N failed"; exit code 1 on any failure.
import { check, failed, launch, passed, sleep } from './browser.mjs';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const pagePath = resolve(process.argv[2] ?? `${repo}/dist/contextfit.html`);
const artifacts = process.env.CONTEXTFIT_ARTIFACTS ?? `${repo}/build/artifacts`;
const cli = `${repo}/build/native/contextfit`;
const issueHash = '#ram=1000GiB&model=llama-3.1-70b&weights=q4_k_m';

// The CLI's figures for the issue's example. Hand-checked fallback (contextfit fit --json, 2026-11):
// 131,072 tokens (the model's limit; memory would hold 2,913,792), limited by the model.
function expectedFigures() {
  if (existsSync(cli)) {
    const j = JSON.parse(execFileSync(cli, ['fit', '--ram', '1000GiB', '--model', 'llama-3.1-70b', '--weights', 'q4_k_m', '--json']));
    return { tokens: j.tokens, megabytes: j.text.megabytes, pages: j.text.pages, limited_by: j.limited_by, source: 'native CLI',
             trace: j.trace.map((t) => `${t.quantity} = ${t.formula}`) };
  }
  return { tokens: 131072, megabytes: null, pages: null, limited_by: 'model', source: 'hand-checked', trace: null };
}

async function resultAttrs(page) {
  return page.evaluate(() => {
    const r = document.getElementById('result');
    return { tokens: r.dataset.tokens, megabytes: r.dataset.megabytes, pages: r.dataset.pages,
             limitedBy: r.dataset.limitedBy, notices: r.dataset.notices, text: r.textContent };
  });
}

async function openPage(browser, url, { viewport = { width: 1440, height: 900 }, locale = 'en-US', scale = 1, touch = false } = {}) {
  const context = await browser.newContext({ viewport, locale, deviceScaleFactor: scale, hasTouch: touch, isMobile: touch });
  const page = await context.newPage();
  const requests = [], errors = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(url);
  const ready = await page.waitForFunction(() => document.getElementById('result').dataset.tokens !== undefined
    || document.getElementById('result').dataset.error !== undefined, null, { timeout: 30000 }).then(() => true, () => false);
  return { context, page, requests, errors, ready };
}

async function screenshot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  await sleep(300);
  await page.screenshot({ path: `${artifacts}/${name}.png` });
  return `${artifacts}/${name}.png`;
}

async function suite(browser, base, label, expected) {
  // 1. The issue's link gives the CLI's figures.
  {
    const { context, page, requests, errors, ready } = await openPage(browser, base + issueHash);
    check(`${label}: page loads and computes`, ready, errors.join(' | '));
    if (!ready) { await context.close(); return; }
    const got = await resultAttrs(page);
    check(`${label}: data-tokens equals the CLI`, Number(got.tokens) === expected.tokens,
      `page ${got.tokens}, ${expected.source} ${expected.tokens}`);
    check(`${label}: data-limited-by equals the CLI`, got.limitedBy === expected.limited_by, `${got.limitedBy}`);
    if (expected.megabytes !== null) {
      check(`${label}: data-megabytes and data-pages equal the CLI`,
        Number(got.megabytes) === expected.megabytes && Number(got.pages) === expected.pages,
        `page ${got.megabytes} MB ${got.pages} pages; CLI ${expected.megabytes} MB ${expected.pages} pages`);
    }
    // Every figure can be followed back: the text view lists each formula with its source, as the CLI prints it.
    const how = await page.evaluate(() => ({
      lines: [...document.querySelectorAll('#how-trace dt')].map((e) => e.textContent),
      sources: [...document.querySelectorAll('#how-trace dd')].map((e) => e.textContent),
      notes: document.querySelectorAll('#how-notes li').length,
    }));
    check(`${label}: each figure's formula and source are in the page`,
      how.lines.length >= 5 && how.sources.length === how.lines.length && how.sources.every((t) => t.length > 0) && how.notes > 0,
      `${how.lines.length} formulas, ${how.sources.length} sources, ${how.notes} notes`);
    if (expected.trace) {
      check(`${label}: the formulas equal the CLI's trace`, JSON.stringify(how.lines) === JSON.stringify(expected.trace),
        `page ${how.lines[2]} | CLI ${expected.trace[2]}`);
    }
    const first = await page.waitForFunction(() => window.__frameCount > 0, null, { timeout: 30000 }).then(() => true, () => false);
    check(`${label}: canvas renders`, first);
    // Render on demand: no frames while idle.
    await sleep(800);
    const f0 = await page.evaluate(() => window.__frameCount);
    await sleep(2000);
    const f1 = await page.evaluate(() => window.__frameCount);
    check(`${label}: zero frames over 2 s idle`, f0 === f1, `${f0} -> ${f1}`);
    await page.mouse.move(200, 200);
    await page.mouse.move(220, 210);
    await sleep(300);
    const f2 = await page.evaluate(() => window.__frameCount);
    check(`${label}: input wakes rendering`, f2 > f1, `${f1} -> ${f2}`);
    const hash = await page.evaluate(() => location.hash);
    check(`${label}: hash completed with every input`, hash.startsWith('#ram=1000GiB&reserve=2GiB&model=llama-3.1-70b&weights=q4_k_m'), hash);
    const network = requests.filter((u) => u.split('#')[0] !== base && !u.startsWith('data:'));
    check(`${label}: no network requests`, network.length === 0, network.join(', ') || `${requests.length} request(s), all the page itself`);
    check(`${label}: no page errors`, errors.length === 0, errors.join(' | '));
    await context.close();
  }
  // 2. A share link restores every input; editing updates the hash.
  {
    const link = '#ram=16GiB&reserve=1GiB&model=llama-3.1-8b&weights=q8_0&kv=q8_0&runtime=llama.cpp&seqs=2&lang=ru&page=book';
    const { context, page, ready } = await openPage(browser, base + link);
    const inputs = ready ? await page.evaluate(() => JSON.parse(Module.currentJson()).inputs) : {};
    const want = { ram: '16GiB', reserve: '1GiB', model: 'llama-3.1-8b', weights: 'q8_0', kv: 'q8_0', runtime: 'llama.cpp', seqs: 2, lang: 'ru', page: 'book' };
    const same = Object.keys(want).every((k) => inputs[k] === want[k]);
    check(`${label}: share link restores state`, same, JSON.stringify(inputs));
    check(`${label}: restored link is the hash`, (await page.evaluate(() => location.hash)) === link);
    await page.selectOption('#f-model', 'qwen3-8b').catch(() => page.selectOption('#f-model', { index: 3 }));
    const hash = await page.evaluate(() => location.hash);
    const model = await page.evaluate(() => document.getElementById('f-model').value);
    check(`${label}: editing updates the hash`, hash.includes(`model=${model}`) && hash.includes('weights=q8_0'), hash);
    await context.close();
  }
  // 3. A bad link shows notices and keeps the good parts.
  {
    const { context, page, ready } = await openPage(browser, base + '#model=llama-3.1-8b');
    await page.evaluate(() => { location.hash = '#ram=abc&model=nope&foo=1&seqs=2&seqs=3&weights=%ZZ'; });
    await page.waitForFunction(() => Number(document.getElementById('result').dataset.notices) > 0, null, { timeout: 5000 }).catch(() => {});
    const notices = await page.$$eval('#notices li', (els) => els.map((e) => e.textContent));
    check(`${label}: bad hash shows notices`, ready && notices.length === 5, notices.join(' | '));
    const inputs = await page.evaluate(() => JSON.parse(Module.currentJson()).inputs);
    check(`${label}: good parts of a bad hash applied`, inputs.seqs === 2 && inputs.model === 'llama-3.1-8b', JSON.stringify(inputs));
    // In Russian the notices are Russian sentences (templates in assets/strings.json); ids stay as they are.
    await page.evaluate(() => Module.setUiLanguage('ru'));
    const ru = await page.$$eval('#notices li', (els) => els.map((e) => e.textContent));
    check(`${label}: notices in Russian`, ru.length === 5 && ru.every((t) => /допустимо|ещё/.test(t) && !/accepted/.test(t))
      && ru.some((t) => t.startsWith('seqs=3: ключ повторяется')), ru.join(' | '));
    if (label === 'file') check('notice screenshot', true, await screenshot(page, 'app-notice-desktop'));
    await context.close();
  }
  // 4. EN/RU: from the browser language, and switched.
  {
    const { context, page, ready } = await openPage(browser, base + issueHash, { locale: 'ru-RU' });
    const lang = await page.evaluate(() => document.documentElement.lang);
    const text = (await resultAttrs(page)).text;
    check(`${label}: Russian browser gets Russian`, ready && lang === 'ru' && /[а-я]/.test(text), `${lang}: ${text}`);
    const langs = (await page.evaluate(() => JSON.parse(Module.currentJson()).options.lang)).map((l) => l.name);
    check(`${label}: text languages named in Russian`, langs.includes('немецкий') && langs.includes('английский'), langs.join(', '));
    await page.selectOption('#f-ui', 'en');
    await sleep(700);
    const lang2 = await page.evaluate(() => document.documentElement.lang);
    const text2 = (await resultAttrs(page)).text;
    const hash = await page.evaluate(() => location.hash);
    check(`${label}: switch to English`, lang2 === 'en' && !/[а-я]/.test(text2) && hash.includes('ui=en'), `${lang2}: ${text2}`);
    await context.close();
  }
  // 5. The text language follows the browser's when the link has none, and the link's lang= when it has one.
  for (const [locale, hash, want] of [['ru-RU', '#ram=32GiB&model=llama-3.1-8b', 'ru'], ['en-US', '#ram=32GiB&model=llama-3.1-8b', 'en'],
                                      ['ru-RU', '#ram=32GiB&model=llama-3.1-8b&lang=en', 'en']]) {
    const { context, page, ready } = await openPage(browser, base + hash, { locale });
    const got = ready ? await page.evaluate(() => JSON.parse(Module.currentJson()).inputs.lang) : '(no result)';
    check(`${label}: ${locale} browser, link ${hash.includes('lang=') ? 'with' : 'without'} lang=: text language ${want}`, got === want, got);
    await context.close();
  }
}

async function screenshots(browser, base) {
  const shots = [
    { name: 'app-desktop-en', viewport: { width: 1440, height: 900 }, locale: 'en-US', scale: 1, hash: issueHash },
    { name: 'app-desktop-ru', viewport: { width: 1440, height: 900 }, locale: 'ru-RU', scale: 1, hash: '#ram=64GiB&model=qwen3-8b&lang=ru' },
    { name: 'app-phone-en', viewport: { width: 390, height: 844 }, locale: 'en-US', scale: 2, hash: issueHash },
    { name: 'app-phone-ru', viewport: { width: 390, height: 844 }, locale: 'ru-RU', scale: 2, hash: '#ram=32GiB&model=llama-3.1-8b' },
  ];
  for (const s of shots) {
    const { context, page, ready } = await openPage(browser, base + s.hash, s);
    await page.waitForFunction(() => window.__frameCount > 2, null, { timeout: 30000 }).catch(() => {});
    const size = await page.evaluate(() => [document.getElementById('canvas').width, document.getElementById('canvas').height]);
    const want = [s.viewport.width * s.scale, s.viewport.height * s.scale];
    check(`screenshot ${s.name}: canvas in device pixels`, ready && size[0] === want[0] && size[1] === want[1],
      `${size.join('x')} ${await screenshot(page, s.name)}`);
    await context.close();
  }
}

async function fieldCenter(page, index) {
  const [x, y, w, h] = JSON.parse(await page.evaluate((i) => Module.fieldRect(i), index));
  return { x: x + w / 2, y: y + h / 2 };
}

async function tokensAndHash(page) {
  return page.evaluate(() => ({ tokens: document.getElementById('result').dataset.tokens, hash: location.hash }));
}

// «1,5» typed in the RAM field is 1.5, on a desktop keyboard and on a phone's decimal keypad, which types ','
// where ImGui's number fields take '.' (issue #13: it became 1, or 15). 64 GiB -> 1.5 GiB.
async function decimalComma(browser, base) {
  for (const phone of [false, true]) {
    const where = phone ? 'phone' : 'desktop';
    const { context, page } = await openPage(browser, base + '#ram=64GiB&model=llama-3.1-8b&weights=q4_k_m',
      phone ? { viewport: { width: 390, height: 844 }, scale: 2, touch: true } : {});
    try {
      await page.waitForFunction(() => window.__frameCount > 2, null, { timeout: 30000 });
      const ram = await fieldCenter(page, 0);
      if (phone) await page.touchscreen.tap(ram.x, ram.y); else await page.mouse.click(ram.x, ram.y);
      await sleep(200);
      for (let i = 0; i < 4; i++) { await page.keyboard.press('Backspace'); await sleep(60); }
      await page.keyboard.type('1,5');
      await sleep(400);
      const typed = await tokensAndHash(page);
      check(`${where}: «1,5» in the RAM field is 1.5 GiB`, typed.hash.startsWith('#ram=1.5GiB&'), typed.hash);
    } catch (e) {
      check(`${where} decimal comma test ran`, false, String(e));
    }
    await context.close();
  }
}

// A phone: tapping the RAM field focuses the hidden input (the on-screen keyboard's target); its typing reaches
// ImGui. 64 GiB holds fewer tokens of Llama 3.1 70B than its 131,072 limit; 256 GiB holds more.
async function phoneKeyboard(browser, base) {
  const { context, page, ready } = await openPage(browser, base + '#ram=64GiB&model=llama-3.1-70b&weights=q4_k_m',
    { viewport: { width: 390, height: 844 }, scale: 2, touch: true });
  try {
    await page.waitForFunction(() => window.__frameCount > 2, null, { timeout: 30000 });
    const before = await tokensAndHash(page);
    const ram = await fieldCenter(page, 0);
    await page.touchscreen.tap(ram.x, ram.y);
    await sleep(200);
    const focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
    check('phone: tapping the RAM field focuses the keyboard input', ready && focused === 'cf-ime', `active: ${focused}`);
    const mode = await page.evaluate(() => document.getElementById('cf-ime').inputMode);
    check('phone: the keyboard is numeric for RAM', mode === 'decimal', mode);
    await page.keyboard.type('256');
    await sleep(400);
    const typed = await tokensAndHash(page);
    check('phone: typing 256 changes the RAM and the result', typed.hash.startsWith('#ram=256GiB&')
      && Number(typed.tokens) === 131072 && Number(before.tokens) < 131072, `${before.tokens} -> ${typed.tokens}, ${typed.hash}`);
    check('phone keyboard screenshot', true, await screenshot(page, 'app-phone-keyboard'));
    await page.keyboard.press('Backspace');
    await sleep(300);
    const back = await tokensAndHash(page);
    check('phone: Backspace deletes a digit', back.hash.startsWith('#ram=25GiB&'), back.hash);
    await page.keyboard.press('Enter');
    await sleep(300);
    const after = await page.evaluate(() => ({ active: document.activeElement && document.activeElement.id, wants: Module.wantsText() }));
    check('phone: Enter ends the edit and hides the keyboard', after.active !== 'cf-ime' && !after.wants, JSON.stringify(after));
  } catch (e) {
    check('phone keyboard test ran', false, String(e));
  }
  await context.close();
}

// Desktop: Ctrl/Cmd+V makes a 'paste' event; its text goes into the active ImGui field, and nowhere otherwise.
async function paste(browser, base) {
  const { context, page, ready } = await openPage(browser, base + issueHash);
  try {
    await page.waitForFunction(() => window.__frameCount > 2, null, { timeout: 30000 });
    const firePaste = (text) => page.evaluate((t) => {
      const data = new DataTransfer();
      data.setData('text/plain', t);
      (document.activeElement || document.body).dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, text);
    await firePaste('64');
    await sleep(300);
    const idle = await tokensAndHash(page);
    check('paste with no active field changes nothing', ready && idle.hash.startsWith('#ram=1000GiB&'), idle.hash);
    const ram = await fieldCenter(page, 0);
    await page.mouse.click(ram.x, ram.y);
    await sleep(300);
    await firePaste('512\n');
    await sleep(400);
    const pasted = await tokensAndHash(page);
    check('paste into the RAM field', pasted.hash.startsWith('#ram=512GiB&'), pasted.hash);
  } catch (e) {
    check('paste test ran', false, String(e));
  }
  await context.close();
}

async function noWebgl(base) {
  const browser = await launch(['--disable-3d-apis']);
  try {
    const { page, ready } = await openPage(browser, base + issueHash, { viewport: { width: 390, height: 844 } });
    const fallback = await page.evaluate(() => document.body.classList.contains('no-webgl'));
    const got = await resultAttrs(page);
    check('without WebGL the HTML form computes', ready && fallback && Number(got.tokens) > 0, `tokens ${got.tokens}`);
    await page.fill('#f-ram', '8GiB');
    await page.dispatchEvent('#f-ram', 'change');
    await sleep(200);
    const after = await resultAttrs(page);
    const hash = await page.evaluate(() => location.hash);
    check('without WebGL editing the form recomputes', hash.startsWith('#ram=8GiB') && after.limitedBy !== undefined, `${hash} -> ${after.limitedBy}`);
    check('no-WebGL screenshot', true, await screenshot(page, 'app-no-webgl-phone'));
  } finally {
    await browser.close();
  }
}

async function run() {
  if (!existsSync(pagePath)) {
    check('page exists', false, `${pagePath} missing: run scripts/build-web`);
    return;
  }
  const expected = expectedFigures();
  const html = readFileSync(pagePath);
  // The page's own policy forbids every connection and eval; the wasm is decoded from the page, not fetched.
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html.toString('latin1'))?.[1] ?? '';
  check('CSP: nothing may load or connect (default-src \'none\', no connect-src)',
    /(^|; )default-src 'none'(;|$)/.test(csp) && !/connect-src/.test(csp), csp);
  check('CSP: no eval (\'unsafe-eval\' absent; wasm allowed by \'wasm-unsafe-eval\')',
    !csp.includes("'unsafe-eval'") && csp.includes("'wasm-unsafe-eval'"), csp);
  const server = createServer((req, res) => {
    if (req.url.split('?')[0] === '/contextfit.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const httpBase = `http://127.0.0.1:${server.address().port}/contextfit.html`;
  const fileBase = pathToFileURL(pagePath).href;
  const browser = await launch();
  try {
    await suite(browser, fileBase, 'file', expected);
    await suite(browser, httpBase, 'http', expected);
    await screenshots(browser, fileBase);
    await phoneKeyboard(browser, fileBase);
    await decimalComma(browser, fileBase);
    await paste(browser, fileBase);
  } finally {
    await browser.close();
    server.close();
  }
  await noWebgl(fileBase);
}

try {
  await run();
} catch (e) {
  check('app test ran', false, String(e?.stack ?? e));
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
