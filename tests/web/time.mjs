// Browser test of the page's time panel: hardware from a share link, the mirror's speed and placement checked
// against core/speed.h run natively.
// Usage: node tests/web/time.mjs [path/to/contextfit.html]     (build first: scripts/build-web)
// Expected values: build/native/tests/speed_reference (tests/speed_reference.cpp) prints estimate_speed's answer
// for the same inputs, built from core calls only; a link with a custom device is checked against the CLI's
// `contextfit time` for the same --hardware spec (build/native/contextfit), its notes in Russian included. Without
// the native tools the comparisons are skipped (FAIL).
// Screenshots at phone (390x844) and desktop (1440x900) size in English and Russian: build/screenshots/.
// Ends with "N passed, N failed"; exit code 1 on any failure.
import { check, failed, launch, passed, sleep } from './browser.mjs';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const pagePath = resolve(process.argv[2] ?? `${repo}/dist/contextfit.html`);
const reference = `${repo}/build/native/tests/speed_reference`;
const cli = `${repo}/build/native/contextfit`;
const shots = `${repo}/build/screenshots`;

// The page's wasm and the native build may round a libm call differently in the last bits: 1e-9 relative.
const close = (a, b) => Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));

const cases = [
  { name: 'cpu', hash: '#ram=1000GiB&model=deepseek-v3&weights=q4_k_m&kv=q8_0&hw=xeon-6980p',
    args: ['--model', 'deepseek-v3', '--weights', 'q4_k_m', '--kv', 'q8_0', '--ram', '1000GiB', '--hw', 'xeon-6980p'] },
  { name: 'gpu+ram', hash: '#ram=1000GiB&model=llama-3.1-70b&weights=q4_k_m&hw=epyc-9654,rtx-4090:2',
    args: ['--model', 'llama-3.1-70b', '--weights', 'q4_k_m', '--ram', '1000GiB', '--hw', 'epyc-9654', '--hw', 'rtx-4090:2'] },
];

async function openPage(browser, url, { viewport = { width: 1440, height: 900 }, locale = 'en-US', speed = true } = {}) {
  const context = await browser.newContext({ viewport, locale });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  const ready = await page.waitForFunction((speed) => {
    const r = document.getElementById('result');
    return (speed ? r.dataset.decodeTps ?? r.dataset.speedError : r.dataset.tokens) !== undefined ||
      r.dataset.error !== undefined;
  }, speed, { timeout: 60000 }).then(() => true, () => false);
  return { context, page, errors, ready };
}

async function mirror(page) {
  return page.evaluate(() => {
    const r = document.getElementById('result');
    const rows = [...document.querySelectorAll('#placement tbody tr')].map((tr) => ({
      id: tr.dataset.device, count: Number(tr.dataset.count), weights_bytes: Number(tr.dataset.weightsBytes),
      kv_bytes: Number(tr.dataset.kvBytes), layers: Number(tr.dataset.layers) }));
    return { decode: Number(r.dataset.decodeTps), prefill: Number(r.dataset.prefillSeconds),
             tokens: Number(r.dataset.tokens), speedError: r.dataset.speedError, verdict: r.textContent,
             notices: document.getElementById('notices').textContent, hash: location.hash, rows };
  });
}

async function screenshot(page, name, scrolls) {
  mkdirSync(shots, { recursive: true });
  await page.mouse.move(200, 400);
  for (let i = 0; i < scrolls; i++) { await page.mouse.wheel(0, 400); await sleep(60); }
  await sleep(400);
  await page.screenshot({ path: `${shots}/${name}.png` });
}

async function compareWithCore(browser, base, c) {
  const { context, page, errors, ready } = await openPage(browser, base + c.hash);
  check(`${c.name}: page computes the time`, ready, errors.join(' | '));
  if (!ready) return context.close();
  const got = await mirror(page);
  if (!existsSync(reference)) {
    check(`${c.name}: native reference built (cmake --build build/native --target speed_reference)`, false);
    return context.close();
  }
  const want = JSON.parse(execFileSync(reference, c.args));
  check(`${c.name}: tokens equal the core's`, got.tokens === want.tokens, `page ${got.tokens}, core ${want.tokens}`);
  check(`${c.name}: data-decode-tps equals the core's`, close(got.decode, want.decode_tokens_per_s),
    `page ${got.decode}, core ${want.decode_tokens_per_s}`);
  check(`${c.name}: data-prefill-seconds equals the core's`, close(got.prefill, want.prefill_seconds),
    `page ${got.prefill}, core ${want.prefill_seconds}`);
  check(`${c.name}: one placement row per device`, got.rows.length === want.devices.length,
    `page ${got.rows.length}, core ${want.devices.length}`);
  want.devices.forEach((d, i) => {
    const r = got.rows[i] ?? {};
    check(`${c.name}: row ${i} is ${d.id} with the core's bytes and layers`,
      r.id === d.id && r.count === d.count && r.weights_bytes === d.weights_bytes && r.kv_bytes === d.kv_bytes &&
      r.layers === d.layers, JSON.stringify(r));
  });
  // The verdict gives the reading time in human units and the answer speed.
  check(`${c.name}: the verdict says the time`, /Reading them takes ≈ .+ tokens\/s/.test(got.verdict), got.verdict);
  check(`${c.name}: the link keeps the hardware`, got.hash.includes(c.hash.slice(c.hash.indexOf('hw='))), got.hash);
  await context.close();
}

