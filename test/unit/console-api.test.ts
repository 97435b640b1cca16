/**
 * The console's typed client (web/console/lib/api.ts, decision 275) over a stand-in fetch: what
 * goes on the wire (cookie, accept, JSON or a raw body with its type, query strings without empty
 * values) and what a failure becomes (ApiError with the server's code, messages and fields; a 401
 * sent to the login page unless quiet; network failures and aborts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, apiClients, setUnauthenticatedHandler } from '../../web/console/lib/api';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** Clients whose fetch records each request and answers with `reply`. */
function stand(reply: (r: Request) => Response | Promise<Response>) {
  const sent: Request[] = [];
  const clients = apiClients({
    baseUrl: 'http://local',
    fetch: async (r) => {
      sent.push(r);
      return reply(r);
    },
  });
  return { ...clients, sent };
}

const REFUSAL = {
  error: {
    code: 'validation_failed',
    message: 'Dữ liệu không hợp lệ.',
    messages: { vi: 'Dữ liệu không hợp lệ.', en: 'The data is not valid.' },
    fields: [{ path: 'name', code: 'min_length', message: { vi: 'Bắt buộc.', en: 'Required.' } }],
  },
};

afterEach(() => setUnauthenticatedHandler(() => {}));

describe('the console API client', () => {
  it('GET: the reply is the data; the query skips empty values; JSON is asked for', async () => {
    const c = stand(() => json(200, { units: [] }));
    expect(await c.api.GET('/api/org/units', { params: { query: { q: '', includeMerged: '1' } } })).toEqual({
      units: [],
    });
    const [r] = c.sent;
    expect(r!.method).toBe('GET');
    expect(r!.url).toBe('http://local/api/org/units?includeMerged=1');
    expect(r!.headers.get('accept')).toBe('application/json');
  });

  // workerd's Request has no `credentials` (a Worker sends no cookies of its own); Node's, as a browser's, does.
  it.skipIf(!('credentials' in new Request('http://local')))('the session cookie goes along', async () => {
    const c = stand(() => json(200, { forms: [] }));
    await c.api.GET('/api/forms');
    expect(c.sent[0]!.credentials).toBe('same-origin');
  });

  it('path parameters are filled in and encoded; a JSON body is sent as JSON', async () => {
    const c = stand(() => json(200, { ok: true }));
    await c.api.PATCH('/api/org/units/{id}', { params: { path: { id: 'a b' } }, body: { name: 'Phường 1' } });
    const [r] = c.sent;
    expect(r!.method).toBe('PATCH');
    expect(r!.url).toBe('http://local/api/org/units/a%20b');
    expect(r!.headers.get('content-type')).toBe('application/json');
    expect(await r!.json()).toEqual({ name: 'Phường 1' });
  });

  it('a raw body (CSV) travels as it is, with the content type the call names', async () => {
    const c = stand(() => json(200, { dryRun: true, rows: 1, created: 0, updated: 0, errors: [] }));
    const csv = 'code,name\nP1,Phường 1\n';
    await c.api.POST('/api/org/units/import', {
      body: csv,
      headers: { 'content-type': 'text/csv; charset=utf-8' },
      params: { query: { dryRun: '1' } },
    });
    const [r] = c.sent;
    expect(r!.url).toBe('http://local/api/org/units/import?dryRun=1');
    expect(r!.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(await r!.text()).toBe(csv);
  });

  it("a refusal is an ApiError with the server's code, status, both messages and field paths", async () => {
    const c = stand(() => json(400, REFUSAL));
    const e = await c.api
      .POST('/api/org/units', { body: { code: 'x', name: '', kind: 'ward' } })
      .catch((x) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ status: 400, code: 'validation_failed', fields: REFUSAL.error.fields });
    expect(e.text('vi')).toBe('Dữ liệu không hợp lệ.');
    expect(e.text('en')).toBe('The data is not valid.');
  });

  it('a reply that is not the error shape still becomes an ApiError, naming the status', async () => {
    const c = stand(() => new Response('<html>Bad gateway</html>', { status: 502 }));
    const e = await c.api.GET('/api/forms').catch((x) => x);
    expect(e).toMatchObject({ status: 502, code: 'http_error', fields: [] });
    expect(e.text('en')).toBe('Server error (502).');
  });

  it('a 401 sends the user to the login page; the quiet client answers it without leaving', async () => {
    let sentToLogin = 0;
    setUnauthenticatedHandler(() => {
      sentToLogin += 1;
    });
    const signedOut = { error: { code: 'unauthenticated', message: 'x', messages: { vi: 'x', en: 'x' } } };
    const c = stand(() => json(401, signedOut));
    await expect(c.api.GET('/api/forms')).rejects.toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(sentToLogin).toBe(1);
    await expect(c.quietApi.POST('/api/auth/totp', { body: { code: '123456' } })).rejects.toMatchObject({
      status: 401,
    });
    expect(sentToLogin).toBe(1);
  });

  it('no network is ApiError `network` (status 0); an aborted call stays an AbortError', async () => {
    const offline = stand(() => {
      throw new TypeError('Failed to fetch');
    });
    await expect(offline.api.GET('/api/forms')).rejects.toMatchObject({ status: 0, code: 'network' });
    const ctl = new AbortController();
    ctl.abort();
    const aborted = stand((r) => {
      throw r.signal.reason ?? new DOMException('aborted', 'AbortError');
    });
    const e = await aborted.api.GET('/api/forms', { signal: ctl.signal }).catch((x) => x);
    expect(e).not.toBeInstanceOf(ApiError);
    expect(e.name).toBe('AbortError');
  });

  it('a reply without a body is undefined; apiClient hands back the Response of a file', async () => {
    const c = stand((r) =>
      r.url.endsWith('/codes')
        ? new Response('%PDF-1.7', {
            headers: {
              'content-type': 'application/pdf',
              'content-disposition': 'attachment; filename="a.pdf"',
            },
          })
        : new Response(null, { status: 204 }),
    );
    expect(
      await c.api.DELETE('/api/cases/admin/holidays/{day}', { params: { path: { day: '2026-09-02' } } }),
    ).toBeUndefined();
    const { response } = await c.apiClient.POST('/api/ballots/rounds/{id}/codes', {
      params: { path: { id: 'r1' } },
      body: {},
      parseAs: 'stream',
    });
    expect(response.headers.get('content-disposition')).toContain('a.pdf');
    expect(await response.text()).toBe('%PDF-1.7');
  });
});
