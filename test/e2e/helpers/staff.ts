/**
 * The staff API from the test process (plain `fetch`, no browser): sign in as a demo account and
 * read back what the server stored, so a journey can check the database, not just the screen.
 */
import type { Answers } from '../../../worker/forms/engine/definition';

export interface StoredResponse {
  id: string;
  receiptCode: string;
  answers: Answers;
  unitId: string;
}

/**
 * Signs in through `POST /api/auth/login` and returns a client that carries the session cookie.
 * Writes send `Origin: base` (the CSRF guard wants our own origin).
 * @example const staff = await staffApi(base, 'thietke@langnghe.demo', password)
 */
export async function staffApi(base: string, email: string, password: string) {
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ email, password }),
  });
  if (login.status !== 200) throw new Error(`login ${email}: ${login.status} ${await login.text()}`);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('ln_session='));
  if (!cookie) throw new Error(`login ${email}: no session cookie`);

  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { cookie: cookie!, origin: base };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  return {
    get: <T>(path: string) => request<T>('GET', path),
    post: <T>(path: string, body: unknown) => request<T>('POST', path, body),
    put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
    patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),

    /** Id of the form published under `slug` (must be in the account's scope). */
    async formId(slug: string): Promise<string> {
      const { forms } = await request<{ forms: { id: string; slug: string }[] }>('GET', '/api/forms');
      const f = forms.find((x) => x.slug === slug);
      if (!f) throw new Error(`form ${slug} not in /api/forms`);
      return f.id;
    },

    /** Stored responses of a form whose answers contain `text` (the staff search, diacritic-insensitive). */
    async responsesMatching(formId: string, text: string): Promise<StoredResponse[]> {
      const q = new URLSearchParams({ q: text, limit: '200' });
      const { responses } = await request<{ responses: StoredResponse[] }>(
        'GET',
        `/api/forms/${formId}/responses?${q}`,
      );
      return responses;
    },
  };
}

export type StaffApi = Awaited<ReturnType<typeof staffApi>>;
