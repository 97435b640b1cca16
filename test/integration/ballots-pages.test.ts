/**
 * The ballot page without JavaScript: ballot → review (blank flagged) → confirm → receipt; the
 * receipt is in the published list; closed phases answer a sentence, not a form.
 */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, createStaff, createTree } from '../helpers/fixtures';
import { postForm } from './public-helpers';

// biome-ignore lint/suspicious/noExplicitAny: JSON replies, read only where asserted
type Json = any;

let board: { cookie: string };
let world: Awaited<ReturnType<typeof createTree>>;
beforeAll(async () => {
  world = await createTree();
  board = await createStaff([{ role: 'counting_board', unitId: world.city.id }]);
});

describe('ballot page (no JavaScript)', () => {
  it('names the vote when the address holds no round id', async () => {
    const vi = await call('/b/not-a-round');
    expect(vi.status).toBe(404);
    expect(await vi.text()).toContain('Không tìm thấy đợt bỏ phiếu.');
    const en = await call('/b/not-a-round?lang=en');
    expect(en.status).toBe(404);
    expect(await en.text()).toContain('No such vote.');
  });

  it('runs review → confirm → receipt, and the receipt is found once published', async () => {
    const created = (await (
      await call('/api/ballots/rounds', {
        method: 'POST',
        cookie: board.cookie,
        json: {
          unitId: world.city.id,
          name: 'Lấy phiếu tín nhiệm HĐND',
          summoned: 3,
          meetingDate: '2026-11-20',
          groups: [
            {
              title: 'Phiếu 1',
              candidates: [
                { fullName: 'Võ Thị Hồng', position: 'Chủ tịch HĐND' },
                { fullName: 'Đặng Văn Khoa', position: 'Phó Chủ tịch HĐND' },
              ],
            },
          ],
        },
      })
    ).json()) as Json;
    const id = created.round.id as string;
    const [a, b] = created.groups[0].candidates.map((c: { id: string }) => c.id);
    const before = await call(`/b/${id}`);
    expect(before.status).toBe(409);
    expect(await before.text()).toContain('Chưa đến thời gian bỏ phiếu');
    const phase = (to: string) =>
      call(`/api/ballots/rounds/${id}/phase`, { method: 'POST', cookie: board.cookie, json: { to } });
    await phase('issuing');
    await call(`/api/ballots/rounds/${id}/attendance`, {
      method: 'POST',
      cookie: board.cookie,
      json: { present: 3 },
    });
    const { codes } = (await (
      await call(`/api/ballots/rounds/${id}/codes?format=json`, {
        method: 'POST',
        cookie: board.cookie,
        json: {},
      })
    ).json()) as { codes: string[] };
    await phase('casting');

    const ballot = await call(`/b/${id}`);
    expect(ballot.status).toBe(200);
    const html = await ballot.text();
    expect(html).toContain('Võ Thị Hồng');
    expect(html).toContain(`name="m.${a}"`);
    expect(html).toContain('Tín nhiệm thấp');
    expect(html).not.toMatch(/<script(?![^>]*src=)/); // no inline script

    // A wrong code: the ballot again, marks kept, a sentence.
    const wrong = await postForm(`/b/${id}`, [
      ['step', 'review'],
      ['code', 'AAAA-BBBB-CCCC-DDDD-E'],
      [`m.${a}`, 'high'],
    ]);
    expect(wrong.status).toBe(422);
    const wrongHtml = await wrong.text();
    expect(wrongHtml).toContain('Mã bỏ phiếu không đúng');
    expect(wrongHtml).toMatch(new RegExp(`name="m.${a}" value="high" checked`));

    // Review with one person blank: warned before confirming; nothing stored yet.
    const review = await postForm(`/b/${id}`, [
      ['step', 'review'],
      ['code', codes[0]!.toLowerCase()],
      [`m.${a}`, 'high'],
      [`m.${b}`, ''],
    ]);
    expect(review.status).toBe(200);
    const reviewHtml = await review.text();
    expect(reviewHtml).toContain('Bạn để trống 1 người');
    expect(reviewHtml).toContain('Xác nhận bỏ phiếu');
    // In English the steps stay in English: every form posts back with ?lang=en (English walk).
    const reviewEn = await (
      await postForm(`/b/${id}?lang=en`, [
        ['step', 'review'],
        ['code', codes[0]!],
        [`m.${a}`, 'high'],
      ])
    ).text();
    expect(reviewEn).toContain('<html lang="en"');
    expect(reviewEn.match(/<form method="post" action="[^"]*"/g)).toEqual([
      `<form method="post" action="/b/${id}?lang=en"`,
      `<form method="post" action="/b/${id}?lang=en"`,
    ]);

    const confirm = await postForm(`/b/${id}`, [
      ['step', 'confirm'],
      ['code', codes[0]!],
      [`m.${a}`, 'high'],
      [`m.${b}`, ''],
    ]);
    expect(confirm.status).toBe(200);
    const receipt = /data-receipt="([0-9A-Z-]+)"/.exec(await confirm.text())![1]!;
    expect(receipt).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    expect(confirm.headers.get('cache-control')).toBe('no-store');

    // The same code again: refused, with a sentence.
    const twice = await postForm(`/b/${id}`, [
      ['step', 'confirm'],
      ['code', codes[0]!],
      [`m.${a}`, 'low'],
    ]);
    expect(twice.status).toBe(409);
    expect(await twice.text()).toContain('đã được dùng');

    // A post the paper could not have produced is refused whole, the code stays unspent, nothing is stored.
    for (const forged of [
      [`m.${a}`, 'bogus'],
      ['m.nobody', 'high'],
      ['m.__proto__', 'high'],
      ['m.constructor', 'high'],
    ] as [string, string][]) {
      const res = await postForm(`/b/${id}`, [
        ['step', 'confirm'],
        ['code', codes[1]!],
        [`m.${b}`, 'low'],
        forged,
      ]);
      expect(res.status).toBe(422);
      expect(await res.text()).toContain('có lựa chọn không có trên phiếu');
    }
    const stored = await env.DB.prepare('SELECT count(*) AS n FROM ballots WHERE round_id = ?')
      .bind(id)
      .first<{ n: number }>();
    expect(stored!.n).toBe(1);

    // Several levels for one person via a crafted post: the review carries them on (as levels, not
    // as a word the confirm step would refuse) and the confirm stores an invalid mark for that person.
    const crafted = await postForm(`/b/${id}`, [
      ['step', 'review'],
      ['code', codes[1]!],
      [`m.${a}`, 'high'],
      [`m.${a}`, 'low'],
      [`m.${b}`, 'low'],
    ]);
    expect(crafted.status).toBe(200);
    const carried = [
      ...(await crafted.text()).matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g),
    ]
      .map((m) => [m[1]!, m[2]!] as [string, string])
      .filter(([k]) => k === 'code' || k.startsWith('m.'));
    const confirmed = await postForm(`/b/${id}`, [['step', 'confirm'], ...carried]);
    expect(confirmed.status).toBe(200);

    // Results asked for while casting: not "casting has not opened" but "not published yet".
    const early = await call(`/b/${id}/results`);
    expect(early.status).toBe(409);
    const earlyHtml = await early.text();
    expect(earlyHtml).toContain('Kết quả chưa được công bố.');
    expect(earlyHtml).not.toContain('Chưa đến thời gian bỏ phiếu');
    await phase('counting');
    await phase('published');
    const results = await call(`/b/${id}/results?receipt=${receipt.toLowerCase()}`);
    const resultsHtml = await results.text();
    expect(resultsHtml).toContain('Có trong danh sách');
    expect(resultsHtml).toContain(`<li>${receipt}</li>`);
    // The shared results table (worker/ballots/results-table.tsx): one row per person, figures in Vietnamese decimals.
    expect(resultsHtml).toContain('<table class="res">');
    // Issue 12: four columns (valid/invalid under the name), each level's count over its percentage,
    // and the percentage's sign joined by a no-break space so "50,00 %" never breaks.
    expect(resultsHtml.replace(/<[^>]+>/g, '')).toContain('Hợp lệ: 1 · Không hợp lệ: 1');
    expect(resultsHtml).toContain(
      '<td><span style="white-space:nowrap;">1</span><br/><span class="pct" style="white-space:nowrap;">50,00\u00a0%</span></td>',
    );
    // In English: English notation, a way back to Vietnamese, and the lookup (a GET form) keeps English.
    const resultsEn = await (await call(`/b/${id}/results?lang=en`)).text();
    expect(resultsEn).toContain('<span class="pct" style="white-space:nowrap;">50.00\u00a0%</span>');
    expect(resultsEn).toContain(`href="/b/${id}/results?lang=vi"`);
    expect(resultsEn).toContain('<input type="hidden" name="lang" value="en"/>');
    const tally = (await (await call(`/api/public/ballots/${id}/results`)).json()) as Json;
    const byId = Object.fromEntries(tally.tally.candidates.map((c: { id: string }) => [c.id, c]));
    expect(byId[a]).toMatchObject({
      collected: 2,
      valid: 1,
      multiple: 1,
      high: { count: 1, percent: '50.00' },
    });
    expect(byId[b]).toMatchObject({ valid: 1, blank: 1, low: { count: 1, percent: '50.00' } });
  });
});
