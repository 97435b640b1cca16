/** Where the console lives, and its links. */
export const BASE = '/console';

export const paths = {
  home: `${BASE}/`,
  login: `${BASE}/login`,
  units: `${BASE}/org`,
  people: `${BASE}/org/people`,
  accounts: `${BASE}/accounts`,
  forms: `${BASE}/forms`,
  form: (id: string) => `${BASE}/forms/${encodeURIComponent(id)}`,
  formSettings: (id: string) => `${BASE}/forms/${encodeURIComponent(id)}/settings`,
  formResponses: (id: string) => `${BASE}/forms/${encodeURIComponent(id)}/responses`,
};
