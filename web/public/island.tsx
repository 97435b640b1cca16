/**
 * The public form's island: hydrates the server-rendered `<form>` with the very same first render,
 * then enhances it — one page at a time, live show/hide, inline validation with the engine the
 * server re-runs, and a submission through the offline queue (answers kept on the phone, sent once
 * when the network comes back). Without this script the page still works: the form posts natively.
 */
import { Component, hydrate } from 'preact';
import type { Answers, AnswerValue, FormDefinition } from '../../worker/forms/engine/definition';
import {
  type Choice,
  errorMap,
  type IdentityField,
  type PickerSearchState,
  shownPages,
} from '../../worker/forms/view/FormView';
import { type FormNotice, type FormPageData, PublicForm } from '../../worker/forms/view/PublicForm';
import { t } from '../../worker/lib/i18n';
import {
  backoff,
  deviceKey,
  enqueue,
  type KeyValueStore,
  loadDraft,
  type Outcome,
  pending,
  type SubmitBody,
  saveDraft,
} from './store';
import { setTexts, ui } from './texts';

/** localStorage, or a memory stand-in where it is disabled (private mode, blocked cookies). */
function storage(): KeyValueStore {
  try {
    const s = window.localStorage;
    s.setItem('ln:probe', '1');
    s.removeItem('ln:probe');
    return s;
  } catch {
    const m = new Map<string, string>();
    return {
      getItem: (k) => m.get(k) ?? null,
      setItem: (k, v) => void m.set(k, v),
      removeItem: (k) => void m.delete(k),
    };
  }
}

/**
 * Picker options as the server rendered them (read once, so the JSON block need not repeat them).
 * Pickers searched by name are not lists: their matches come with the page data.
 */
function choicesFromDom(def: FormDefinition, search: Record<string, unknown> = {}): Record<string, Choice[]> {
  const out: Record<string, Choice[]> = {};
  for (const q of def.pages.flatMap((p) => p.questions)) {
    if ((q.type !== 'unit_picker' && q.type !== 'person_picker') || q.id in search) continue;
    const el = document.getElementById(`q-${q.id}`);
    if (el instanceof HTMLSelectElement) {
      out[q.id] = [...el.options].filter((o) => o.value).map((o) => ({ value: o.value, label: o.text }));
    }
  }
  return out;
}

type Later = typeof import('./later');
/** The second chunk (`later.tsx`, decision 235) once it has loaded. */
let engine: Later | undefined;
let laterChunk: Promise<Later> | undefined;
/** Loads the second chunk once: on the first answer, or when something needs it first. */
function later(): Promise<Later> {
  laterChunk ??= import('./later').then(
    (m) => (engine = m),
    (err) => {
      laterChunk = undefined; // offline before it ever came: try again next time
      throw err;
    },
  );
  return laterChunk;
}
/** The second chunk if it can be had; without it the island still works (the server validates). */
const ready = () =>
  engine
    ? Promise.resolve()
    : later().then(
        () => {},
        () => {},
      );

/**
 * The offline queue as the island uses it: drafts, the waiting submission and the device key live in
 * this chunk (they must work offline from the first second); the sending itself comes with the
 * second chunk, which also draws the receipt — so an acknowledged send can always show it.
 */
function phoneQueue() {
  // Opened on first use, once the first frame has painted: nothing of it belongs to hydration.
  let kept: KeyValueStore | undefined;
  const store = () => (kept ??= storage());
  return {
    deviceKey: () => deviceKey(store()),
    saveDraft: (slug: string, d: Parameters<typeof saveDraft>[2]) => saveDraft(store(), slug, d),
    loadDraft: (slug: string, versionId: string) => loadDraft(store(), slug, versionId),
    pending: (slug: string) => pending(store(), slug),
    enqueue: (slug: string, body: SubmitBody, lang: 'vi' | 'en') => enqueue(store(), slug, body, lang),
    send: async (slug: string) => new (await later()).OfflineQueue(store(), (u, i) => fetch(u, i)).send(slug),
  };
}
type PhoneQueue = ReturnType<typeof phoneQueue>;

