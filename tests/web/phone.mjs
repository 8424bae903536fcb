// Browser test of the page as its readers use it: a phone (390x844, touch, deviceScaleFactor 3) and a desktop,
// in English and Russian, for a model that fits and one that does not.
// Usage: node tests/web/phone.mjs [path/to/contextfit.html]     (build first: scripts/build-web)
// Checks: a finger swipe scrolls the page and a tap still activates a field (real touch events through CDP
// Input.dispatchTouchEvent); a fling coasts on after the finger lifts, then stops; a two-finger pinch leaves the
// layout as it was (the second finger is ignored); Enter in the model search picks the first match; the interface
// language follows ui=, then lang=, then the browser; the mirror's formats table; no "Unable to preventDefault
// inside passive event listener" on wheel scrolling.
// Screenshots: build/screenshots/{phone,desktop}-{en,ru}-{fits,does-not-fit}.png.
// Ends with "N passed, N failed"; exit code 1 on any failure.
import { check, failed, launch, passed, sleep } from './browser.mjs';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const pageUrl = pathToFileURL(resolve(process.argv[2] ?? `${repo}/dist/contextfit.html`)).href;
const shots = process.env.CONTEXTFIT_SCREENSHOTS ?? `${repo}/build/screenshots`;
const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, hasTouch: true, isMobile: true };
const desktop = { viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 };
// 1000 GiB holds Llama 3.1 70B's whole 131,072-token context; 32 GiB does not hold its Q4_K_M weights
// (70.55 B parameters x 4.84 bits / 8 = 42.7 GB).
const fits = '#ram=1000GiB&model=llama-3.1-70b&weights=q4_k_m';
const doesNotFit = '#ram=32GiB&model=llama-3.1-70b&weights=q4_k_m';

async function open(browser, hash, device, locale = 'en-US') {
  const context = await browser.newContext({ ...device, locale });
  const page = await context.newPage();
  const consoleText = [];
  page.on('console', (m) => consoleText.push(m.text()));
  page.on('pageerror', (e) => consoleText.push(String(e)));
  await page.goto(pageUrl + hash);
  const ready = await page.waitForFunction(() => window.__frameCount > 2
    && document.getElementById('result').dataset.tokens !== undefined, null, { timeout: 60000 }).then(() => true, () => false);
  await sleep(500);
  return { context, page, consoleText, ready };
}

// A one-finger swipe from (x, y0) to (x, y1) in CSS pixels, as a phone sends it: a touch every 16 ms, each stamped
// with its time (CDP's timestamp becomes the event's timeStamp), so the finger's speed does not depend on how fast a
// loaded machine delivers the events. `pauseMs`: how long the finger rests before it lifts.
async function swipe(page, x, y0, y1, steps = 12, pauseMs = 0) {
  const cdp = await page.context().newCDPSession(page);
  const point = (y) => [{ x, y, id: 1 }];
  const t0 = Date.now() / 1000;
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: point(y0), timestamp: t0 });
  for (let i = 1; i <= steps; i++) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: point(y0 + (y1 - y0) * i / steps),
      timestamp: t0 + i * 0.016 });
    await sleep(16);
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [],
    timestamp: t0 + steps * 0.016 + 0.001 + pauseMs / 1000 });
}

async function fieldCenter(page, field) {
  const r = JSON.parse(await page.evaluate((f) => Module.fieldRect(f), field));
  return { x: r[0] + r[2] / 2, y: r[1] + r[3] / 2 };
}

async function touchScrolls(browser) {
  const { context, page, ready } = await open(browser, fits, phone);
  check('phone: page loads', ready);
  const fieldBefore = await fieldCenter(page, 0);
  const before = await page.screenshot();
  await swipe(page, 200, 700, 250);
  await sleep(1200);  // the swipe's momentum settles
  const fieldAfter = await fieldCenter(page, 0);
  const after = await page.screenshot();
  // The RAM field moves up with the content: scrolled by at least the 450 px swiped, less the 10 px threshold.
  check('phone: a finger swipe scrolls the page', fieldBefore.y - fieldAfter.y >= 400 && !before.equals(after),
    `RAM field at y ${fieldBefore.y.toFixed(0)} -> ${fieldAfter.y.toFixed(0)}`);
  await swipe(page, 200, 250, 750);
  await sleep(1200);
  const back = await fieldCenter(page, 0);
  check('phone: a swipe down scrolls back to the top', Math.abs(back.y - fieldBefore.y) < 2, `y ${back.y.toFixed(0)}`);
  await page.touchscreen.tap(back.x, back.y);
  await sleep(300);
  check('phone: a tap still activates a widget (the RAM field takes text)', await page.evaluate(() => Module.wantsText()));
  await context.close();
}

