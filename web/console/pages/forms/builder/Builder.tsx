/**
 * Trình thiết kế biểu mẫu: edits the draft definition of a form, validates it in the browser with
 * the server's own schema (`FormDefinitionSchema`), saves it, publishes it as an immutable
 * version, and shows a live preview drawn by the public page's `FormView`.
 */

import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { formatDateTime } from '../../../../../worker/lib/format';
import { labelOf, t } from '../../../../../worker/lib/i18n';
import { FORM_STATUS } from '../../../../../worker/text/forms';
import { type ApiError, api, asApiError, type FieldProblem } from '../../../lib/api';
import { useLang } from '../../../lib/lang';
import { type LocalCopy, readLocalCopy, useLeaveGuard, writeLocalCopy } from '../../../lib/unsaved';
import { ErrorBanner, Status } from '../../../ui/fields';
import { PageHeading } from '../../../ui/PageHeading';
import { FormTabs } from '../FormTabs';
import { type FormDetail, loadForm } from '../types';
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
      <h2>
        {tr({ vi: `Bản nháp có ${problems.length} lỗi`, en: `The draft has ${problems.length} problem(s)` })}
      </h2>
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
            : {t(p.message, lang)}
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
  const [checked, setChecked] = useState(false);
  /** A copy of unsaved work kept on this PC whose base is no longer the server's draft: ask. */
  const [stale, setStale] = useState<LocalCopy<FormDefinition> | null>(null);
  const copyKey = `form-draft:${id}`;

  const reload = useCallback(
    async (restore = false) => {
      const d = await loadForm(id);
      const base = JSON.stringify(cleanDefinition(d.draft));
      setDetail(d);
      setSavedJson(base);
      const copy = restore ? readLocalCopy<FormDefinition>(copyKey) : null;
      if (copy && copy.base === base && JSON.stringify(cleanDefinition(copy.value)) !== base) {
        // Work left here unsaved (another tab of the console, a reload): it comes back.
        setDef(copy.value);
        setStatus(
          tr({
            vi: `Đã khôi phục thay đổi chưa lưu (lúc ${formatDateTime(copy.at)}). Hãy lưu nháp hoặc bỏ thay đổi.`,
            en: `Restored unsaved changes (from ${formatDateTime(copy.at)}). Save the draft or discard them.`,
          }),
        );
      } else {
        setDef(d.draft);
        if (copy && copy.base !== base) setStale(copy);
        else writeLocalCopy(copyKey, null);
      }
    },
    [id],
  );

  useEffect(() => {
    reload(true).catch((e) => setError(asApiError(e)));
  }, [reload]);

  const dirty = useMemo(() => !!def && JSON.stringify(cleanDefinition(def)) !== savedJson, [def, savedJson]);
  // Every edit is kept on this PC until it is saved; a saved (clean) draft leaves no copy.
  useEffect(() => {
    if (!def || !savedJson || stale) return;
    writeLocalCopy(copyKey, dirty ? { base: savedJson, value: def } : null);
  }, [def, savedJson, dirty, stale]);
  useLeaveGuard(
    dirty,
    tr({
      vi: 'Bản nháp có thay đổi chưa lưu. Rời trang này? (Thay đổi vẫn được giữ trên máy này cho đến khi bạn lưu hoặc bỏ.)',
      en: 'The draft has unsaved changes. Leave this page? (They stay on this PC until you save or discard them.)',
    }),
  );
  useEffect(() => setChecked(false), [def]);

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
      setStatus(tr({ vi: 'Chưa lưu: bản nháp còn lỗi.', en: 'Not saved: the draft has problems.' }));
      requestAnimationFrame(() => document.getElementById('builder-problems')?.focus());
      return false;
    }
    setBusy(true);
    try {
      const clean = cleanDefinition(def);
      await api.PUT('/api/forms/{id}/draft', { params: { path: { id } }, body: { definition: clean } });
      setSavedJson(JSON.stringify(clean));
      setStatus(tr({ vi: 'Đã lưu bản nháp.', en: 'Draft saved.' }));
      return true;
    } catch (e) {
      const err = asApiError(e);
      setError(err);
      setProblems(stripPrefix(err.fields));
      setStatus(tr({ vi: 'Chưa lưu.', en: 'Not saved.' }));
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
        tr({
          vi: 'Xuất bản bản nháp thành một phiên bản mới? Phiên bản đã xuất bản không sửa được.',
          en: 'Publish the draft as a new version? A published version cannot be changed.',
        }),
      )
    )
      return;
    setBusy(true);
    setError(null);
    try {
      const r = await api.POST('/api/forms/{id}/publish', { params: { path: { id } } });
      await reload();
      writeLocalCopy(copyKey, null);
      setStatus(
        r.unchanged
          ? tr({
              vi: `Không có thay đổi: vẫn là phiên bản ${r.version}.`,
              en: `No changes: still version ${r.version}.`,
            })
          : tr({ vi: `Đã xuất bản phiên bản ${r.version}.`, en: `Published version ${r.version}.` }),
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
        <PageHeading title={tr({ vi: 'Thiết kế biểu mẫu', en: 'Form designer' })} />
        <ErrorBanner error={error} />
        {error ? null : <Status>{tr({ vi: 'Đang tải…', en: 'Loading…' })}</Status>}
      </section>
    );
  }
  const { form, versions } = detail;
  const latest = versions.reduce((m, v) => Math.max(m, v.version), 0);
  return (
    <section class="builder">
      <PageHeading title={`${tr({ vi: 'Thiết kế', en: 'Design' })}: ${def.title.vi || form.title}`} />
      <FormTabs id={id} />
      <div
        class="toolbar"
        role="toolbar"
        aria-label={tr({ vi: 'Thao tác với bản nháp', en: 'Draft actions' })}
      >
        <span class={`badge badge-${form.status}`}>{tr(labelOf(FORM_STATUS, form.status))}</span>
        <span>
          {latest
            ? tr({ vi: `Phiên bản mới nhất: ${latest}`, en: `Latest version: ${latest}` })
            : tr({ vi: 'Chưa xuất bản', en: 'Not published yet' })}
          {versions.length ? ` (${formatDateTime(Math.max(...versions.map((v) => v.publishedAt)))})` : ''}
        </span>
        <span class={dirty ? 'dirty' : 'clean'}>
          {dirty
            ? tr({ vi: 'Có thay đổi chưa lưu', en: 'Unsaved changes' })
            : tr({ vi: 'Đã lưu', en: 'Saved' })}
        </span>
        <button type="button" onClick={save} disabled={busy || !dirty}>
          {tr({ vi: 'Lưu nháp', en: 'Save draft' })}
        </button>
        {dirty ? (
          <button
            type="button"
            id="discard-draft"
            onClick={() => {
              if (
                !confirm(
                  tr({
                    vi: 'Bỏ mọi thay đổi chưa lưu và quay về bản nháp đã lưu?',
                    en: 'Discard every unsaved change and go back to the saved draft?',
                  }),
                )
              )
                return;
              setDef(detail.draft);
              setProblems([]);
              writeLocalCopy(copyKey, null);
              setStatus(tr({ vi: 'Đã bỏ thay đổi chưa lưu.', en: 'Unsaved changes discarded.' }));
            }}
          >
            {tr({ vi: 'Bỏ thay đổi', en: 'Discard changes' })}
          </button>
        ) : null}
        <button
          type="button"
          id="check-draft"
          onClick={() => {
            setProblems(liveProblems);
            setChecked(true);
            if (liveProblems.length)
              requestAnimationFrame(() => document.getElementById('builder-problems')?.focus());
          }}
        >
          {tr({ vi: 'Kiểm tra', en: 'Check' })}
        </button>
        <button type="button" class="primary" onClick={publish} disabled={busy}>
          {tr({ vi: 'Xuất bản', en: 'Publish' })}
        </button>
      </div>
      <Status>{status}</Status>
      {stale ? (
        <div class="banner" role="alert" id="stale-copy">
          <p>
            {tr({
              vi: `Máy này còn giữ thay đổi chưa lưu từ lúc ${formatDateTime(stale.at)}, nhưng bản nháp trên máy chủ đã được sửa sau đó (ở máy khác hoặc thẻ khác).`,
              en: `This PC still holds unsaved changes from ${formatDateTime(stale.at)}, but the draft on the server has changed since (on another PC or tab).`,
            })}
          </p>
          <button
            type="button"
            onClick={() => {
              setDef(stale.value);
              setStale(null);
              setStatus(
                tr({
                  vi: 'Đã khôi phục thay đổi trên máy này.',
                  en: 'Restored the changes kept on this PC.',
                }),
              );
            }}
          >
            {tr({ vi: 'Dùng thay đổi trên máy này', en: 'Use the changes kept here' })}
          </button>{' '}
          <button
            type="button"
            onClick={() => {
              writeLocalCopy(copyKey, null);
              setStale(null);
            }}
          >
            {tr({ vi: 'Bỏ, giữ bản trên máy chủ', en: 'Discard them, keep the server’s' })}
          </button>
        </div>
      ) : null}
      <ErrorBanner error={error} unclaimed={[]} />
      {checked && !liveProblems.length ? (
        <p class="banner banner-ok" role="status" id="check-ok">
          {tr({
            vi: 'Bản nháp hợp lệ: không có lỗi, có thể lưu và xuất bản.',
            en: 'The draft is valid: no problems, ready to save and publish.',
          })}
        </p>
      ) : null}
      <ProblemList problems={problems} />
      <ProblemsContext.Provider value={problems}>
        <div class="builder-grid">
          <div class="builder-main">
            <fieldset class="form-meta">
              <legend>{tr({ vi: 'Thông tin chung', en: 'General' })}</legend>
              <LocalTextField
                label={tr({ vi: 'Tên biểu mẫu', en: 'Form title' })}
                path="title"
                value={def.title}
                onValue={(x) => setDef({ ...def, title: x ?? { vi: '' } })}
              />
              <LocalTextField
                label={tr({ vi: 'Mô tả', en: 'Description' })}
                path="description"
                optional
                multiline
                value={def.description}
                onValue={(x) => setDef({ ...def, description: x })}
              />
              <LocalTextField
                label={tr({ vi: 'Lời cảm ơn sau khi gửi', en: 'Thank-you text after sending' })}
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
                  tr({
                    vi: `Đã thêm trang ${def.pages.length + 1}.`,
                    en: `Added page ${def.pages.length + 1}.`,
                  }),
                );
                requestAnimationFrame(() =>
                  document.getElementById(`page-h-${def.pages.length}`)?.scrollIntoView(),
                );
              }}
            >
              + {tr({ vi: 'Thêm trang', en: 'Add page' })}
            </button>
          </div>
          <Preview def={def} valid={!liveProblems.length} />
        </div>
      </ProblemsContext.Provider>
    </section>
  );
}