/** Index of the first page holding one of these error keys (`qid`, `qid.row`), else the last page. */
function pageOfFirstError(
  def: FormDefinition,
  errors: Record<string, string>,
  shown: number[],
): number | undefined {
  const ids = new Set(Object.keys(errors).map((k) => k.split('.')[0]));
  const hit = shown.find((i) => def.pages[i]!.questions.some((q) => ids.has(q.id)));
  return hit ?? (Object.keys(errors).length ? shown[shown.length - 1] : undefined);
}

function focus(id: string) {
  requestAnimationFrame(() => {
    const el = document.getElementById(id);
    if (el) {
      if (!el.hasAttribute('tabindex') && !/^(INPUT|SELECT|TEXTAREA|A|BUTTON)$/.test(el.tagName))
        el.tabIndex = -1;
      el.focus();
      el.scrollIntoView({ block: 'start' });
    }
  });
}

type SearchState = Record<string, PickerSearchState & { busy?: boolean; message?: string }>;

/** What the island changes as the citizen goes (the rest of the page data never changes). */
interface State {
  answers: Answers;
  identity: Partial<Record<IdentityField, string>>;
  consent: boolean;
  errors: Record<string, string>;
  enhanced: boolean;
  page?: number;
  status?: string;
  notice?: FormNotice;
  locked: boolean;
  receipt: string | null;
  pin?: string;
  fileNames: Record<string, string>;
  uploading: string[];
  progress: Record<string, number>;
  search: SearchState;
}

/*
 * The page has one island: its data and queue (set by `start`) and its component (`App`, a class:
 * `preact/hooks` would be ≈ 1 KB gzip more on the critical path of a slow connection, decision 235).
 * The handlers below act on that one component.
 */
let data: FormPageData;
let queue: PhoneQueue;
let app: App;
/** The answers of the latest render: what handlers and timers act on. */
let answersNow: Answers;
const set = (patch: Partial<State> | ((s: State) => Partial<State>)) => app.setState(patch);

/** What the citizen sees: the shown pages and the current one. */
function at() {
  const shown = shownPages(data.definition, app.state.answers);
  const page = app.state.page;
  return { shown, current: page !== undefined && shown.includes(page) ? page : shown[0] };
}

let sending = false;
let retry: ReturnType<typeof setTimeout> | undefined;
/** One attempt at the queued submission, then what its outcome calls for. */
async function attempt() {
  const { slug, lang, definition: def } = data;
  if (sending) return;
  const q = queue.pending(slug);
  if (!q || q.blocked) return;
  sending = true;
  clearTimeout(retry);
  set({ locked: true, status: ui('sending', lang) });
  let out: Outcome;
  try {
    // The receipt's code is drawn by the second chunk: have it before the server can answer, so
    // an acknowledged send always shows its receipt (and the PIN, shown only once). Not loadable
    // means offline: the submission stays queued.
    out = await queue.send(slug);
  } catch {
    out = { kind: 'offline' };
  } finally {
    sending = false;
  }
  if (out.kind === 'sent') {
    set({ pin: out.pin, receipt: out.receiptCode });
    focus('receipt');
  } else if (out.kind === 'invalid') {
    const errors = errorMap(out.fields, lang);
    set({
      notice: out.notice,
      locked: false,
      status: undefined,
      errors,
      page: pageOfFirstError(def, errors, shownPages(def, answersNow)),
    });
    focus('error-summary');
  } else if (out.kind === 'refused') {
    set({ locked: false, status: `${out.message ? `${out.message} ` : ''}${ui('sendFailed', lang)}` });
  } else if (out.kind === 'offline' || out.kind === 'retry') {
    set({ status: ui(out.kind === 'offline' ? 'offlineQueued' : 'retrying', lang) });
    retry = setTimeout(attempt, backoff(queue.pending(slug)?.attempts ?? 1));
  }
}

/** Once the first frame has painted, as an effect would: hydration itself stays as short as it can. */
function afterPaint(f: () => void) {
  const done = () => {
    clearTimeout(timeout);
    cancelAnimationFrame(frame);
    setTimeout(f);
  };
  const timeout = setTimeout(done, 35); // a hidden tab paints no frames
  const frame = requestAnimationFrame(done);
}