// The page coasts after a fling: the content keeps moving after the finger lifts, slows and stops. A swipe that
// pauses before the finger lifts (velocity 0) would not move after the lift, and this check would fail.
async function flingCoasts(browser) {
  const { context, page, ready } = await open(browser, fits, phone);
  check('phone: page loads for the fling', ready);
  const start = await fieldCenter(page, 0);
  await swipe(page, 200, 700, 450, 5);  // a flick: fast, and the finger lifts while still moving
  const atLift = await fieldCenter(page, 0);
  await sleep(250);
  const coasting = await fieldCenter(page, 0);
  await sleep(1500);
  const settled = await fieldCenter(page, 0);
  await sleep(500);
  const still = await fieldCenter(page, 0);
  // 250 CSS px swiped in 5 steps of 16 ms: about 3 CSS px per ms at the lift. The velocity decays by 0.996 per ms
  // (web/main.cpp), so it coasts about 3 / (1 - 0.996) = 750 CSS px more; at least 100 px is asked for.
  check('phone: a fling keeps scrolling after the finger lifts', atLift.y - settled.y >= 100 && atLift.y - coasting.y > 0,
    `RAM field at y ${start.y.toFixed(0)}, at the lift ${atLift.y.toFixed(0)}, 250 ms later ${coasting.y.toFixed(0)}, ` +
    `settled ${settled.y.toFixed(0)}`);
  check('phone: the fling stops', Math.abs(still.y - settled.y) < 0.5 && Number.isFinite(still.y),
    `y ${settled.y.toFixed(1)} then ${still.y.toFixed(1)}`);
  await context.close();
}

// Two fingers: one rests on the window's empty left margin beside the RAM field, the other goes down 300 px below
// it and moves up 200 px towards it (a pinch). The second finger is ignored: nothing is activated, nothing scrolls
// or zooms, no figure becomes NaN; then a one-finger tap on the field still activates it. Were the second finger
// passed to ImGui, its move would scroll the page by 200 px.
async function pinchKeepsLayout(browser) {
  const { context, page, ready } = await open(browser, fits, phone);
  check('phone: page loads for the pinch', ready);
  const field = await fieldCenter(page, 0);
  const hashBefore = await page.evaluate(() => JSON.parse(Module.currentJson()).hash);
  const cdp = await page.context().newCDPSession(page);
  const rest = { x: 4, y: field.y, id: 1 };
  const second = (dy) => ({ x: 200, y: field.y + 300 - dy, id: 2 });
  const t0 = Date.now() / 1000;
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [rest], timestamp: t0 });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [rest, second(0)], timestamp: t0 + 0.016 });
  for (let i = 1; i <= 8; i++) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [rest, second(i * 25)],
      timestamp: t0 + 0.016 * (i + 1) });
    await sleep(16);
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [rest], timestamp: t0 + 0.016 * 10 });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [], timestamp: t0 + 0.016 * 11 });
  await sleep(400);
  const after = JSON.parse(await page.evaluate(() => Module.fieldRect(0)));
  const state = await page.evaluate(() => ({
    wants: Module.wantsText(), scale: window.visualViewport ? window.visualViewport.scale : 1,
    hash: JSON.parse(Module.currentJson()).hash }));
  check('phone: a pinch activates nothing', !state.wants && state.hash === hashBefore, JSON.stringify(state));
  check('phone: a pinch leaves the layout (no scroll, no zoom, no NaN)',
    after.every(Number.isFinite) && Math.abs(after[1] + after[3] / 2 - field.y) < 1 && state.scale === 1,
    `RAM field [${after.map((v) => v.toFixed(0)).join(', ')}], scale ${state.scale}`);
  await page.touchscreen.tap(field.x, field.y);
  await sleep(300);
  check('phone: after a pinch a tap still activates a widget', await page.evaluate(() => Module.wantsText()));
  await context.close();
}

// Enter in the model search picks the first model that matches. The combo is found by clicking down the left
// column under the reserve field until its search field appears (Module.fieldRect(2) is empty while it is closed).
async function enterPicksFirstMatch(browser) {
  const { context, page, ready } = await open(browser, fits, desktop);
  check('desktop: page loads for the model search', ready);
  const reserve = JSON.parse(await page.evaluate(() => Module.fieldRect(1)));
  let opened = false;
  for (let y = reserve[1] + reserve[3] + 4; y < reserve[1] + 160 && !opened; y += 6) {
    await page.mouse.click(reserve[0] + 12, y);
    await sleep(120);
    opened = JSON.parse(await page.evaluate(() => Module.fieldRect(2)))[2] > 0;
  }
  check('desktop: the model picker opens with its search field', opened);
  // "qwen3-8": the catalog's first id with it is qwen3-8b (assets/models.json lists Qwen3 by size).
  await page.evaluate(() => Module.typeText('qwen3-8'));
  await sleep(150);
  await page.evaluate(() => Module.pressKey(1));
  await sleep(300);
  const after = await page.evaluate(() => ({ hash: JSON.parse(Module.currentJson()).hash,
    search: JSON.parse(Module.fieldRect(2))[2] }));
  check('desktop: Enter in the model search picks the first match', /(^|&)model=qwen3-8b(&|$)/.test(after.hash) && after.search === 0,
    JSON.stringify(after));
  await context.close();
}

