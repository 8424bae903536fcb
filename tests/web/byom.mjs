// Browser test of "bring your own model": a GGUF (one file or all parts of a split) chosen in the page, a
// config.json pasted, a garbage file, and the share link that carries the file's architecture fields.
// Usage: node tests/web/byom.mjs [path/to/contextfit.html]      (build first: scripts/build-web)
// Needs the native build (default build/native, or CONTEXTFIT_BUILD): its `contextfit` gives the expected figures
// and its gguf_test has written the sparse fixtures in tests/gguf_fixtures (real headers, unwritten data).
// Screenshots: build/artifacts/byom-*.png (or CONTEXTFIT_ARTIFACTS). Ends with "N passed, N failed".
import { check, failed, launch, passed, sleep } from './browser.mjs';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const pagePath = resolve(process.argv[2] ?? `${repo}/dist/contextfit.html`);
const build = resolve(process.env.CONTEXTFIT_BUILD ?? `${repo}/build/native`);
const artifacts = process.env.CONTEXTFIT_ARTIFACTS ?? `${repo}/build/artifacts`;
const cli = join(build, 'contextfit');
const fixtures = join(build, 'tests', 'gguf_fixtures');
const configs = join(repo, 'tests', 'data', 'configs');
const ram = '64GiB';

// The CLI's answer for the same input: the figures #result carries as data-* attributes.
function cliFigures(args) {
  const j = JSON.parse(execFileSync(cli, ['fit', '--ram', ram, ...args, '--json'], { stdio: ['ignore', 'pipe', 'ignore'] }));
  return { tokens: String(j.tokens), megabytes: String(j.text.megabytes), pages: String(j.text.pages),
           limitedBy: j.limited_by, weightsBytes: String(j.weights_bytes), kvBytesPerToken: String(j.kv_bytes_per_token) };
}

async function resultData(page) {
  return page.evaluate(() => {
    const d = document.getElementById('result').dataset;
    return { tokens: d.tokens, megabytes: d.megabytes, pages: d.pages, limitedBy: d.limitedBy,
             weightsBytes: d.weightsBytes, kvBytesPerToken: d.kvBytesPerToken };
  });
}

function same(got, want) {
  const diff = Object.keys(want).filter((k) => got[k] !== want[k]);
  return { ok: diff.length === 0, detail: diff.length ? diff.map((k) => `${k}: page ${got[k]}, CLI ${want[k]}`).join('; ')
    : `tokens ${got.tokens}, weights ${got.weightsBytes} B, ${got.kvBytesPerToken} B/token` };
}

async function openPage(browser, url, { viewport = { width: 1440, height: 900 }, scale = 1 } = {}) {
  const context = await browser.newContext({ viewport, locale: 'en-US', deviceScaleFactor: scale });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(url);
  const ready = await page.waitForFunction(() => document.getElementById('result').dataset.tokens !== undefined,
    null, { timeout: 30000 }).then(() => true, () => false);
  return { context, page, errors, ready };
}

// Waits until the page publishes a result for "your model" (or a notice, on errors).
async function waitForFileModel(page) {
  return page.waitForFunction(() => JSON.parse(Module.currentJson()).inputs.model === 'your-model',
    null, { timeout: 30000 }).then(() => true, () => false);
}

async function screenshot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  await page.waitForFunction(() => window.__frameCount > 2, null, { timeout: 10000 }).catch(() => {});
  await sleep(400);
  await page.screenshot({ path: `${artifacts}/${name}.png` });
  return `${artifacts}/${name}.png`;
}

const firePaste = (page, text) => page.evaluate((t) => {
  const data = new DataTransfer();
  data.setData('text/plain', t);
  document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
}, text);