/** The island's start once hydrated: the draft, paging, a waiting submission. */
function enhance() {
  const { slug, lang, definition: def } = data;
  // A reload: restore the draft unless the server just re-rendered a post (its answers are newer).
  const fromServer = Object.keys(data.answers).length > 0 || Object.keys(data.errors).length > 0;
  const draft = fromServer ? null : queue.loadDraft(slug, data.versionId);
  const next: Partial<State> = { enhanced: true };
  if (draft) {
    next.answers = draft.answers;
    next.identity = draft.identity;
    next.consent = draft.consentAccepted;
    if (Object.keys(draft.answers).length) next.status = ui('draftRestored', lang);
  }
  const waiting = queue.pending(slug);
  const shown = shownPages(def, draft?.answers ?? data.answers);
  // A submission still waiting was sent from the last page: reopen there, beside its status line.
  next.page = pageOfFirstError(def, data.errors, shown) ?? (waiting ? shown[shown.length - 1] : shown[0]);
  if (waiting && !waiting.blocked) next.locked = true;
  set(next);
  if (waiting && !waiting.blocked) void attempt();
  window.addEventListener('online', () => void attempt());
  // The first answer warms the second chunk (receipt, uploads, search) while the citizen types.
  const warm = () => void later().catch(() => {});
  document.getElementById('form-root')?.addEventListener('input', warm, { once: true });
}

/**
 * Errors of the engine for the given pages' questions (all pages when omitted). Without the second
 * chunk (offline before it ever loaded) nothing is checked here: the server checks on arrival and
 * its field errors come back beside the fields.
 */
function check(pages?: number[]) {
  const { definition: def, lang } = data;
  const current = answersNow;
  const r = engine ? engine.validateAnswers(def, current) : { ok: true as const, answers: current };
  const all = r.ok ? {} : errorMap(r.errors, lang);
  if (!pages) return { result: r, errs: all };
  const ids = new Set(pages.flatMap((i) => def.pages[i]!.questions.map((q) => q.id)));
  return {
    result: r,
    errs: Object.fromEntries(Object.entries(all).filter(([k]) => ids.has(k.split('.')[0]!))),
  };
}

function onAnswer(id: string, value: AnswerValue | undefined) {
  set((prev) => {
    const next = { ...prev.answers };
    if (value === undefined) delete next[id];
    else next[id] = value;
    return { answers: next };
  });
  // Inline validation: a corrected field loses its error as soon as it is right.
  const { errors } = app.state;
  if (errors[id] || Object.keys(errors).some((k) => k.startsWith(`${id}.`))) {
    set((prev) => ({
      errors: Object.fromEntries(
        Object.entries(prev.errors).filter(([k]) => k !== id && !k.startsWith(`${id}.`)),
      ),
    }));
  }
}

const setError = (id: string, message: string) =>
  set((prev) => ({ errors: { ...prev.errors, [id]: message } }));

/** Uploads one evidence file now (uploads need the network; the rest of the form does not). */
async function onFiles(id: string, files: FileList) {
  const { slug, lang } = data;
  const file = files[0];
  if (!file) return;
  set((s) => ({ uploading: [...s.uploading, id], progress: { ...s.progress, [id]: 0 } }));
  try {
    const { shrinkPhoto, postWithProgress } = await later();
    const blob = await shrinkPhoto(file);
    if (blob.size > 5 * 1024 * 1024) return setError(id, ui('fileTooBig', lang));
    const fd = new FormData();
    fd.set('file', blob, blob === file ? file.name : 'photo.jpg');
    const { ok, data: reply } = await postWithProgress(
      `/api/public/forms/${encodeURIComponent(slug)}/uploads?q=${id}&lang=${lang}`,
      fd,
      { 'x-device-key': queue.deviceKey() },
      (f) => set((s) => ({ progress: { ...s.progress, [id]: f } })),
    );
    if (ok && reply.key) {
      const key = reply.key;
      set((prev) => ({
        fileNames: { ...prev.fileNames, [key]: file.name },
        answers: {
          ...prev.answers,
          [id]: [...(Array.isArray(prev.answers[id]) ? (prev.answers[id] as string[]) : []), key],
        },
        errors: Object.fromEntries(Object.entries(prev.errors).filter(([k]) => k !== id)),
      }));
    } else setError(id, reply.error?.message ?? ui('sendFailed', lang));
  } catch {
    setError(id, ui('fileOffline', lang));
  } finally {
    set((s) => ({ uploading: s.uploading.filter((x) => x !== id) }));
  }
}

