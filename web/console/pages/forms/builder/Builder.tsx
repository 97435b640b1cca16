/**
 * Trình thiết kế biểu mẫu: edits the draft definition of a form, validates it in the browser with
 * the server's own schema (`FormDefinitionSchema`), saves it, publishes it as an immutable
 * version, and shows a live preview drawn by the public page's `FormView`.
 */

import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { type ApiError, api, asApiError, type FieldProblem } from '../../../lib/api';
import { instantToDmyHm } from '../../../lib/dates';
import { useLang } from '../../../lib/lang';
import { ErrorBanner, Status } from '../../../ui/fields';
import { PageHeading } from '../../../ui/PageHeading';
import { FormTabs } from '../FormTabs';
import { type FormDetail, loadForm, STATUS_LABELS } from '../types';
import { IdentityEditor } from './IdentityEditor';
import { LocalTextField, ProblemsContext, pathId } from './inputs';
import { addPage, cleanDefinition, type FormDefinition, stripPrefix, validateDraft } from './model';
import { PageEditor } from './PageEditor';
import { Preview } from './Preview';

/** Focuses the input nearest to a problem's path (the path itself, else its closest ancestor). */
function focusPath(path: string) {
  const parts = path.split('.');
  for (let n = parts.length; n > 0; n--) {
    const el = document.getElementById(pathId(parts.slice(0, n).join('.')));
    if (el) {
      el.focus();
      el.scrollIntoView({ block: 'center' });
      return;
    }
  }
}

function ProblemList({ problems }: { problems: FieldProblem[] }) {
  const { tr, lang } = useLang();
  if (!problems.length) return null;
  return (
    <div class="banner banner-error" role="alert" id="builder-problems">
      <h2>{tr(`Bản nháp có ${problems.length} lỗi`, `The draft has ${problems.length} problem(s)`)}</h2>
      <ul>
        {problems.map((p, k) => (
          <li key={k}>
            <a
              href={`#${pathId(p.path)}`}
              onClick={(e) => {
                e.preventDefault();
                focusPath(p.path);
              }}
            >
              <code>{p.path}</code>
            </a>
            : {p.message[lang] || p.message.vi}
          </li>
        ))}
      </ul>
    </div>
  );
}

