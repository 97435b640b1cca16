/**
 * How every headless Chromium of the project starts (Debian's `/usr/bin/chromium` or CHROMIUM_PATH,
 * driven by playwright-core): the browser tests (test/e2e/helpers/browser.ts) and the citizen
 * speed bench (test/bench/citizen-speed.mjs).
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];
