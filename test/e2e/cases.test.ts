/**
 * The case journey: a citizen on a phone files identified feedback with a photo and keeps the
 * code + PIN; intake classifies and forwards in the console, and issues a new PIN when the
 * reporter lost theirs, and downloads the case file (PDF with the consent record; JSON with the
 * identity when ticked); the handler answers, and its case file carries neither consent record nor
 * identity; the citizen reads the answer with the new PIN and rates it. Along the way a real local receiver (a Node HTTP
 * server on 127.0.0.1) gets the signed `case.created`/`case.forwarded` webhooks from `wrangler dev`,
 * and neither the handler's page nor any webhook carries the reporter's identity.
 */
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { pdfText } from '../unit/ballots-pdftext';
import { DESKTOP, describeViolations, openBrowser, PHONE, runAxe, screenshot } from './helpers/browser';
import { staffApi } from './helpers/staff';

const base = inject('baseUrl');
const password = inject('demoPassword');
const FORM = `${base}/f/phan-anh-can-bo`;
const NAME = 'Lê Thị Kín Đáo';
const PHONE_NO = '0987654321';
/** A 1×1 PNG: the photo the citizen attaches. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

interface Hook {
  event: string;
  body: string;
  signature: string;
}
const hooks: Hook[] = [];
let receiver: http.Server;
let secret = '';
let unsubscribe: (() => Promise<void>) | undefined;
let citizen: Awaited<ReturnType<typeof openBrowser>>;
let office: Awaited<ReturnType<typeof openBrowser>>;
const shared: { code?: string; pin?: string; caseId?: string } = {};

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      hooks.push({
        event: String(req.headers['x-langnghe-event']),
        body,
        signature: String(req.headers['x-langnghe-signature']),
      });
      res.end('ok');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const port = (receiver.address() as { port: number }).port;
  const admin = await staffApi(base, 'admin@langnghe.demo', password);
  const hook = await admin.post<{ id: string; secret: string }>('/api/cases/admin/webhooks', {
    url: `http://127.0.0.1:${port}/hook`,
    events: ['case.created', 'case.forwarded', 'case.answered'],
  });
  secret = hook.secret;
  // Later files share the server: the subscription goes when this file is done.
  unsubscribe = async () => {
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify({ email: 'admin@langnghe.demo', password }),
    });
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .find((c) => c.startsWith('ln_session='));
    await fetch(`${base}/api/cases/admin/webhooks/${hook.id}`, {
      method: 'DELETE',
      headers: { cookie: cookie ?? '', origin: base },
    });
  };
  citizen = await openBrowser(PHONE);
  office = await openBrowser({ ...DESKTOP, acceptDownloads: true });
});

afterAll(async () => {
  await unsubscribe?.();
  await citizen?.close();
  await office?.close();
  await new Promise((r) => receiver?.close(r));
});

async function signIn(email: string) {
  const page = await office.context.newPage();
  await page.goto(`${base}/console/login`);
  await page.getByLabel('Thư điện tử').fill(email);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
  return page;
}

/** Clicks a download link and returns the file's name and bytes. */
async function download(page: import('playwright-core').Page, link: string) {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: link }).click(),
  ]);
  const chunks: Buffer[] = [];
  for await (const ch of await file.createReadStream()) chunks.push(ch as Buffer);
  return { name: file.suggestedFilename(), bytes: Buffer.concat(chunks) };
}

/** What the journey reads in a downloaded case file (JSON). */
interface CaseFile {
  consent: { version: string; hash: string; text: { vi: string } } | null;
  identity: Record<string, string> | null;
  files: { name: string; type: string }[];
}

async function signOut(page: import('playwright-core').Page) {
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await page.waitForURL(/\/console\/login/);
  await page.close();
}

