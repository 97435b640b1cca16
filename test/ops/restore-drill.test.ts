/**
 * The restore drill (issue 11, item 3), as an operator rehearses it on a Node deployment:
 *
 * 1. the Node server (dist/server/main.mjs) on a fresh data directory, demo seeded;
 * 2. write load: concurrent citizens submit the demo survey (`khao-sat-hai-long`, each with its own
 *    Idempotency-Key, device key and address), one sends evidence files to a feedback form with a
 *    file question, a staff member keeps reading responses (each read is an audit row);
 * 3. in the middle of it `npm run backup` runs as a separate process, as cron would run it;
 * 4. the load stops, the server stops, `npm run restore` puts the backup in place of the data
 *    directory (the old one moved aside), and a server starts on it.
 * Checked: every submission acknowledged before the backup started is restored with its receipt
 * (in the database, and through the public receipt API), with its evidence file byte for byte;
 * none sent after the backup finished is (the restore really is the backup); integrity_check ok;
 * the audit chain verifies; the old directory, moved aside, still holds every acknowledged
 * submission. The drill's figures are printed for docs/self-hosting.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../../scripts/dev-server.mjs';
import { stripMetadata } from '../../worker/files/metadata';
import type { BackupManifest } from '../../worker/platform/node/backup';
import {
  DEMO_ADMIN,
  diskBytes,
  ensureBuilt,
  login,
  removeTemps,
  runScript,
  startServer,
  type TestServer,
  tempDir,
} from './backup-helpers';

const RUN = Date.now().toString(36);
const SURVEY = 'khao-sat-hai-long';
const EVIDENCE_FORM = `drill-evidence-${RUN}`;
/** Citizens submitting at once. */
const CLIENTS = 6;
/** Load before the backup starts, and after it has finished. */
const BEFORE_MS = 1500;
const AFTER_MS = 800;
/** A bound whatever the machine's speed. */
const MAX_SUBMISSIONS = 5000;

interface Submission {
  key: string;
  slug: string;
  body: string;
  ip: string;
  device: string;
  sentAt: number;
  ackAt?: number;
  receipt?: string;
  /** The evidence file this submission names (key in the store, and its bytes). */
  evidence?: { key: string; bytes: Buffer };
}

const ms = (n: number) => `${Math.round(n)} ms`;
const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
const sleep = (n: number) => new Promise((r) => setTimeout(r, n));

let server: TestServer | undefined;
afterAll(async () => {
  await server?.stop();
  removeTemps();
});
beforeAll(() => ensureBuilt());

/** Posts until the server answers (the offline queue's behaviour: same key on every retry). */
async function send(base: string, s: Submission, failures: { n: number }) {
  for (let attempt = 0; attempt < 6; attempt++) {
    try {
      const res = await fetch(`${base}/api/public/forms/${s.slug}/responses`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': s.key,
          'x-device-key': s.device,
          'x-real-ip': s.ip,
        },
        body: s.body,
        signal: AbortSignal.timeout(15_000),
      });
      const text = await res.text();
      if (res.status === 201 || res.status === 200) {
        s.ackAt = Date.now();
        s.receipt = (JSON.parse(text) as { receiptCode: string }).receiptCode;
        return;
      }
      failures.n++;
      if (res.status < 500 && res.status !== 429) throw new Error(`${s.key}: HTTP ${res.status} ${text}`);
    } catch (e) {
      if (e instanceof Error && e.message.startsWith(s.key)) throw e;
      failures.n++;
    }
    await sleep(100 * (attempt + 1));
  }
}