export default function Builder() {
  const { params } = useRoute();
  const id = params.id!;
  const { tr } = useLang();
  const [detail, setDetail] = useState<FormDetail | null>(null);
  const [def, setDef] = useState<FormDefinition | null>(null);
  const [savedJson, setSavedJson] = useState('');
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const [open, setOpenSet] = useState<Set<string>>(new Set());

  const reload = useCallback(async () => {
    const d = await loadForm(id);
    setDetail(d);
    setDef(d.draft);
    setSavedJson(JSON.stringify(cleanDefinition(d.draft)));
  }, [id]);

  useEffect(() => {
    reload().catch((e) => setError(asApiError(e)));
  }, [reload]);

  const dirty = useMemo(() => !!def && JSON.stringify(cleanDefinition(def)) !== savedJson, [def, savedJson]);
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    addEventListener('beforeunload', warn);
    return () => removeEventListener('beforeunload', warn);
  }, [dirty]);

  // Live checking: once a problem list is showing, it follows the edits.
  const liveProblems = useMemo(() => (def ? validateDraft(def) : []), [def]);
  useEffect(() => {
    if (problems.length) setProblems(liveProblems);
  }, [liveProblems]);

  const setOpen = useCallback((qid: string, on: boolean) => {
    setOpenSet((s) => {
      const n = new Set(s);
      if (on) n.add(qid);
      else n.delete(qid);
      return n;
    });
  }, []);

  /** Validates then saves; true when the server has the draft. */
  async function save(): Promise<boolean> {
    if (!def) return false;
    setError(null);
    const local = validateDraft(def);
    setProblems(local);
    if (local.length) {
      setStatus(tr('Chưa lưu: bản nháp còn lỗi.', 'Not saved: the draft has problems.'));
      requestAnimationFrame(() => document.getElementById('builder-problems')?.focus());
      return false;
    }
    setBusy(true);
    try {
      const clean = cleanDefinition(def);
      await api(`/api/forms/${encodeURIComponent(id)}/draft`, { method: 'PUT', json: { definition: clean } });
      setSavedJson(JSON.stringify(clean));
      setStatus(tr('Đã lưu bản nháp.', 'Draft saved.'));
      return true;
    } catch (e) {
      const err = asApiError(e);
      setError(err);
      setProblems(stripPrefix(err.fields));
      setStatus(tr('Chưa lưu.', 'Not saved.'));
      return false;
    } finally {
      setBusy(false);
    }
  }

  async function publish() {
    if (dirty && !(await save())) return;
    if (!dirty && validateDraft(def!).length) {
      setProblems(validateDraft(def!));
      return;
    }
    if (
      !confirm(
        tr(
          'Xuất bản bản nháp thành một phiên bản mới? Phiên bản đã xuất bản không sửa được.',
          'Publish the draft as a new version? A published version cannot be changed.',
        ),
      )
    )
      return;
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ version: number; unchanged?: boolean }>(
        `/api/forms/${encodeURIComponent(id)}/publish`,
        { method: 'POST', json: {} },
      );
      await reload();
      setStatus(
        r.unchanged
          ? tr(`Không có thay đổi: vẫn là phiên bản ${r.version}.`, `No changes: still version ${r.version}.`)
          : tr(`Đã xuất bản phiên bản ${r.version}.`, `Published version ${r.version}.`),
      );
    } catch (e) {
      const err = asApiError(e);
      setError(err);
      setProblems(stripPrefix(err.fields));
    } finally {
      setBusy(false);
    }
  }

  if (!detail || !def) {
    return (
      <section>
        <PageHeading title={tr('Thiết kế biểu mẫu', 'Form designer')} />
        <ErrorBanner error={error} />
        {error ? null : <Status>{tr('Đang tải…', 'Loading…')}</Status>}
      </section>
    );
  }
  const { form, versions } = detail;
  const st = STATUS_LABELS[form.status] ?? [form.status, form.status];
  const latest = versions.reduce((m, v) => Math.max(m, v.version), 0);
  return (
    <section class="builder">
      <PageHeading title={`${tr('Thiết kế', 'Design')}: ${def.title.vi || form.title}`} />
      <FormTabs id={id} />
      <div class="toolbar" role="toolbar" aria-label={tr('Thao tác với bản nháp', 'Draft actions')}>
        <span class={`badge badge-${form.status}`}>{tr(st[0], st[1])}</span>
        <span>
          {latest
            ? tr(`Phiên bản mới nhất: ${latest}`, `Latest version: ${latest}`)
            : tr('Chưa xuất bản', 'Not published yet')}
          {versions.length ? ` (${instantToDmyHm(Math.max(...versions.map((v) => v.publishedAt)))})` : ''}
        </span>
        <span class={dirty ? 'dirty' : 'clean'}>
          {dirty ? tr('Có thay đổi chưa lưu', 'Unsaved changes') : tr('Đã lưu', 'Saved')}
        </span>
        <button type="button" onClick={save} disabled={busy || !dirty}>
          {tr('Lưu nháp', 'Save draft')}
        </button>
        <button
          type="button"
          onClick={() => setProblems(validateDraft(def).length ? validateDraft(def) : [])}
        >
          {tr('Kiểm tra', 'Check')}
        </button>
        <button type="button" class="primary" onClick={publish} disabled={busy}>
          {tr('Xuất bản', 'Publish')}
        </button>
      </div>
      <Status>{status}</Status>
      <ErrorBanner error={error} unclaimed={[]} />
      <ProblemList problems={problems} />
      <ProblemsContext.Provider value={problems}>
        <div class="builder-grid">
          <div class="builder-main">
            <fieldset class="form-meta">
              <legend>{tr('Thông tin chung', 'General')}</legend>
              <LocalTextField
                label={tr('Tên biểu mẫu', 'Form title')}
                path="title"
                value={def.title}
                onValue={(x) => setDef({ ...def, title: x ?? { vi: '' } })}
              />
              <LocalTextField
                label={tr('Mô tả', 'Description')}
                path="description"
                optional
                multiline
                value={def.description}
                onValue={(x) => setDef({ ...def, description: x })}
              />
              <LocalTextField
                label={tr('Lời cảm ơn sau khi gửi', 'Thank-you text after sending')}
                path="thankYou"
                optional
                multiline
                value={def.thankYou}
                onValue={(x) => setDef({ ...def, thankYou: x })}
              />
            </fieldset>
            <IdentityEditor
              value={def.identity}
              onValue={(identity) => setDef({ ...def, identity })}
              kind={form.kind}
            />
            {def.pages.map((_p, p) => (
              <PageEditor
                key={p}
                def={def}
                p={p}
                onDef={setDef}
                announce={setStatus}
                open={open}
                setOpen={setOpen}
              />
            ))}
            <button
              type="button"
              onClick={() => {
                setDef(addPage(def));
                setStatus(
                  tr(`Đã thêm trang ${def.pages.length + 1}.`, `Added page ${def.pages.length + 1}.`),
                );
                requestAnimationFrame(() =>
                  document.getElementById(`page-h-${def.pages.length}`)?.scrollIntoView(),
                );
              }}
            >
              + {tr('Thêm trang', 'Add page')}
            </button>
          </div>
          <Preview def={def} valid={!liveProblems.length} />
        </div>
      </ProblemsContext.Provider>
    </section>
  );
}
