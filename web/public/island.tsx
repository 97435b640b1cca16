/**
 * The public form's island: hydrates the server-rendered `<form>` with the very same first render,
 * then enhances it — one page at a time, live show/hide, inline validation with the engine the
 * server re-runs, and a submission through the offline queue (answers kept on the phone, sent once
 * when the network comes back). Without this script the page still works: the form posts natively.
 */
import { hydrate } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Answers, AnswerValue, FormDefinition } from '../../worker/forms/engine/definition';
import {
  type Choice,
  errorMap,
  type IdentityField,
  type PickerSearchState,
  shownPages,
} from '../../worker/forms/view/FormView';
import { type FormNotice, type FormPageData, PublicForm } from '../../worker/forms/view/PublicForm';
import { ui } from '../../worker/forms/view/strings';
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
function phoneQueue(store: KeyValueStore) {
  return {
    deviceKey: () => deviceKey(store),
    saveDraft: (slug: string, d: Parameters<typeof saveDraft>[2]) => saveDraft(store, slug, d),
    loadDraft: (slug: string, versionId: string) => loadDraft(store, slug, versionId),
    pending: (slug: string) => pending(store, slug),
    enqueue: (slug: string, body: SubmitBody, lang: 'vi' | 'en') => enqueue(store, slug, body, lang),
    send: async (slug: string) => new (await later()).OfflineQueue(store, (u, i) => fetch(u, i)).send(slug),
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

function App({
  data,
  choices,
  queue,
}: {
  data: FormPageData;
  choices: Record<string, Choice[]>;
  queue: PhoneQueue;
}) {
  const { definition: def, slug, lang } = data;
  // The first render equals the server's, so hydration adopts the markup as it is.
  const [answers, setAnswers] = useState<Answers>(data.answers);
  const [identity, setIdentity] = useState<Partial<Record<IdentityField, string>>>(data.identity);
  const [consent, setConsent] = useState(data.consentAccepted);
  const [errors, setErrors] = useState<Record<string, string>>(data.errors);
  const [enhanced, setEnhanced] = useState(false);
  const [page, setPage] = useState<number | undefined>(undefined);
  const [status, setStatus] = useState<string | undefined>(undefined);
  const [notice, setNotice] = useState<FormNotice | undefined>(data.notice);
  const [locked, setLocked] = useState(false);
  const [receipt, setReceipt] = useState<string | null>(null);
  const [pin, setPin] = useState<string | undefined>(undefined);
  const [fileNames, setFileNames] = useState<Record<string, string>>({});
  const [uploading, setUploading] = useState<string[]>([]);
  const [progress, setProgress] = useState<Record<string, number>>({});
  const [search, setSearch] = useState<
    Record<string, PickerSearchState & { busy?: boolean; message?: string }>
  >(data.search ?? {});
  const findTimers = useRef<Record<string, ReturnType<typeof setTimeout>>>({});
  const findSeq = useRef<Record<string, number>>({});
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const sending = useRef(false);
  const answersRef = useRef(answers);
  answersRef.current = answers;

  /** One attempt at the queued submission, then what its outcome calls for. */
  async function attempt() {
    if (sending.current) return;
    const q = queue.pending(slug);
    if (!q || q.blocked) return;
    sending.current = true;
    clearTimeout(timer.current);
    setLocked(true);
    setStatus(ui('sending', lang));
    let out: Outcome;
    try {
      // The receipt's code is drawn by the second chunk: have it before the server can answer, so
      // an acknowledged send always shows its receipt (and the PIN, shown only once). Not loadable
      // means offline: the submission stays queued.
      out = await queue.send(slug);
    } catch {
      out = { kind: 'offline' };
    } finally {
      sending.current = false;
    }
    if (out.kind === 'sent') {
      setPin(out.pin);
      setReceipt(out.receiptCode);
      focus('receipt');
    } else if (out.kind === 'invalid') {
      const errs = errorMap(out.fields, lang);
      setNotice(out.notice);
      setLocked(false);
      setStatus(undefined);
      setErrors(errs);
      setPage(pageOfFirstError(def, errs, shownPages(def, answersRef.current)));
      focus('error-summary');
    } else if (out.kind === 'refused') {
      setLocked(false);
      setStatus(`${out.message ? `${out.message} ` : ''}${ui('sendFailed', lang)}`);
    } else if (out.kind === 'offline' || out.kind === 'retry') {
      setStatus(ui(out.kind === 'offline' ? 'offlineQueued' : 'retrying', lang));
      timer.current = setTimeout(attempt, backoff(queue.pending(slug)?.attempts ?? 1));
    }
  }
  useEffect(() => {
    // A reload: restore the draft unless the server just re-rendered a post (its answers are newer).
    const fromServer = Object.keys(data.answers).length > 0 || Object.keys(data.errors).length > 0;
    const draft = fromServer ? null : queue.loadDraft(slug, data.versionId);
    const start = draft?.answers ?? data.answers;
    if (draft) {
      setAnswers(draft.answers);
      setIdentity(draft.identity);
      setConsent(draft.consentAccepted);
      if (Object.keys(draft.answers).length) setStatus(ui('draftRestored', lang));
    }
    const pending = queue.pending(slug);
    const shown = shownPages(def, start);
    // A submission still waiting was sent from the last page: reopen there, beside its status line.
    setPage(pageOfFirstError(def, data.errors, shown) ?? (pending ? shown[shown.length - 1] : shown[0]));
    setEnhanced(true);
    if (pending && !pending.blocked) {
      setLocked(true);
      void attempt();
    }
    const online = () => void attempt();
    window.addEventListener('online', online);
    // The first answer warms the second chunk (receipt, uploads, search) while the citizen types.
    const warm = () => void later().catch(() => {});
    document.getElementById('form-root')?.addEventListener('input', warm, { once: true });
    return () => window.removeEventListener('online', online);
  }, []);

  // Every change is saved on the phone at once: a dropped page or a reload loses nothing.
  useEffect(() => {
    if (enhanced && !receipt) {
      queue.saveDraft(slug, {
        versionId: data.versionId,
        answers,
        identity: identity as Record<string, string>,
        consentAccepted: consent,
      });
    }
  }, [answers, identity, consent, enhanced]);

  if (receipt && engine) {
    const { ReceiptView } = engine;
    return (
      <ReceiptView
        lang={lang}
        code={receipt}
        pin={pin}
        note={data.receiptNote}
        thankYou={def.thankYou ? t(def.thankYou, lang) : undefined}
      />
    );
  }

  const shown = shownPages(def, answers);
  const current = page !== undefined && shown.includes(page) ? page : shown[0];

  /**
   * Errors of the engine for the given pages' questions (all pages when omitted). Without the second
   * chunk (offline before it ever loaded) nothing is checked here: the server checks on arrival and
   * its field errors come back beside the fields.
   */
  function check(pages?: number[]) {
    const current = answersRef.current;
    const r = engine ? engine.validateAnswers(def, current) : { ok: true as const, answers: current };
    const all = r.ok ? {} : errorMap(r.errors, lang);
    if (!pages) return { result: r, errs: all };
    const ids = new Set(pages.flatMap((i) => def.pages[i]!.questions.map((q) => q.id)));
    return {
      result: r,
      errs: Object.fromEntries(Object.entries(all).filter(([k]) => ids.has(k.split('.')[0]!))),
    };
  }

  const onAnswer = (id: string, value: AnswerValue | undefined) => {
    setAnswers((prev) => {
      const next = { ...prev };
      if (value === undefined) delete next[id];
      else next[id] = value;
      return next;
    });
    // Inline validation: a corrected field loses its error as soon as it is right.
    if (errors[id] || Object.keys(errors).some((k) => k.startsWith(`${id}.`))) {
      setErrors((prev) =>
        Object.fromEntries(Object.entries(prev).filter(([k]) => k !== id && !k.startsWith(`${id}.`))),
      );
    }
  };

  const setError = (id: string, message: string) => setErrors((prev) => ({ ...prev, [id]: message }));

  /** Uploads one evidence file now (uploads need the network; the rest of the form does not). */
  const onFiles = async (id: string, files: FileList) => {
    const file = files[0];
    if (!file) return;
    setUploading((u) => [...u, id]);
    setProgress((p) => ({ ...p, [id]: 0 }));
    try {
      const { shrinkPhoto, postWithProgress } = await later();
      const blob = await shrinkPhoto(file);
      if (blob.size > 5 * 1024 * 1024) return setError(id, ui('fileTooBig', lang));
      const fd = new FormData();
      fd.set('file', blob, blob === file ? file.name : 'photo.jpg');
      const { ok, data } = await postWithProgress(
        `/api/public/forms/${encodeURIComponent(slug)}/uploads?q=${id}&lang=${lang}`,
        fd,
        { 'x-device-key': queue.deviceKey() },
        (f) => setProgress((p) => ({ ...p, [id]: f })),
      );
      if (ok && data.key) {
        const key = data.key;
        setFileNames((n) => ({ ...n, [key]: file.name }));
        setAnswers((prev) => ({
          ...prev,
          [id]: [...(Array.isArray(prev[id]) ? (prev[id] as string[]) : []), key],
        }));
        setErrors((prev) => Object.fromEntries(Object.entries(prev).filter(([k]) => k !== id)));
      } else setError(id, data.error?.message ?? ui('sendFailed', lang));
    } catch {
      setError(id, ui('fileOffline', lang));
    } finally {
      setUploading((u) => u.filter((x) => x !== id));
    }
  };
  const onRemoveFile = (id: string, key: string) => {
    const rest = (Array.isArray(answers[id]) ? (answers[id] as string[]) : []).filter((k) => k !== key);
    onAnswer(id, rest.length ? rest : undefined);
  };

  const patchSearch = (
    id: string,
    patch: Partial<PickerSearchState & { busy?: boolean; message?: string }>,
  ) => setSearch((prev) => ({ ...prev, [id]: { query: '', ...prev[id], ...patch } }));

  /** Searches a picker by name now (the latest search wins; an offline phone is told, nothing lost). */
  const find = async (id: string, text: string) => {
    clearTimeout(findTimers.current[id]);
    const q = text.trim();
    if (q.length < 2 || q.length > 60) return;
    const seq = (findSeq.current[id] ?? 0) + 1;
    findSeq.current[id] = seq;
    patchSearch(id, { busy: true, message: undefined });
    try {
      const { findChoices } = await later();
      const { choices: matches, message } = await findChoices(slug, id, q, lang);
      if (findSeq.current[id] !== seq) return;
      if (!matches) return patchSearch(id, { busy: false, message: message ?? ui('sendFailed', lang) });
      patchSearch(id, { busy: false, matches });
      // A pick the new matches do not offer is dropped: the citizen picks anew from this list.
      if (!matches.some((m) => m.value === answersRef.current[id])) onAnswer(id, undefined);
    } catch {
      if (findSeq.current[id] === seq) patchSearch(id, { busy: false, message: ui('findOffline', lang) });
    }
  };
  const onQuery = (id: string, text: string) => {
    patchSearch(id, { query: text });
    clearTimeout(findTimers.current[id]);
    findTimers.current[id] = setTimeout(() => void find(id, text), 300);
  };
  const searchProps = enhanced
    ? Object.fromEntries(
        Object.entries(search).map(([id, s]) => [
          id,
          { ...s, onQuery, onFind: (qid: string) => void find(qid, search[qid]?.query ?? '') },
        ]),
      )
    : search;

  const onNext = async () => {
    await ready();
    const { errs } = check(current === undefined ? [] : [current]);
    setErrors(errs);
    if (Object.keys(errs).length) return focus('error-summary');
    const next = shown[shown.indexOf(current!) + 1];
    setPage(next);
    focus(`page-${def.pages[next!]!.id}`);
  };
  const onBack = () => {
    const prev = shown[shown.indexOf(current!) - 1];
    setErrors({});
    setPage(prev);
    focus(`page-${def.pages[prev!]!.id}`);
  };

  const onSubmit = async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    if (locked) return;
    await ready();
    const { result, errs } = check();
    if (!result.ok) {
      setErrors(errs);
      setPage(pageOfFirstError(def, errs, shown));
      return focus('error-summary');
    }
    setErrors({});
    setNotice(undefined);
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
  };

  return (
    <PublicForm
      notice={notice}
      slug={slug}
      idem={data.idem}
      lang={lang}
      definition={def}
      answers={answers}
      identity={identity}
      consentAccepted={consent}
      errors={errors}
      choices={choices}
      search={searchProps}
      files={
        enhanced
          ? { enabled: true, names: fileNames, busy: uploading, progress, onFiles, onRemove: onRemoveFile }
          : undefined
      }
      turnstileSiteKey={data.turnstileSiteKey}
      enhanced={enhanced}
      page={enhanced ? current : undefined}
      status={status}
      locked={locked}
      busy={locked}
      onAnswer={onAnswer}
      onIdentity={(f, v) => setIdentity((prev) => ({ ...prev, [f]: v }))}
      onConsent={setConsent}
      onNext={onNext}
      onBack={onBack}
      onSubmit={onSubmit}
    />
  );
}

function start() {
  performance.mark('island:start'); // read by test/bench/citizen-speed.mjs
  const script = document.getElementById('form-data');
  const root = document.getElementById('form-root');
  if (!script || !root) return;
  const data = JSON.parse(script.textContent ?? '{}') as FormPageData;
  const queue = phoneQueue(storage());
  hydrate(<App data={data} choices={choicesFromDom(data.definition, data.search)} queue={queue} />, root);
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