function onRemoveFile(id: string, key: string) {
  const { answers } = app.state;
  const rest = (Array.isArray(answers[id]) ? (answers[id] as string[]) : []).filter((k) => k !== key);
  onAnswer(id, rest.length ? rest : undefined);
}

const patchSearch = (id: string, patch: Partial<SearchState[string]>) =>
  set((prev) => ({ search: { ...prev.search, [id]: { query: '', ...prev.search[id], ...patch } } }));

const findTimers: Record<string, ReturnType<typeof setTimeout>> = {};
const findSeq: Record<string, number> = {};
/** Searches a picker by name now (the latest search wins; an offline phone is told, nothing lost). */
async function find(id: string, text: string) {
  const { slug, lang } = data;
  clearTimeout(findTimers[id]);
  const q = text.trim();
  if (q.length < 2 || q.length > 60) return;
  const seq = (findSeq[id] ?? 0) + 1;
  findSeq[id] = seq;
  patchSearch(id, { busy: true, message: undefined });
  try {
    const { findChoices } = await later();
    const { choices: matches, message } = await findChoices(slug, id, q, lang);
    if (findSeq[id] !== seq) return;
    if (!matches) return patchSearch(id, { busy: false, message: message ?? ui('sendFailed', lang) });
    patchSearch(id, { busy: false, matches });
    // A pick the new matches do not offer is dropped: the citizen picks anew from this list.
    if (!matches.some((m) => m.value === answersNow[id])) onAnswer(id, undefined);
  } catch {
    if (findSeq[id] === seq) patchSearch(id, { busy: false, message: ui('findOffline', lang) });
  }
}

function onQuery(id: string, text: string) {
  patchSearch(id, { query: text });
  clearTimeout(findTimers[id]);
  findTimers[id] = setTimeout(() => void find(id, text), 300);
}

const onFind = (id: string) => void find(id, app.state.search[id]?.query ?? '');

async function onNext() {
  await ready();
  const { shown, current } = at();
  const { errs } = check(current === undefined ? [] : [current]);
  set({ errors: errs });
  if (Object.keys(errs).length) return focus('error-summary');
  const next = shown[shown.indexOf(current!) + 1];
  set({ page: next });
  focus(`page-${data.definition.pages[next!]!.id}`);
}

function onBack() {
  const { shown, current } = at();
  const prev = shown[shown.indexOf(current!) - 1];
  set({ errors: {}, page: prev });
  focus(`page-${data.definition.pages[prev!]!.id}`);
}

async function onSubmit(e: Event) {
  e.preventDefault();
  const form = e.currentTarget as HTMLFormElement;
  if (app.state.locked) return;
  const { slug, lang, definition: def } = data;
  const { identity, consent } = app.state;
  await ready();
  const { result, errs } = check();
  if (!result.ok) {
    set({ errors: errs, page: pageOfFirstError(def, errs, at().shown) });
    return focus('error-summary');
  }
  set({ errors: {}, notice: undefined });
  const field = (name: string) =>
    (form.elements.namedItem(name) as HTMLInputElement | null)?.value || undefined;
  const given = Object.fromEntries(Object.entries(identity).filter(([, v]) => v?.trim())) as Record<
    string,
    string
  >;
  const body: SubmitBody = {
    answers: result.answers,
    ...(Object.keys(given).length ? { identity: given } : {}),
    ...(def.identity && def.identity.mode !== 'none' ? { consentAccepted: consent } : {}),
    ...(field('website') ? { website: field('website') } : {}),
    ...(field('cf-turnstile-response') ? { turnstileToken: field('cf-turnstile-response') } : {}),
  };
  queue.enqueue(slug, body, lang);
  void attempt();
}

const onIdentity = (f: IdentityField, v: string) =>
  set((prev) => ({ identity: { ...prev.identity, [f]: v } }));