// A custom device rides in the link as the CLI's --hardware spec: the page that opens the link shows what
// `contextfit time` says for that spec at the page's context (its tokens, read from empty), in the page's language.
const custom = { spec: 'custom-gpu:24GiB:1008GB/s:82.6TFLOPS',
  hash: '#ram=128GiB&model=llama-3.1-70b&weights=q4_k_m&hw=epyc-9654,custom-gpu:24GiB:1008GB/s:82.6TFLOPS&ui=ru',
  args: ['time', '--model', 'llama-3.1-70b', '--weights', 'q4_k_m', '--ram', '128GiB', '--hardware', 'epyc-9654',
    '--hardware', 'custom-gpu:24GiB:1008GB/s:82.6TFLOPS', '--ui', 'ru', '--json'] };

async function customDevice(browser, base) {
  const { context, page, errors, ready } = await openPage(browser, base + custom.hash);
  check('custom device: page computes the time', ready, errors.join(' | '));
  if (!ready) return context.close();
  const got = await mirror(page);
  const notes = await page.evaluate(() => JSON.parse(Module.currentJson()).speed?.notes ?? []);
  if (!existsSync(cli)) {
    check('custom device: the CLI built (cmake --build build/native --target contextfit)', false);
    return context.close();
  }
  const depth = String(got.tokens);
  const want = JSON.parse(execFileSync(cli, [...custom.args, '--depth', depth, '--tokens', depth]));
  check('custom device: data-decode-tps equals contextfit time', close(got.decode, want.decode_tokens_per_s),
    `page ${got.decode}, cli ${want.decode_tokens_per_s}`);
  check('custom device: data-prefill-seconds equals contextfit time', close(got.prefill, want.prefill_seconds),
    `page ${got.prefill}, cli ${want.prefill_seconds}`);
  const devices = want.placement.devices;
  check('custom device: one placement row per device', got.rows.length === devices.length,
    `page ${got.rows.length}, cli ${devices.length}`);
  devices.forEach((d, i) => {
    const r = got.rows[i] ?? {};
    check(`custom device: row ${i} is ${d.id} with the CLI's bytes and layers`,
      r.id === d.id && r.count === d.count && r.weights_bytes === d.weights_bytes && r.kv_bytes === d.kv_bytes &&
      r.layers === d.layers, JSON.stringify(r));
  });
  check('custom device: the link keeps the spec', got.hash.includes(custom.spec), got.hash);
  // The time panel's notes come from core in the page's language: the CLI's --ui ru notes, word for word.
  check('custom device: the notes are the CLI\'s, in Russian', notes.length > 0 &&
    JSON.stringify(notes) === JSON.stringify(want.notes) && notes.every((n) => /[а-я]/.test(n)),
    JSON.stringify(notes));
  await context.close();
}

async function badCustomDevice(browser, base) {
  // GB/h is no rate: the notice names that part and the accepted form; the catalog device stays.
  const { context, page, ready } = await openPage(browser,
    base + '#ram=1000GiB&model=deepseek-v3&hw=xeon-6980p,custom-gpu:24GiB:1008GB/h:82TFLOPS');
  const got = await mirror(page);
  check('bad custom device: a notice naming the part and the form',
    ready && got.notices.includes('1008GB/h') && got.notices.includes('custom-KIND:MEMORY:BANDWIDTH:COMPUTE'),
    got.notices);
  check('bad custom device: the catalog device is still timed', got.rows.length === 1 && got.rows[0].id === 'xeon-6980p',
    JSON.stringify(got.rows));
  await context.close();
}

async function unknownDevice(browser, base) {
  // No device is left, so no speed: the page still answers and names the nearest id.
  const { context, page, ready } = await openPage(browser, base + '#ram=64GiB&model=llama-3.1-8b&hw=rtx-409:2',
    { speed: false });
  const got = await mirror(page);
  check('unknown hw id: a notice naming the nearest id', ready && got.notices.includes('rtx-4090'), got.notices);
  check('unknown hw id: no speed figures', Number.isNaN(got.decode) && got.rows.length === 0);
  await context.close();
}

async function screenshots(browser, base) {
  const link = base + cases[1].hash;
  for (const [ui, locale] of [['en', 'en-US'], ['ru', 'ru-RU']]) {
    for (const [size, viewport, scrolls] of [['phone', { width: 390, height: 844 }, 6], ['desktop', { width: 1440, height: 900 }, 0]]) {
      const { context, page, ready } = await openPage(browser, `${link}&ui=${ui}`, { viewport, locale });
      if (ready) await screenshot(page, `time-${ui}-${size}`, scrolls);
      if (ready && size === 'phone') await screenshot(page, `time-${ui}-${size}-chart`, 6);
      check(`screenshot ${ui} ${size}`, ready);
      await context.close();
    }
  }
}

const browser = await launch();
try {
  const base = pathToFileURL(pagePath).href;
  for (const c of cases) await compareWithCore(browser, base, c);
  await unknownDevice(browser, base);
  await customDevice(browser, base);
  await badCustomDevice(browser, base);
  await screenshots(browser, base);
} finally {
  await browser.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
