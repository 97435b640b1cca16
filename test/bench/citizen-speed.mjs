#!/usr/bin/env node
/**
 * `node test/bench/citizen-speed.mjs`: the citizen's form on a bad connection (issue 12, finding 19).
 *
 * The demo survey (`/f/khao-sat-hai-long`) opened in Debian's Chromium at 360 px, cold cache (a new
 * browser context per run), with Chromium's Slow 3G figures — 400 ms round trip, 400 kbit/s down
 * and up (CDP `Network.emulateNetworkConditions`) — and a 4× CPU slowdown
 * (`Emulation.setCPUThrottlingRate`). Served by the Node server (dist/server, fresh data dir +
 * demo seed) behind a small gzip proxy in this process, as nginx or Cloudflare's edge compress in
 * production. Per run, measured in the page from navigation start (`performance.now()`):
 * - **first usable question**: the first animation frame in which the first question's control is
 *   in the document AND the page's styles apply to it (≥ 44 px tall): before that the citizen sees
 *   nothing, or unstyled text;
 * - **first contentful paint** (the browser's own `paint` entry);
 * - **island**: the island has hydrated (`<html data-island="ready">`);
 * - bytes our origin sent (gzip) and the requests made;
 * - where the time went: when the HTML and `/assets/form.js` arrived, and the island's own marks
 *   (`island:start` when its module runs, `island:hydrated` when `hydrate()` returned).
 * RUNS (7) runs; the median of each figure is printed (and the runs as JSON with `--json`).
 * Needs `npm run build` first (dist/web and dist/server). Nothing is written to docs/: the figures
 * are copied into docs/benchmarks.md ("Citizen form on Slow 3G") by hand, with the command.
 *
 * To compare with another build: `--base <checkout>` (e.g. `git worktree add ../base main`, then
 * `npm run build` there) serves that checkout too and alternates its runs with this one's, so both
 * get the same share of a shared machine's load; both are printed.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import {
  freePort,
  ROOT,
  readVars,
  seed,
  startNodeServer,
  stopProcess,
  waitForHealth,
} from '../../scripts/dev-server.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/helpers/chromium.mjs';

const RUNS = Number(process.env.RUNS ?? 7);
const PATH = process.env.BENCH_PATH ?? '/f/khao-sat-hai-long';
const SLOW_3G = {
  offline: false,
  latency: 400,
  downloadThroughput: (400 * 1000) / 8,
  uploadThroughput: (400 * 1000) / 8,
};

/** A gzip reverse proxy (text types only), as the production front does. */
function gzipProxy(target, port) {
  const server = http.createServer((req, res) => {
    const up = http.request(
      { host: '127.0.0.1', port: target, path: req.url, method: req.method, headers: req.headers },
      (r) => {
        const chunks = [];
        r.on('data', (c) => chunks.push(c));
        r.on('end', () => {
          let body = Buffer.concat(chunks);
          const headers = { ...r.headers };
          const type = String(headers['content-type'] ?? '');
          if (
            /gzip/.test(String(req.headers['accept-encoding'] ?? '')) &&
            /text|javascript|json|svg|manifest/.test(type) &&
            !headers['content-encoding'] &&
            body.length > 0
          ) {
            body = gzipSync(body);
            headers['content-encoding'] = 'gzip';
          }
          headers['content-length'] = String(body.length);
          delete headers['transfer-encoding'];
          res.writeHead(r.statusCode ?? 502, headers);
          res.end(body);
        });
      },
    );
    req.pipe(up);
    up.on('error', () => {
      res.writeHead(502);
      res.end();
    });
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

/** Runs in the page before any of its own code (CDP, not subject to the CSP). */
function probe() {
  const marks = {};
  window.__marks = marks;
  const tick = () => {
    const el = document.querySelector('#form-root input:not([type=hidden]), #form-root select');
    if (!marks.usable && el && el.getBoundingClientRect().height >= 44) marks.usable = performance.now();
    if (!marks.island && document.documentElement.dataset.island === 'ready')
      marks.island = performance.now();
    if (!marks.usable || !marks.island) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.name === 'first-contentful-paint') marks.fcp = e.startTime;
  }).observe({ type: 'paint', buffered: true });
}

async function oneRun(browser, url) {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'vi-VN',
  });
  const page = await context.newPage();
  await page.addInitScript(probe);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', SLOW_3G);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const origin = new URL(url).origin;
  let bytes = 0;
  let requests = 0;
  const ours = new Set();
  cdp.on('Network.requestWillBeSent', (e) => {
    if (e.request.url.startsWith(origin)) {
      ours.add(e.requestId);
      requests++;
    }
  });
  cdp.on('Network.loadingFinished', (e) => {
    if (ours.has(e.requestId)) bytes += e.encodedDataLength;
  });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => window.__marks?.usable && window.__marks?.island, null, {
    timeout: 30_000,
    polling: 50,
  });
  await page.waitForTimeout(300);
  const marks = await page.evaluate(() => {
    const m = window.__marks;
    // Where the time went: each script's request start and end, the island's own marks.
    m.scripts = performance
      .getEntriesByType('resource')
      .filter((r) => r.initiatorType === 'script' || r.name.endsWith('.js'))
      .map((r) => ({
        url: new URL(r.name).pathname,
        start: Math.round(r.startTime),
        end: Math.round(r.responseEnd),
      }));
    m.htmlEnd = Math.round(performance.getEntriesByType('navigation')[0]?.responseEnd ?? Number.NaN);
    for (const e of performance.getEntriesByType('mark')) m[e.name] = Math.round(e.startTime);
    return m;
  });
  await context.close();
  return {
    usable: Math.round(marks.usable),
    fcp: Math.round(marks.fcp ?? Number.NaN),
    island: Math.round(marks.island),
    kb: Math.round(bytes / 102.4) / 10,
    requests,
    htmlEnd: marks.htmlEnd,
    scripts: marks.scripts,
    islandStart: marks['island:start'],
    islandHydrated: marks['island:hydrated'],
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * One site: the Node server of the checkout at `root` (its own dist/, scripts and a fresh data dir
 * with the demo seed) behind the gzip proxy. Returns the form's URL and a stop function.
 */
async function startSite(root) {
  for (const f of ['dist/server/main.mjs', 'dist/web/assets/form.js']) {
    if (!fs.existsSync(path.join(root, f)))
      throw new Error(`${root}/${f} is missing: run \`npm run build\` there first`);
  }
  // The checkout's own helpers: they start ITS server from ITS dist.
  const dev =
    root === ROOT
      ? { freePort, readVars, seed, startNodeServer, waitForHealth }
      : await import(path.join(root, 'scripts/dev-server.mjs'));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lang-nghe-speed-'));
  const vars = { ...dev.readVars(path.join(root, '.dev.vars.example')), ENVIRONMENT: 'development' };
  const appPort = await dev.freePort();
  const child = dev.startNodeServer({
    port: appPort,
    dataDir,
    vars,
    stdio: ['ignore', 'ignore', 'inherit'],
    envFile: path.join(root, '.dev.vars.example'),
  });
  let proxy;
  const stop = async () => {
    proxy?.close();
    await stopProcess(child);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await dev.waitForHealth(`http://127.0.0.1:${appPort}`, { child });
    await dev.seed(`http://127.0.0.1:${appPort}`, vars.DEV_SEED_TOKEN);
    const port = await freePort();
    proxy = await gzipProxy(appPort, port);
    return { url: `http://localhost:${port}${PATH}`, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Medians of a series of runs, and the lines that print them. */
function report(label, runs, chromium) {
  const pick = (k) => median(runs.map((r) => r[k]));
  const summary = {
    path: PATH,
    runs: runs.length,
    usableMs: pick('usable'),
    fcpMs: pick('fcp'),
    islandMs: pick('island'),
    transferredKB: pick('kb'),
    requests: pick('requests'),
    date: new Date().toISOString().slice(0, 10),
    chromium,
  };
  const js = (r) => r.scripts.find((s) => s.url === '/assets/form.js') ?? {};
  const lines = [
    `${label}runs (usable/fcp/island): ${runs.map((r) => `${r.usable}/${r.fcp}/${r.island} ms`).join(', ')}`,
    `${label}median: HTML received ${median(runs.map((r) => r.htmlEnd))} ms, form.js requested ${median(runs.map((r) => js(r).start))} ms ` +
      `and received ${median(runs.map((r) => js(r).end))} ms, island starts ${median(runs.map((r) => r.islandStart))} ms, ` +
      `hydrated ${median(runs.map((r) => r.islandHydrated))} ms`,
    `${label}${PATH}, median of ${runs.length}: first usable question ${summary.usableMs} ms, first contentful paint ` +
      `${summary.fcpMs} ms, island ${summary.islandMs} ms, ${summary.transferredKB} KB transferred ` +
      `(gzip, headers included) in ${summary.requests} requests; Chromium ${chromium}`,
  ];
  return { summary, lines };
}

/**
 * `--base <checkout>`: the same measure of another checkout (e.g. `git worktree add ../base main`,
 * built there), its runs alternating with this one's in the same minutes — on a shared machine the
 * load drifts, and interleaving gives both builds the same share of it.
 */
async function main() {
  const at = process.argv.indexOf('--base');
  const base = at > 0 ? path.resolve(process.argv[at + 1] ?? '') : undefined;
  const sites = [];
  let browser;
  try {
    if (base) sites.push({ label: `base (${base}) `, runs: [], ...(await startSite(base)) });
    sites.push({ label: base ? `this (${ROOT}) ` : '', runs: [], ...(await startSite(ROOT)) });
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
      headless: true,
    });
    // Warm each server (its first render compiles code paths), not counted.
    for (const site of sites) await oneRun(browser, site.url);
    for (let i = 0; i < RUNS; i++) for (const site of sites) site.runs.push(await oneRun(browser, site.url));
    const reports = sites.map((site) => ({
      label: site.label,
      ...report(site.label, site.runs, browser.version()),
    }));
    if (process.argv.includes('--json')) {
      const out = reports.map((r, i) => ({ label: r.label.trim(), summary: r.summary, runs: sites[i].runs }));
      console.log(JSON.stringify(base ? out : out[0], null, 2));
    } else for (const r of reports) console.log(r.lines.join('\n'));
  } finally {
    await browser?.close();
    for (const site of sites) await site.stop();
  }
}

await main();
