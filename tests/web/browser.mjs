// What every browser test starts with: Debian's Chromium driven by playwright-core, with WebGL in software
// (SwiftShader, as the CI machine has no GPU) and no background traffic, and the PASS/FAIL tally each test ends
// with as "N passed, N failed" (`passed` and `failed` are live: read them at the end).
import { chromium } from 'playwright-core';

const chromiumArgs = ['--no-sandbox', '--enable-unsafe-swiftshader', '--use-angle=swiftshader',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export const launch = (extraArgs = []) =>
  chromium.launch({ executablePath: '/usr/bin/chromium', args: [...chromiumArgs, ...extraArgs] });

export let passed = 0, failed = 0;
export function check(name, ok, detail = '') {
  if (ok) passed++; else failed++;
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${detail ? ` (${detail})` : ''}`);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
