// Browser smoke test of the bare ImGui page (bench/web/hello), loaded as a single file over file://.
// Usage: node tests/web/smoke.mjs [path/to/page.html]   (default build/hello-wasm/hello.html)
// Needs: scripts/setup --web (Debian chromium, npm playwright-core) and the page built.
// Checks: first frame drawn (page sets window.__firstFrameMs), no network request besides the file,
// no page errors, text visible in the screenshot (build/artifacts/hello.png), and render on demand:
// no frames while idle, frames after input, idle again afterwards.
import { check, failed, launch, passed, sleep } from './browser.mjs';
import { mkdirSync, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const pagePath = resolve(process.argv[2] ?? `${repo}/build/hello-wasm/hello.html`);
const screenshotPath = `${repo}/build/artifacts/hello.png`;

// Counts light pixels (ImGui's default text colour is white on a dark window) in a PNG by decoding
// it in a blank page, which needs no PNG library.
async function countTextPixels(context, png) {
  const page = await context.newPage();
  const count = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width; c.height = img.height;
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const px = ctx.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < px.length; i += 4) if (px[i] > 200 && px[i + 1] > 200 && px[i + 2] > 200) n++;
    return n;
  }, png.toString('base64'));
  await page.close();
  return count;
}

async function run() {
  if (!existsSync(pagePath)) {
    check('page exists', false, `${pagePath} missing: build it first (docs/web-toolchain.md)`);
    return;
  }
  const pageUrl = pathToFileURL(pagePath).href;
  const browser = await launch();
  try {
    const context = await browser.newContext({ viewport: { width: 800, height: 600 } });
    const page = await context.newPage();
    const requests = [];
    const errors = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });

    await page.goto(pageUrl);
    const firstFrameMs = await page.waitForFunction(() => window.__firstFrameMs, null, { timeout: 30000 })
      .then((h) => h.jsonValue()).catch(() => null);
    check('first frame rendered', firstFrameMs !== null,
      firstFrameMs !== null ? `first frame at ${firstFrameMs.toFixed(0)} ms after navigation start` : 'timed out');
    if (firstFrameMs === null) return;

    const dataError = await page.evaluate(() => document.body.getAttribute('data-error'));
    check('no start-up error', dataError === null, dataError ?? '');

    // The page is idle once its settle frames are done.
    await sleep(500);
    const idleStart = await page.evaluate(() => window.__frameCount);
    await sleep(1500);
    const idleEnd = await page.evaluate(() => window.__frameCount);
    check('no frames while idle', idleEnd === idleStart, `${idleStart} -> ${idleEnd} frames over 1.5 s`);

    await page.mouse.move(60, 50);
    await page.mouse.move(80, 60);
    await sleep(300);
    const afterInput = await page.evaluate(() => window.__frameCount);
    check('input wakes rendering', afterInput > idleEnd, `${idleEnd} -> ${afterInput} frames`);
    await sleep(1200);
    const settled = await page.evaluate(() => window.__frameCount);
    await sleep(1000);
    const settledLater = await page.evaluate(() => window.__frameCount);
    check('idle again after input', settledLater === settled, `${settled} -> ${settledLater} frames over 1 s`);

    mkdirSync(dirname(screenshotPath), { recursive: true });
    const png = await page.screenshot({ path: screenshotPath });
    const textPixels = await countTextPixels(context, png);
    check('text drawn', textPixels > 100, `${textPixels} light pixels; ${screenshotPath}`);

    const network = requests.filter((u) => u !== pageUrl && !u.startsWith('data:'));
    check('no network requests', network.length === 0, network.length ? network.join(', ') : `${requests.length} request(s), all local`);
    check('no page errors', errors.length === 0, errors.join(' | '));
  } finally {
    await browser.close();
  }
}

try {
  await run();
} catch (e) {
  check('smoke test ran', false, String(e?.stack ?? e));
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
