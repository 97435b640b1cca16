/**
 * Browser helpers for the end-to-end tests: Debian's Chromium driven by playwright-core, axe-core
 * accessibility checks, first-visit page weight, screenshots.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { type BrowserContext, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.mjs';

const ROOT = path.resolve(import.meta.dirname, '../../..');
export const ARTIFACTS = path.join(ROOT, 'test/e2e/artifacts');

/** A citizen's phone: small viewport, touch, Vietnamese. */
export const PHONE: BrowserContextOptions = {
  viewport: { width: 360, height: 740 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'vi-VN',
  timezoneId: 'Asia/Ho_Chi_Minh',
};

/** A staff member's office PC. */
export const DESKTOP: BrowserContextOptions = {
  viewport: { width: 1366, height: 768 },
  locale: 'vi-VN',
  timezoneId: 'Asia/Ho_Chi_Minh',
};

/**
 * Launches Chromium (`/usr/bin/chromium`, or CHROMIUM_PATH) with a fresh temporary profile and
 * opens one context. Close it with the returned `close()`, which also deletes the profile.
 * @example const { context, close } = await openBrowser({ ...PHONE, javaScriptEnabled: false })
 */
export async function openBrowser(options: BrowserContextOptions = {}) {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lang-nghe-chromium-'));
  const context: BrowserContext = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
    ...options,
  });
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

const axeSource = () => fs.readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core (WCAG 2.x A/AA rules) on the page and returns the serious and critical violations.
 * The source is evaluated through the DevTools protocol (`page.evaluate`), not a `<script>` tag:
 * our CSP forbids inline scripts, and DevTools evaluation is not subject to it. Needs JavaScript
 * enabled in the context.
 */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource());
  const violations = (await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: unknown[] }> };
      }
    ).axe;
    const res = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return res.violations;
  })) as AxeViolation[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** One line per violation, for assertion messages. */
export function describeViolations(vs: AxeViolation[]): string {
  return vs
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
    .join('\n');
}

export interface PageWeight {
  /** Bytes transferred for our own HTML+CSS+JS, gzip (what the budget limits). */
  gzipBytes: number;
  /** The same bodies uncompressed. */
  rawBytes: number;
  resources: { url: string; type: string; gzipBytes: number; rawBytes: number }[];
}

const WEIGHED = new Set(['Document', 'Stylesheet', 'Script']);

/**
 * Visits `url` with the cache disabled and sums what our own origin sent for HTML, CSS and JS,
 * gzip-compressed. Transfer sizes come from CDP `Network.loadingFinished.encodedDataLength`
 * (headers + body as sent). Where the local server sent a body uncompressed (wrangler dev does
 * not always compress, Cloudflare's edge does), the body is gzipped here and its compressed size
 * replaces the raw one, so the figure is what a phone would download from production.
 */
export async function pageWeight(page: Page, url: string): Promise<PageWeight> {
  const origin = new URL(url).origin;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const seen = new Map<string, { url: string; type: string; encoded: boolean }>();
  const finished = new Map<string, number>();
  cdp.on('Network.responseReceived', (e) => {
    if (!e.response.url.startsWith(origin) || !WEIGHED.has(e.type)) return;
    const headers = Object.fromEntries(
      Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]),
    );
    seen.set(e.requestId, { url: e.response.url, type: e.type, encoded: !!headers['content-encoding'] });
  });
  cdp.on('Network.loadingFinished', (e) => finished.set(e.requestId, e.encodedDataLength));
  await page.goto(url, { waitUntil: 'networkidle' });

  const resources: PageWeight['resources'] = [];
  for (const [id, r] of seen) {
    const transferred = finished.get(id) ?? 0;
    const { body, base64Encoded } = await cdp.send('Network.getResponseBody', { requestId: id });
    const raw = Buffer.from(body, base64Encoded ? 'base64' : 'utf8');
    const gzipBytes = r.encoded ? transferred : transferred - raw.length + gzipSync(raw).length;
    resources.push({ url: r.url.slice(origin.length), type: r.type, gzipBytes, rawBytes: raw.length });
  }
  await cdp.detach();
  return {
    gzipBytes: resources.reduce((s, r) => s + r.gzipBytes, 0),
    rawBytes: resources.reduce((s, r) => s + r.rawBytes, 0),
    resources,
  };
}

/** Saves a full-page screenshot to test/e2e/artifacts/<name>.png (git-ignored). */
export async function screenshot(page: Page, name: string) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}