describe('case journey', () => {
  it('the citizen files identified feedback with a photo on a phone and gets code + PIN', async () => {
    const page = await citizen.context.newPage();
    await page.goto(FORM, { waitUntil: 'networkidle' });
    await page.getByLabel('Cán bộ, đảng viên được góp ý').selectOption({ index: 1 });
    await page
      .getByLabel(/Nội dung góp ý, phản ánh/)
      .fill('Cán bộ phường hẹn nhiều lần không giải quyết hồ sơ.');
    const photo = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ln-photo-')), 'anh.png');
    fs.writeFileSync(photo, PNG);
    await page.locator('input[type="file"]').setInputFiles(photo);
    await page.getByText('anh.png').waitFor();
    await page.locator('input[name="id.name"]').fill(NAME);
    await page.locator('input[name="id.phone"]').fill(PHONE_NO);
    await page.locator('input[name="consent"]').check();
    await page.getByRole('button', { name: 'Gửi' }).click();
    const pin = page.locator('#case-pin span[aria-hidden="true"]');
    await pin.waitFor({ timeout: 15_000 });
    shared.pin = (await pin.textContent())!.trim();
    // One way in (issue 12, finding 7): the receipt's only link is the lookup page /r/{code}.
    const href = (await page.locator('#receipt a[href^="/r/"]').getAttribute('href'))!;
    shared.code = decodeURIComponent(href.slice(3).split('?')[0]!);
    expect(shared.pin).toMatch(/^\d{6}$/);
    await screenshot(page, 'case-receipt-pin');
    await page.close();
  });

  it('an anonymous petition is refused with the law and a real link to the feedback form (JavaScript on)', async () => {
    const page = await citizen.context.newPage();
    await page.goto(`${base}/f/don-thu-kien-nghi`, { waitUntil: 'networkidle' });
    await page.waitForSelector('html[data-island="ready"]');
    await page.getByLabel('Tố cáo').check();
    await page.getByLabel(/Nội dung đơn/).fill('Tố cáo không ghi tên (thử).');
    await page.getByRole('button', { name: 'Gửi' }).click();
    const link = page.locator('#form-notice a');
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe('/f/gop-y-can-bo');
    expect(await page.locator('#form-notice').textContent()).toContain('Điều 25');
    const violations = await runAxe(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await page.close();
  });

  it('intake classifies and forwards the case in the console', async () => {
    const intake = await staffApi(base, 'tiepnhan@langnghe.demo', password);
    const me = await intake.get<{ grants: { role: string; unitId: string }[] }>('/api/auth/me');
    const unitId = me.grants.find((g) => g.role === 'case_intake')!.unitId;
    const { cases } = await intake.get<{ cases: { id: string; receiptCode: string; status: string }[] }>(
      `/api/cases/intake?unitId=${unitId}`,
    );
    const mine = cases.find((c) => c.receiptCode === shared.code)!;
    expect(mine.status).toBe('prescreening');
    shared.caseId = mine.id;

    const page = await signIn('tiepnhan@langnghe.demo');
    await page.goto(`${base}/console/cases/${mine.id}`);
    await page.getByRole('button', { name: 'Phân loại, thụ lý' }).click();
    await page.locator('#case-status', { hasText: 'Đã phân loại' }).waitFor();
    // The routing rule pre-selects its suggestion (the Inspection Commission) in the units' dropdown.
    const { routingSuggestion } = await intake.get<{
      routingSuggestion: { bodyUnitId: string; bodyName: string } | null;
    }>(`/api/cases/${mine.id}`);
    expect(routingSuggestion).not.toBeNull();
    await page.getByText(`Theo quy tắc định tuyến: ${routingSuggestion!.bodyName}`).waitFor();
    const dropdown = page.getByLabel('Cơ quan xử lý');
    expect(await dropdown.inputValue()).toBe(routingSuggestion!.bodyUnitId);
    expect(await dropdown.locator('option:checked').textContent()).toContain(routingSuggestion!.bodyName);
    await page.getByRole('button', { name: 'Chuyển cơ quan xử lý' }).click();
    await page.locator('#case-status', { hasText: 'Đã chuyển' }).waitFor();
    const violations = await runAxe(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    // Intake may open the reporter's identity (audited).
    await page.getByRole('button', { name: /Xem thông tin/ }).click();
    await page.getByText(NAME).waitFor();
    // The case file: a PDF to file or hand on, with the consent record, without identity…
    const pdf = await download(page, 'Tải PDF');
    expect(pdf.name).toMatch(/^ho-so-vu-viec-[a-z0-9-]+\.pdf$/);
    const printed = (await pdfText(new Uint8Array(pdf.bytes))).replace(/\s+/g, ' ');
    expect(printed).toContain('HỒ SƠ VỤ VIỆC');
    expect(printed).toContain('Sự đồng ý xử lý dữ liệu cá nhân');
    expect(printed).not.toContain(NAME);
    // …and, ticked, a JSON file with the identity (a logged read).
    await page.getByLabel(/Kèm thông tin người gửi/).check();
    const json = await download(page, 'Tải JSON');
    expect(json.name).toMatch(/^ho-so-vu-viec-[a-z0-9-]+\.json$/);
    const file = JSON.parse(json.bytes.toString('utf8')) as CaseFile;
    expect(file.consent?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(printed).toContain(file.consent!.hash);
    expect(file.identity?.name).toBe(NAME);
    expect(file.files.map((f) => f.type)).toEqual(['image/jpeg']);
    // The reporter calls: the PIN is lost. Intake calls back the number left and issues a new one.
    await page.getByText('Cấp lại mã PIN theo dõi').click();
    await page.getByLabel('Đã xác minh người đề nghị bằng cách').selectOption('call_back');
    await page.getByRole('button', { name: 'Cấp mã PIN mới' }).click();
    const fresh = (await page.locator('#new-pin').textContent())!.trim();
    expect(fresh).toMatch(/^\d{6}$/);
    expect(fresh).not.toBe(shared.pin);
    const old = await fetch(`${base}/api/public/cases/track`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: shared.code, pin: shared.pin }),
    });
    expect(old.status).toBe(404);
    shared.pin = fresh; // the citizen reads the answer with the new PIN below
    const panel = await runAxe(page);
    expect(panel, describeViolations(panel)).toEqual([]);
    await screenshot(page, 'case-intake-forwarded');
    await signOut(page);
  });

  it('the handler sees the photo but never the reporter, and answers', async () => {
    const page = await signIn('xuly@langnghe.demo');
    await page.goto(`${base}/console/cases`);
    await page.getByRole('link', { name: shared.code! }).click();
    await page.locator('#case-status', { hasText: 'Đã chuyển' }).waitFor();
    expect(await page.content()).not.toContain(NAME);
    expect(await page.content()).not.toContain(PHONE_NO);
    const fileHref = await page.getByRole('link', { name: 'Tệp 1' }).getAttribute('href');
    const file = await page.request.get(`${base}${fileHref}`);
    expect(file.status()).toBe(200);
    // The phone re-encodes a photo as JPEG before sending it (smaller on 3G, no metadata; issue 12).
    expect(file.headers()['content-type']).toBe('image/jpeg');
    // The handler's case file: the case, without the consent record or any way to ask for identity.
    expect(await page.getByLabel(/Kèm thông tin người gửi/).count()).toBe(0);
    const json = await download(page, 'Tải JSON');
    const caseFile = JSON.parse(json.bytes.toString('utf8')) as CaseFile;
    expect(caseFile.consent).toBeNull();
    expect(caseFile.identity).toBeNull();
    expect(json.bytes.toString('utf8')).not.toContain(NAME);
    expect(json.bytes.toString('utf8')).not.toContain(PHONE_NO);
    await page.getByRole('button', { name: 'Bắt đầu xử lý' }).click();
    await page.locator('#case-status', { hasText: 'Đang xử lý' }).waitFor();
    await page
      .locator('#case-answer')
      .fill('Đã làm việc với cán bộ; hồ sơ của bạn được giải quyết trong tuần.');
    await page.getByRole('button', { name: 'Trả lời', exact: true }).click();
    await page.locator('#case-status', { hasText: 'Đã trả lời' }).waitFor();
    await screenshot(page, 'case-handler-answered');
    await signOut(page);
  });

  it('the citizen reads the answer with code + PIN and rates it', async () => {
    const page = await citizen.context.newPage();
    await page.goto(`${base}/t/${encodeURIComponent(shared.code!)}`);
    await page.getByLabel('Mã PIN').fill(shared.pin!);
    await page.getByRole('button', { name: 'Xem' }).click();
    await page.locator('#case-answer').waitFor();
    expect(await page.locator('#case-answer').textContent()).toContain('được giải quyết trong tuần');
    const violations = await runAxe(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await page.locator('input[name="rating"][value="5"]').check();
    await page.getByRole('button', { name: 'Gửi đánh giá' }).click();
    await page.getByText('5/5').first().waitFor();
    await screenshot(page, 'case-citizen-rated');
    await page.close();
  });

  it('an administrator sees the case settings: rules, the Tết calendar, routing', async () => {
    const page = await signIn('admin@langnghe.demo');
    await page.goto(`${base}/console/cases/admin`);
    await page.getByLabel('Năm', { exact: true }).selectOption('2026');
    await page.getByText('17/02/2026 — Tết Nguyên đán Bính Ngọ').waitFor();
    await page.getByText('Ủy ban Kiểm tra Thành ủy').first().waitFor();
    const violations = await runAxe(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await screenshot(page, 'case-admin-settings');
    await signOut(page);
  });

  it('a local receiver got the signed webhooks, without identity', async () => {
    const deadline = Date.now() + 15_000;
    const mine = () => hooks.filter((h) => JSON.parse(h.body).case.id === shared.caseId);
    while (Date.now() < deadline && !mine().some((h) => h.event === 'case.answered')) {
      await new Promise((r) => setTimeout(r, 200));
    }
    const events = mine().map((h) => h.event);
    expect(events).toEqual(expect.arrayContaining(['case.created', 'case.forwarded', 'case.answered']));
    for (const h of mine()) {
      const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(h.signature)!;
      expect(v1).toBe(createHmac('sha256', secret).update(`${t}.${h.body}`).digest('hex'));
      expect(h.body).not.toContain(NAME);
      expect(h.body).not.toContain(PHONE_NO);
    }
  });
});