async function run() {
  for (const [what, path] of [['page', pagePath], ['CLI', cli], ['GGUF fixtures (run gguf_test)', join(fixtures, 'llama-3.1-8b.gguf')]]) {
    if (!existsSync(path)) { check(`${what} exists`, false, `${path} missing`); return; }
  }
  const base = pathToFileURL(pagePath).href;
  const browser = await launch();
  try {
    // 1. A 4.5 GB GGUF (sparse: header + unwritten data) chosen with the file input: the CLI's figures, exact
    //    weights from the tensor table, and only the header read.
    const llama = join(fixtures, 'llama-3.1-8b.gguf');
    let link = '';
    {
      const { context, page, errors, ready } = await openPage(browser, `${base}#ram=${ram}`);
      await page.setInputFiles('#f-file', llama);
      const loaded = ready && await waitForFileModel(page);
      const got = await resultData(page);
      const s = same(got, cliFigures(['--gguf', llama]));
      check('GGUF: data-* equal `contextfit fit --gguf`', loaded && s.ok, s.detail);
      const j = await page.evaluate(() => JSON.parse(Module.currentJson()));
      const fm = j.file_model || {};
      check('GGUF: the picker lists "your model" first', j.options.model[0]?.id === 'your-model' && /Llama 3\.1 8B/.test(j.options.model[0]?.name ?? ''),
        JSON.stringify(j.options.model[0]));
      check('GGUF: figures of the file (params, layers by kind, context)', fm.n_params === 8030261248 && fm.n_layer === 32
        && fm.n_layer_full === 32 && fm.n_ctx_limit === 131072, JSON.stringify(fm));
      const size = statSync(llama).size;
      const m = /read ([\d.,]+)\s(KiB|MiB) of ([\d.,]+)\sGiB \(header only\)/.exec(fm.origin ?? '');
      const readBytes = m ? parseFloat(m[1].replace(',', '')) * (m[2] === 'KiB' ? 1024 : 1048576) : Infinity;
      check('GGUF: only the header was read ("read N KB of M GB")', m && readBytes < 8 * 1048576 && size > 4e9, fm.origin);
      link = await page.evaluate(() => location.hash);
      check('GGUF: the link carries arch=, name=, tok= and no model=', /[#&]arch=l32\.e4096\.h32\.kv8\./.test(link)
        && /&name=/.test(link) && /&tok=/.test(link) && !/[#&]model=/.test(link) && link.length < 600, link);
      check('GGUF screenshot', true, await screenshot(page, 'byom-gguf-desktop'));
      check('GGUF: no page errors', errors.length === 0, errors.join(' | '));
      await context.close();
    }
    // 2. The link alone (no file) reproduces the result after a reload.
    {
      const { context, page, errors, ready } = await openPage(browser, base + link);
      const got = await resultData(page);
      const s = same(got, cliFigures(['--gguf', llama]));
      const j = await page.evaluate(() => JSON.parse(Module.currentJson()));
      check('link with arch fields reproduces the result', ready && s.ok && j.inputs.model === 'your-model'
        && j.notices.length === 0, `${s.detail}; notices ${JSON.stringify(j.notices)}`);
      await page.reload();
      await page.waitForFunction(() => document.getElementById('result').dataset.tokens !== undefined, null, { timeout: 30000 }).catch(() => {});
      const again = same(await resultData(page), cliFigures(['--gguf', llama]));
      check('... and again after reload', again.ok, again.detail);
      check('link: no page errors', errors.length === 0, errors.join(' | '));
      await context.close();
    }
    // 3. All parts of a split GGUF chosen together: weights summed over the parts, as the CLI's --gguf.
    {
      const parts = [3, 1, 2].map((i) => join(fixtures, `split-0000${i}-of-00003.gguf`));  // any order
      const { context, page, ready } = await openPage(browser, `${base}#ram=${ram}`);
      await page.setInputFiles('#f-file', parts);
      const loaded = ready && await waitForFileModel(page);
      const s = same(await resultData(page), cliFigures(['--gguf', ...parts.slice().sort()]));
      check('split GGUF: data-* equal the CLI (weights of all parts)', loaded && s.ok, s.detail);
      await context.close();
    }
    // 4. A pasted config.json of Llama 3.1 8B gives the catalog entry's figures (weights from the format).
    const configText = readFileSync(join(configs, 'llama-3.1-8b.json'), 'utf8');
    {
      const { context, page, errors, ready } = await openPage(browser, `${base}#ram=${ram}&weights=q4_k_m`);
      await page.waitForFunction(() => window.__frameCount > 0, null, { timeout: 30000 }).catch(() => {});
      await firePaste(page, configText);  // onto the page, no field active
      const loaded = ready && await waitForFileModel(page);
      const s = same(await resultData(page), cliFigures(['--model', 'llama-3.1-8b', '--weights', 'q4_k_m']));
      check('pasted config.json: data-* equal `--model llama-3.1-8b`', loaded && s.ok, s.detail);
      const cfgLink = await page.evaluate(() => location.hash);
      check('config: the link has no weights bytes (w)', /arch=/.test(cfgLink) && !/\.w\d/.test(cfgLink), cfgLink);
      check('config screenshot', true, await screenshot(page, 'byom-config-desktop'));
      check('config: no page errors', errors.length === 0, errors.join(' | '));
      await context.close();
    }
    // 5. The same text through the HTML form's textarea (accessible view), on a phone.
    {
      const { context, page, ready } = await openPage(browser, `${base}#ram=${ram}`, { viewport: { width: 390, height: 844 }, scale: 2 });
      await page.evaluate((t) => { document.getElementById('f-config').value = t; }, configText);
      await page.evaluate(() => document.getElementById('tv-file').requestSubmit());
      const loaded = ready && await waitForFileModel(page);
      const s = same(await resultData(page), cliFigures(['--model', 'llama-3.1-8b']));
      check('config in the textarea: data-* equal the CLI', loaded && s.ok, s.detail);
      check('phone screenshot', true, await screenshot(page, 'byom-config-phone'));
      await context.close();
    }
    // 6. Garbage: a file with the GGUF magic and nonsense after it, and one that is neither GGUF nor JSON.
    for (const bad of [
      { name: 'junk.gguf', buffer: Buffer.concat([Buffer.from('GGUF'), Buffer.from([3, 0, 0, 0]), Buffer.alloc(64, 0xff)]), expect: /junk\.gguf: .*(count|offset)/ },
      { name: 'photo.jpg', buffer: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]), expect: /photo\.jpg: .*JSON/ },
      // The reader's message names config.json already; the page does not name the file twice.
      { name: 'config.json', buffer: Buffer.from('{"model_type": "llama", "num_hidden_layers": -4}'), expect: /^config\.json: field 'num_hidden_layers'/ },
      { name: 'llama.json', buffer: Buffer.from('{"model_type": "llama", "num_hidden_layers": -4}'), expect: /^llama\.json: config\.json: field 'num_hidden_layers'/ },
    ]) {
      const { context, page, errors, ready } = await openPage(browser, `${base}#ram=${ram}&model=qwen3-8b`);
      const before = await resultData(page);
      await page.setInputFiles('#f-file', { name: bad.name, mimeType: 'application/octet-stream', buffer: bad.buffer });
      await page.waitForFunction(() => document.querySelectorAll('#notices li').length > 0, null, { timeout: 10000 }).catch(() => {});
      const notices = await page.$$eval('#notices li', (els) => els.map((e) => e.textContent));
      const after = await resultData(page);
      const model = await page.evaluate(() => JSON.parse(Module.currentJson()).inputs.model);
      check(`garbage ${bad.name}: an error notice, the page keeps its model`, ready && notices.some((n) => bad.expect.test(n))
        && model === 'qwen3-8b' && after.tokens === before.tokens && errors.length === 0,
        `${notices.join(' | ')}; model ${model}; ${errors.join(' | ')}`);
      if (bad.name === 'junk.gguf') check('garbage screenshot', true, await screenshot(page, 'byom-garbage-desktop'));
      await context.close();
    }
    // 7. A bad arch= in a link: the usual notice, the rest of the link applies.
    {
      const { context, page, ready } = await openPage(browser, `${base}#ram=${ram}&arch=l32.e4096.h32.kv5.dk128.dv128.ctx131072.p1&seqs=2`);
      const j = await page.evaluate(() => JSON.parse(Module.currentJson()));
      check('bad arch= gives a notice naming the problem', ready && j.notices.length === 1
        && /^arch=.*not a multiple of n_head_kv \(5\)/.test(j.notices[0]) && j.inputs.seqs === 2 && j.inputs.model !== 'your-model',
        JSON.stringify(j.notices));
      await context.close();
    }
  } finally {
    await browser.close();
  }
}

try {
  await run();
} catch (e) {
  check('byom test ran', false, String(e?.stack ?? e));
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