/** A small one-page PDF that is unique to this submission (the marker in its page content). */
function pdf(marker: string): Buffer {
  const content = `% ${marker}\n`;
  return Buffer.from(
    `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >> endobj\n4 0 obj << /Length ${content.length} >> stream\n${content}endstream endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
  );
}

describe('restore drill: back up under write load, restore, nothing acknowledged lost', () => {
  it('restores every submission acknowledged before the backup, its evidence, and a verifying audit chain', async () => {
    const t0 = performance.now();
    const root = tempDir('drill');
    const dataDir = path.join(root, 'data');
    const backupDir = path.join(root, 'backups');
    server = await startServer(dataDir);
    const base = server.base;
    const report = await seed(base, 'dev-seed-token');
    const password = report.password;

    // What a citizen's phone looks up: the wards of the survey's unit picker.
    const wards = (
      (await (
        await fetch(`${base}/api/public/forms/${SURVEY}/choices/don_vi?q=${encodeURIComponent('Phường')}`)
      ).json()) as { choices: { id: string }[] }
    ).choices.map((c) => c.id);
    expect(wards.length).toBeGreaterThan(3);

    // A feedback form with a file question, created and published by the demo form designer.
    const designer = await login(base, 'thietke@langnghe.demo', password);
    const staff = async (cookie: string, p: string, init: RequestInit = {}) => {
      const res = await fetch(`${base}${p}`, {
        ...init,
        headers: { cookie, origin: base, 'content-type': 'application/json' },
      });
      const body = await res.json();
      expect(res.ok, `${p}: ${JSON.stringify(body)}`).toBe(true);
      return body as Record<string, unknown>;
    };
    const me = (await staff(designer, '/api/auth/me')) as { grants: { role: string; unitId: string }[] };
    const unitId = me.grants.find((g) => g.role === 'form_designer')!.unitId;
    const L = (vi: string) => ({ vi, en: vi });
    const form = await staff(designer, '/api/forms', {
      method: 'POST',
      body: JSON.stringify({
        ownerUnitId: unitId,
        kind: 'survey',
        slug: EVIDENCE_FORM,
        definition: {
          schemaVersion: 1,
          title: L('Phản ánh kèm ảnh, tài liệu (diễn tập khôi phục)'),
          pages: [
            {
              id: 'p1',
              questions: [
                { id: 'noi_dung', type: 'short_text', label: L('Nội dung'), required: true, maxLength: 200 },
                { id: 'bang_chung', type: 'file', label: L('Tài liệu'), maxFiles: 1, required: true },
              ],
            },
          ],
        },
      }),
    });
    await staff(designer, `/api/forms/${form.id}/publish`, { method: 'POST' });
    const admin = await login(base, DEMO_ADMIN, password);
    const surveyId = (
      (await staff(admin, '/api/forms')) as { forms: { id: string; slug: string }[] }
    ).forms.find((f) => f.slug === SURVEY)!.id;

    // ---- the load ----
    const subs: Submission[] = [];
    const failures = { n: 0 };
    let stop = false;
    let staffReads = 0;
    const next = (slug: string, body: unknown): Submission => {
      const i = subs.length;
      const s: Submission = {
        key: `drill-${RUN}-${i}`,
        slug,
        body: JSON.stringify(body),
        ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
        device: `drilldev-${RUN}-${i}`,
        sentAt: Date.now(),
      };
      subs.push(s);
      return s;
    };
    const citizen = async () => {
      while (!stop && subs.length < MAX_SUBMISSIONS) {
        const i = subs.length;
        const member = i % 2 === 0;
        const s = next(SURVEY, {
          answers: {
            don_vi: wards[i % wards.length],
            do_tuoi: ['duoi_30', 'tu_30_50', 'tren_50'][i % 3],
            hoi_vien: member,
            ...(member ? { to_chuc: ['phu_nu', 'doan'].slice(0, 1 + (i % 2)) } : {}),
            hai_long: 1 + (i % 5),
            quan_tam: ['moi_truong', 'an_ninh', 'dat_dai', 'y_te', 'khac'][i % 5],
            de_xuat: `Diễn tập ${RUN}, ý kiến số ${i}: đề nghị lát lại vỉa hè tổ dân phố ${i % 40}.`,
          },
        });
        await send(base, s, failures);
      }
    };
    const witness = async () => {
      while (!stop && subs.length < MAX_SUBMISSIONS) {
        const marker = `drill-${RUN}-evidence-${subs.length}`;
        const bytes = pdf(marker);
        const fd = new FormData();
        fd.append('file', new Blob([new Uint8Array(bytes)], { type: 'application/pdf' }), 'bien-ban.pdf');
        const up = await fetch(`${base}/api/public/forms/${EVIDENCE_FORM}/uploads?q=bang_chung`, {
          method: 'POST',
          headers: { 'x-real-ip': `10.200.0.${subs.length % 250}` },
          body: fd,
        });
        expect(up.status, await up.clone().text()).toBe(201);
        const { key } = (await up.json()) as { key: string };
        const s = next(EVIDENCE_FORM, { answers: { noi_dung: marker, bang_chung: [key] } });
        // Stored as the upload writes it: a PDF is written anew without metadata (decision 255).
        s.evidence = { key, bytes: Buffer.from(await stripMetadata('application/pdf', bytes)) };
        await send(base, s, failures);
        await sleep(60);
      }
    };
    const reader = async () => {
      while (!stop) {
        const res = await fetch(`${base}/api/forms/${surveyId}/responses?limit=5`, {
          headers: { cookie: admin },
        });
        expect(res.status).toBe(200);
        await res.arrayBuffer();
        staffReads++;
        await sleep(100);
      }
    };
    const loadStarted = Date.now();
    // One failing loop stops them all (and fails the test at `await load`).
    const guarded = (loop: () => Promise<void>) =>
      loop().catch((e) => {
        stop = true;
        throw e;
      });
    const load = Promise.all([
      ...Array.from({ length: CLIENTS }, () => guarded(citizen)),
      guarded(witness),
      guarded(reader),
    ]);

    await sleep(BEFORE_MS);
    // ---- the backup, a separate process, as an operator's cron runs it ----
    const backupStarted = Date.now();
    const backup = await runScript('backup', [
      `--data-dir=${dataDir}`,
      `--backup-dir=${backupDir}`,
      '--keep=3',
    ]);
    const backupEnded = Date.now();
    expect(backup.code, backup.stderr).toBe(0);
    await sleep(AFTER_MS);
    stop = true;
    await load;
    const loadEnded = Date.now();

    const acked = subs.filter((s) => s.receipt);
    expect(acked.length, 'every submission acknowledged in the end').toBe(subs.length);
    const before = acked.filter((s) => s.ackAt! < backupStarted);
    const during = acked.filter((s) => s.ackAt! >= backupStarted && s.ackAt! <= backupEnded);
    const sentAfter = subs.filter((s) => s.sentAt > backupEnded);
    expect(before.length).toBeGreaterThan(50);
    expect(sentAfter.length).toBeGreaterThan(10);
    expect(before.filter((s) => s.evidence).length).toBeGreaterThan(2);

    const [stamp] = fs.readdirSync(backupDir).filter((n) => /^\d{8}T\d{6}Z$/.test(n));
    expect(stamp).toBeDefined();
    const backupPath = path.join(backupDir, stamp!);
    const manifest = JSON.parse(
      fs.readFileSync(path.join(backupPath, 'manifest.json'), 'utf8'),
    ) as BackupManifest;

    // ---- stop, restore into the same path (the old directory is moved aside), start again ----
    await server.stop();
    expect(fs.existsSync(path.join(dataDir, 'server.pid')), 'the server removes its pid file').toBe(false);
    const restore = await runScript('restore', [backupPath, `--data-dir=${dataDir}`]);
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toContain(`Restored backup ${stamp}`);
    const aside = fs.readdirSync(root).find((n) => n.startsWith('data.before-restore-'));
    expect(aside, 'the previous data directory is kept').toBeDefined();

    // The restored file, before any server opens it.
    const db = new DatabaseSync(path.join(dataDir, 'lang-nghe.sqlite'), { readOnly: true });
    const integrity = (db.prepare('PRAGMA integrity_check').get() as { integrity_check: string })
      .integrity_check;
    const restoredRows = new Map(
      (
        db
          .prepare(
            'SELECT idempotency_key AS k, receipt_code AS r FROM responses WHERE idempotency_key LIKE ?',
          )
          .all(`drill-${RUN}-%`) as { k: string; r: string }[]
      ).map((row) => [row.k, row.r]),
    );
    const restoredResponses = Number(
      (db.prepare('SELECT count(*) AS n FROM responses').get() as { n: number }).n,
    );
    const restoredAudit = Number(
      (db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n,
    );
    db.close();
    expect(integrity).toBe('ok');
    expect(restoredResponses).toBe(manifest.database.tables.responses);
    expect(restoredAudit).toBe(manifest.database.tables.audit_log);

    const lost = before.filter((s) => restoredRows.get(s.key) !== s.receipt);
    expect(
      lost.map((s) => s.key),
      'acknowledged before the backup, missing after the restore',
    ).toEqual([]);
    // Tighter: acknowledged before the database copy began (the manifest's databaseAt, same clock).
    const beforeCopy = acked.filter((s) => s.ackAt! < Date.parse(manifest.databaseAt));
    expect(beforeCopy.filter((s) => restoredRows.get(s.key) !== s.receipt).map((s) => s.key)).toEqual([]);
    const fromTheFuture = sentAfter.filter((s) => restoredRows.has(s.key));
    expect(
      fromTheFuture.map((s) => s.key),
      'sent after the backup finished, yet restored',
    ).toEqual([]);

    // Evidence acknowledged before the backup: every file byte for byte, with its record
    // (the file store's layout, worker/platform/node/files.ts: objects/<key>, meta/<key>.json).
    let filesChecked = 0;
    for (const s of before.filter((x) => x.evidence)) {
      const segs = s.evidence!.key.split('/').map(encodeURIComponent);
      const object = path.join(dataDir, 'files', 'objects', ...segs);
      expect(fs.existsSync(object), s.evidence!.key).toBe(true);
      expect(fs.readFileSync(object).equals(s.evidence!.bytes)).toBe(true);
      const meta = JSON.parse(
        fs.readFileSync(path.join(dataDir, 'files', 'meta', `${path.join(...segs)}.json`), 'utf8'),
      );
      expect(meta.httpMetadata).toMatchObject({ contentType: 'application/pdf' });
      filesChecked++;
    }

    // Nothing deleted: the directory moved aside holds every acknowledged submission.
    const old = new DatabaseSync(path.join(root, aside!, 'lang-nghe.sqlite'), { readOnly: true });
    const oldKeys = new Set(
      (
        old
          .prepare('SELECT idempotency_key AS k FROM responses WHERE idempotency_key LIKE ?')
          .all(`drill-${RUN}-%`) as {
          k: string;
        }[]
      ).map((r) => r.k),
    );
    old.close();
    expect(acked.filter((s) => !oldKeys.has(s.key)).map((s) => s.key)).toEqual([]);

    const restoreStarted = Date.now();
    server = await startServer(dataDir);
    const restartedMs = Date.now() - restoreStarted;
    const rbase = server.base;

    // Through the public receipt API, as a citizen would check.
    let receiptsChecked = 0;
    for (const batch of chunk(before, 25)) {
      await Promise.all(
        batch.map(async (s, j) => {
          const res = await fetch(`${rbase}/api/public/receipts/${s.receipt}`, {
            headers: { 'x-real-ip': `10.250.${receiptsChecked % 250}.${j}` },
          });
          expect(res.status, `${s.receipt}: ${res.status}`).toBe(200);
          expect(((await res.json()) as { receiptCode: string }).receiptCode).toBe(s.receipt);
        }),
      );
      receiptsChecked += batch.length;
    }

    // The audit chain verifies (the admin route walks it and checks the latest anchor).
    const admin2 = await login(rbase, DEMO_ADMIN, password);
    const verify = (await (
      await fetch(`${rbase}/api/admin/audit/verify`, { headers: { cookie: admin2 } })
    ).json()) as { ok: boolean; rows: number; firstBroken?: unknown };
    expect(verify, JSON.stringify(verify)).toMatchObject({ ok: true });
    expect(verify.rows).toBeGreaterThanOrEqual(restoredAudit);

    // The restored deployment works: a retry of an acknowledged key is a replay, a new one is stored.
    const replay = before[before.length - 1]!;
    const again = await fetch(`${rbase}/api/public/forms/${replay.slug}/responses`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': replay.key,
        'x-device-key': replay.device,
        'x-real-ip': replay.ip,
      },
      body: replay.body,
    });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { receiptCode: string }).receiptCode).toBe(replay.receipt);
    // One without evidence: an evidence file uploaded after the backup is not in the restored
    // store, so re-sending that submission alone is rightly refused (unknown_file); the phone's
    // queue uploads the file again first.
    const lostAfter = sentAfter.find((s) => !s.evidence)!;
    const resent = await fetch(`${rbase}/api/public/forms/${lostAfter.slug}/responses`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': lostAfter.key,
        'x-device-key': lostAfter.device,
        'x-real-ip': lostAfter.ip,
      },
      body: lostAfter.body,
    });
    expect(
      resent.status,
      'a submission newer than the backup is stored again when its phone re-sends it',
    ).toBe(201);

    const drillKeysInBackup = restoredRows.size;
    const figures = [
      `restore drill (${((performance.now() - t0) / 1000).toFixed(1)} s in all)`,
      `  load: ${CLIENTS} citizens + 1 with evidence files + 1 staff reader, ${((loadEnded - loadStarted) / 1000).toFixed(1)} s, ${acked.length} submissions acknowledged (${Math.round(acked.length / ((loadEnded - loadStarted) / 1000))}/s), ${failures.n} failed attempts, ${staffReads} staff reads`,
      `  acknowledged before the backup started: ${before.length} (${before.filter((s) => s.evidence).length} with evidence); before its database copy began (manifest databaseAt, ${ms(Date.parse(manifest.databaseAt) - backupStarted)} after the command started): ${beforeCopy.length}`,
      `  acknowledged while the backup ran: ${during.length}; after it finished: ${acked.length - before.length - during.length} (sent after it finished: ${sentAfter.length})`,
      `  backup (npm run backup, separate process): ${ms(backup.ms)} wall, ${ms(manifest.durationMs)} inside; database ${kb(manifest.database.bytes)}, ${manifest.files.count} files (${kb(manifest.files.bytes)}; with their records ${manifest.files.linked} hard-linked, ${manifest.files.copied} copied); backup directory ${kb(diskBytes(backupPath))}`,
      `  backup holds ${drillKeysInBackup} drill submissions (${before.length} acknowledged before + ${drillKeysInBackup - before.length} committed while it started), ${manifest.database.tables.responses} responses, ${manifest.database.tables.audit_log} audit rows`,
      `  restore (npm run restore): ${ms(restore.ms)}; server up again in ${ms(restartedMs)}; integrity_check ${integrity}`,
      `  restored: ${before.length - lost.length}/${before.length} acknowledged-before (and ${beforeCopy.length}/${beforeCopy.length} acknowledged before the copy began) present with their receipts (${receiptsChecked} checked through /api/public/receipts), ${filesChecked} evidence files byte-identical, 0 sent-after present`,
      `  audit chain: ok=${verify.ok}, ${verify.rows} rows`,
    ];
    console.log(figures.join('\n'));
  });
});

function chunk<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}
