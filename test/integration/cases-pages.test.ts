/** The reporter's HTML pages without JavaScript: PIN on the receipt page, /t/{code} tracking, rating. */
import { beforeAll, describe, expect, it } from 'vitest';
import { call, createStaff, createTree } from '../helpers/fixtures';
import { caseForm, caseIdOf, personIn, transition, type U } from './cases-fixtures';

let w: { city: U; front: U; board: U; wardA: U; wardB: U };
let form: { slug: string; id: string };
let person: { id: string };

beforeAll(async () => {
  w = await createTree();
  form = await caseForm(w.front, 'feedback');
  person = await personIn(w.wardA);
});

// Its own client address: the RL_AUTH limiter is shared by the test files running at once.
const post = (path: string, body: string) =>
  call(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'cf-connecting-ip': '10.77.0.1' },
    body,
  });

describe('tracking pages', () => {
  it('the no-JS receipt shows the PIN once; /t/{code} shows the answer after the PIN and takes a rating', async () => {
    const res = await post(
      `/f/${form.slug}`,
      `q.can_bo=${person.id}&q.noi_dung=Thai+do+kem&_idem=nojs-case-0001`,
    );
    expect(res.status).toBe(200);
    const receipt = await res.text();
    // One way in (issue 12, finding 7): the receipt links only to the lookup page /r/{code}.
    const code = /href="\/r\/([0-9A-Z-]+)"/.exec(receipt)![1]!;
    expect(receipt).not.toContain('href="/t/');
    const pin = /id="case-pin"><span aria-hidden="true">(\d{6})</.exec(receipt)![1]!;
    expect(res.headers.get('cache-control')).toBe('no-store');

    const id = await caseIdOf(decodeURIComponent(code));
    const intake = (await createStaff([{ role: 'case_intake', unitId: w.front.id }])).cookie;
    const handler = (await createStaff([{ role: 'case_handler', unitId: w.board.id }])).cookie;
    await transition(id, intake, { action: 'classify', kind: 'feedback' });
    await transition(id, intake, { action: 'forward', bodyUnitId: w.board.id });
    await transition(id, handler, { action: 'answer', answer: 'Đã nhắc nhở cán bộ.' });

    const form1 = await call(`/t/${code}`);
    expect(form1.status).toBe(200);
    expect(await form1.text()).toContain('name="pin"');
    // The lookup page of a case's code carries the PIN box, posting to /t/{code}.
    const lookup = await (await call(`/r/${code}`)).text();
    expect(lookup).toContain(`action="/t/${code}"`);
    expect(lookup).toContain('name="pin"');
    // The landing page's one lookup: code + PIN posted to /r opens the case.
    const viaHome = await post('/r', `code=${code.toLowerCase().replaceAll('-', ' ')}&pin=${pin}`);
    expect(viaHome.status).toBe(200);
    expect(await viaHome.text()).toContain('Đã nhắc nhở cán bộ.');
    // Without a PIN it goes to the code's lookup page.
    const noPin = await post('/r', `code=${code}&pin=`); // 303, followed
    expect(noPin.status).toBe(200);
    expect(await noPin.text()).toContain(`action="/t/${code}"`);

    const wrong = await post(`/t/${code}`, `pin=${pin === '000000' ? '111111' : '000000'}`);
    expect(wrong.status).toBe(404);

    const ok = await post(`/t/${code}`, `pin=${pin}`);
    expect(ok.status).toBe(200);
    const page = await ok.text();
    expect(page).toContain('Đã nhắc nhở cán bộ.');
    expect(page).toContain('Đã trả lời');

    // A refused rating or review stays on the case page, says why, and keeps what was typed.
    const noRating = await post(`/t/${code}/rate`, `pin=${pin}&comment=Tr%E1%BA%A3+l%E1%BB%9Di+nhanh`);
    expect(noRating.status).toBe(400);
    const noRatingPage = await noRating.text();
    expect(noRatingPage).toContain('id="case-status"');
    expect(noRatingPage).toContain('id="rate-err"');
    expect(noRatingPage).toContain('Vui lòng chọn mức 1–5.');
    expect(noRatingPage).toMatch(/<textarea id="comment"[^>]*>Trả lời nhanh<\/textarea>/);
    const noReason = await post(`/t/${code}/reopen`, `pin=${pin}&reason=+++`);
    expect(noReason.status).toBe(400);
    const noReasonPage = await noReason.text();
    expect(noReasonPage).toContain('id="case-status"');
    expect(noReasonPage).toContain('Vui lòng nêu lý do.');
    expect(noReasonPage).toContain('aria-describedby="reason-err"');

    const rated = await post(`/t/${code}/rate`, `pin=${pin}&rating=4&comment=Cam+on`);
    expect(rated.status).toBe(200);
    expect(await rated.text()).toContain('4/5');
  }, 30_000);
});

describe('tracking in English', () => {
  it('the page and the API show the form title in the reader’s language (issue 12)', async () => {
    const res = await post(
      `/f/${form.slug}?lang=en`,
      `q.can_bo=${person.id}&q.noi_dung=Late+reply&_idem=nojs-case-en01`,
    );
    expect(res.status).toBe(200);
    const receipt = await res.text();
    const code = decodeURIComponent(/href="\/r\/([0-9A-Z-]+)/.exec(receipt)![1]!);
    const pin = /id="case-pin"><span aria-hidden="true">(\d{6})</.exec(receipt)![1]!;
    const en = 'Feedback on a cadre’s conduct';
    const vi = 'Góp ý, phản ánh về cán bộ, đảng viên';

    const page = await (await post(`/t/${code}?lang=en`, `pin=${pin}`)).text();
    expect(page).toContain('<html lang="en"');
    expect(page).toContain(en);
    expect(page).not.toContain(vi);
    expect(await (await post(`/t/${code}`, `pin=${pin}`)).text()).toContain(vi);

    const track = (lang: string) =>
      call(`/api/public/cases/track${lang}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'cf-connecting-ip': '10.77.0.2' },
        body: JSON.stringify({ code, pin }),
      }).then((r) => r.json() as Promise<{ formTitle: string }>);
    expect((await track('?lang=en')).formTitle).toBe(en);
    expect((await track('')).formTitle).toBe(vi);
  }, 30_000);
});