const onConsent = (consent: boolean) => set({ consent });

class App extends Component<{ choices: Record<string, Choice[]> }, State> {
  constructor(props: { choices: Record<string, Choice[]> }) {
    super(props);
    app = this;
    // The first render equals the server's, so hydration adopts the markup as it is.
    this.state = {
      answers: data.answers,
      identity: data.identity,
      consent: data.consentAccepted,
      errors: data.errors,
      enhanced: false,
      notice: data.notice,
      locked: false,
      receipt: null,
      fileNames: {},
      uploading: [],
      progress: {},
      search: data.search ?? {},
    };
  }

  override componentDidMount() {
    afterPaint(enhance);
  }

  // Every change is saved on the phone at once: a dropped page or a reload loses nothing.
  override componentDidUpdate(_: unknown, prev: State) {
    const s = this.state;
    if (
      s.enhanced &&
      !s.receipt &&
      (s.answers !== prev.answers ||
        s.identity !== prev.identity ||
        s.consent !== prev.consent ||
        s.enhanced !== prev.enhanced)
    ) {
      queue.saveDraft(data.slug, {
        versionId: data.versionId,
        answers: s.answers,
        identity: s.identity as Record<string, string>,
        consentAccepted: s.consent,
      });
    }
  }

  override render() {
    const { definition: def, slug, lang } = data;
    const s = this.state;
    answersNow = s.answers;

    if (s.receipt && engine) {
      const { ReceiptView } = engine;
      return (
        <ReceiptView
          lang={lang}
          code={s.receipt}
          pin={s.pin}
          note={data.receiptNote}
          thankYou={def.thankYou ? t(def.thankYou, lang) : undefined}
        />
      );
    }

    const search = s.enhanced
      ? Object.fromEntries(Object.entries(s.search).map(([id, x]) => [id, { ...x, onQuery, onFind }]))
      : s.search;

    return (
      <PublicForm
        notice={s.notice}
        slug={slug}
        idem={data.idem}
        lang={lang}
        definition={def}
        answers={s.answers}
        identity={s.identity}
        consentAccepted={s.consent}
        errors={s.errors}
        choices={this.props.choices}
        search={search}
        files={
          s.enhanced
            ? {
                enabled: true,
                names: s.fileNames,
                busy: s.uploading,
                progress: s.progress,
                onFiles,
                onRemove: onRemoveFile,
              }
            : undefined
        }
        turnstileSiteKey={data.turnstileSiteKey}
        enhanced={s.enhanced}
        page={s.enhanced ? at().current : undefined}
        status={s.status}
        locked={s.locked}
        busy={s.locked}
        onAnswer={onAnswer}
        onIdentity={onIdentity}
        onConsent={onConsent}
        onNext={onNext}
        onBack={onBack}
        onSubmit={onSubmit}
      />
    );
  }
}

function start() {
  performance.mark('island:start'); // read by test/bench/citizen-speed.mjs
  const script = document.getElementById('form-data');
  const root = document.getElementById('form-root');
  if (!script || !root) return;
  data = JSON.parse(script.textContent ?? '{}') as FormPageData;
  setTexts(data.ui);
  queue = phoneQueue();
  hydrate(<App choices={choicesFromDom(data.definition, data.search)} />, root);
  performance.mark('island:hydrated');
  document.documentElement.dataset.island = 'ready';
  // Offline once visited (decision 234): /sw.js keeps this page and its island for a reload
  // without network; the queue above still sends the answers when the network is back. Registered
  // once the page has loaded and the main thread is idle: nothing of it belongs before the first
  // frame in which the citizen can use the island (on a slow phone that frame is tens of ms).
  const idle = (f: () => void) =>
    'requestIdleCallback' in window ? requestIdleCallback(f, { timeout: 3000 }) : setTimeout(f, 200);
  const register = () =>
    navigator.serviceWorker
      ?.register('/sw.js')
      .then(() => navigator.serviceWorker.ready)
      .then((r) => r.active?.postMessage({ cache: location.pathname + location.search }))
      .catch(() => {});
  if (document.readyState === 'complete') idle(register);
  else window.addEventListener('load', () => idle(register), { once: true });
}

start();