async function languageRule(browser) {
  const cases = [
    { name: 'a link with lang=ru opens a Russian interface', hash: fits + '&lang=ru', locale: 'en-US', want: 'ru' },
    { name: 'ui= wins over lang=', hash: fits + '&lang=ru&ui=en', locale: 'ru-RU', want: 'en' },
    { name: 'lang= that is no interface language: the browser decides', hash: fits + '&lang=de', locale: 'ru-RU', want: 'ru' },
    { name: 'no language in the link: the browser decides', hash: fits, locale: 'ru-RU', want: 'ru' },
  ];
  for (const c of cases) {
    const { context, page } = await open(browser, c.hash, desktop, c.locale);
    const got = await page.evaluate(() => document.documentElement.lang);
    check(`language: ${c.name}`, got === c.want, `browser ${c.locale}, ${c.hash.split('&').slice(-2).join('&')}: ${got}`);
    await context.close();
  }
}

async function formatsTable(browser) {
  // Hand-worked (tests/formats_fit_test.cpp): Llama 3.1 70B in 32 GiB, theory: only Q2_K fits,
  // (32 GiB - 2 GiB - 70,553,706,496 x 3.35 / 8 B) / 327,680 B per token = 8,141 tokens.
  const { context, page } = await open(browser, doesNotFit + '&runtime=theory', desktop);
  const rows = await page.evaluate(() => [...document.querySelectorAll('#formats tbody tr')]
    .map((tr) => ({ format: tr.dataset.format, tokens: Number(tr.dataset.tokens), fits: tr.dataset.fits })));
  check('mirror: one formats row per weight format', rows.length === 15, `${rows.length} rows`);
  const q2 = rows.find((r) => r.format === 'q2_k'), q3 = rows.find((r) => r.format === 'q3_k_m');
  check('mirror: Q2_K fits with 8,141 tokens', q2 && q2.tokens === 8141 && q2.fits === 'true', JSON.stringify(q2));
  check('mirror: Q3_K_M does not fit', q3 && q3.tokens === 0 && q3.fits === 'false', JSON.stringify(q3));
  await context.close();
}

async function wheelIsQuiet(browser) {
  const { context, page, consoleText } = await open(browser, fits, desktop);
  await page.mouse.move(640, 600);
  for (let i = 0; i < 5; i++) { await page.mouse.wheel(0, 120); await sleep(50); }
  await sleep(300);
  const bad = consoleText.filter((t) => /Unable to preventDefault inside passive event listener/.test(t));
  check('wheel: no "Unable to preventDefault inside passive event listener"', bad.length === 0, `${bad.length} warnings`);
  await context.close();
}

// A quick "Copy link" tap (down and up with no frame between) still copies: the shell arms the copy on
// pointerdown inside the button and copies on pointerup. The clipboard is recorded, not the system's.
async function quickCopyTap(browser) {
  const context = await browser.newContext({ ...desktop, locale: 'en-US' });
  await context.addInitScript(() => {
    window.__copied = [];
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: (t) => { window.__copied.push(t); return Promise.resolve(); } } });
  });
  const page = await context.newPage();
  await page.goto(pageUrl + fits);
  await page.waitForFunction(() => window.__frameCount > 2 && window.__cfCopyRect && window.__cfCopyRect[2] > 0, null, { timeout: 60000 });
  await sleep(300);
  const r = await page.evaluate(() => window.__cfCopyRect);
  await page.evaluate(([x, y]) => {
    const c = Module.canvas, o = { clientX: x, clientY: y, bubbles: true, pointerType: 'mouse', isPrimary: true };
    c.dispatchEvent(new PointerEvent('pointerdown', o));
    c.dispatchEvent(new PointerEvent('pointerup', o));
  }, [r[0] + r[2] / 2, r[1] + r[3] / 2]);
  await sleep(300);
  const copied = await page.evaluate(() => window.__copied);
  check('copy: a tap shorter than a frame copies the link', copied.length === 1 && copied[0].includes('#ram=1000GiB'), JSON.stringify(copied));
  await context.close();
}

async function screenshots(browser) {
  mkdirSync(shots, { recursive: true });
  for (const [device, dev] of [['phone', phone], ['desktop', desktop]]) {
    for (const ui of ['en', 'ru']) {
      for (const [state, hash] of [['fits', fits], ['does-not-fit', doesNotFit]]) {
        const { context, page, ready } = await open(browser, `${hash}&lang=${ui}`, dev);
        const path = `${shots}/${device}-${ui}-${state}.png`;
        await page.screenshot({ path });
        check(`screenshot ${device} ${ui} ${state}`, ready, path);
        await context.close();
      }
    }
  }
}

const browser = await launch();
try {
  await touchScrolls(browser);
  await flingCoasts(browser);
  await pinchKeepsLayout(browser);
  await enterPicksFirstMatch(browser);
  await languageRule(browser);
  await formatsTable(browser);
  await wheelIsQuiet(browser);
  await quickCopyTap(browser);
  await screenshots(browser);
} finally {
  await browser.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
