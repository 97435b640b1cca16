/**
 * One page of the form in the builder: its title, description and condition, and its questions
 * as cards. Every action is a button (add, move up/down — across pages at the ends —, edit,
 * delete), so the whole builder works from the keyboard; focus follows the moved question.
 */
import { useState } from 'preact/hooks';
import { t } from '../../../../../worker/lib/i18n';
import { useLang } from '../../../lib/lang';
import { SelectField } from '../../../ui/fields';
import { ConditionEditor } from './ConditionEditor';
import { LocalTextField, useHasProblemsUnder } from './inputs';
import {
  addQuestion,
  deletePage,
  deleteQuestion,
  type FormDefinition,
  moveQuestion,
  type QuestionType,
  questionsBefore,
  referencesTo,
  setPage,
  setQuestion,
  TYPE_LABELS,
} from './model';
import { QuestionEditor } from './QuestionEditor';

interface Props {
  def: FormDefinition;
  p: number;
  onDef: (d: FormDefinition) => void;
  /** Announces a change to screen readers. */
  announce: (msg: string) => void;
  open: Set<string>;
  setOpen: (qid: string, on: boolean) => void;
}

const focusLater = (id: string) => requestAnimationFrame(() => document.getElementById(id)?.focus());

function QuestionCard(props: Props & { i: number }) {
  const { tr, lang } = useLang();
  const { def, p, i, onDef } = props;
  const q = def.pages[p]!.questions[i]!;
  const path = `pages.${p}.questions.${i}`;
  const hasErr = useHasProblemsUnder(path);
  const expanded = props.open.has(q.id) || hasErr;
  const total = def.pages.reduce((n, pg) => n + pg.questions.length, 0);
  const index = def.pages.slice(0, p).reduce((n, pg) => n + pg.questions.length, 0) + i;
  const move = (delta: -1 | 1) => {
    const r = moveQuestion(def, p, i, delta);
    onDef(r.def);
    props.announce(
      tr({
        vi: `Đã chuyển câu ${q.id} tới trang ${r.p + 1}, vị trí ${r.i + 1}.`,
        en: `Moved ${q.id} to page ${r.p + 1}, position ${r.i + 1}.`,
      }),
    );
    focusLater(`card-${q.id}-${delta < 0 ? 'up' : 'down'}`);
  };
  const refs = referencesTo(def, q.id);
  return (
    <li class={`qcard${hasErr ? ' has-error' : ''}`} id={`card-${q.id}`}>
      <div class="qcard-head">
        <span class="qnum">{index + 1}.</span>
        <span class="qlabel">
          {t(q.label, lang) || tr({ vi: '(chưa có nội dung)', en: '(no text yet)' })}
        </span>
        <span class="qtype">
          {tr(TYPE_LABELS[q.type])} · <code>{q.id}</code>
          {q.required ? ` · ${tr({ vi: 'bắt buộc', en: 'required' })}` : ''}
          {q.showIf ? ` · ${tr({ vi: 'có điều kiện', en: 'conditional' })}` : ''}
        </span>
        {hasErr ? <span class="badge-error">{tr({ vi: 'Có lỗi', en: 'Has errors' })}</span> : null}
        <div class="row-actions">
          <button
            type="button"
            aria-expanded={expanded}
            aria-controls={`edit-${q.id}`}
            onClick={() => props.setOpen(q.id, !expanded)}
          >
            {expanded ? tr({ vi: 'Thu gọn', en: 'Collapse' }) : tr({ vi: 'Sửa', en: 'Edit' })}
            <span class="sr-only"> {q.id}</span>
          </button>
          <button
            type="button"
            id={`card-${q.id}-up`}
            disabled={index === 0}
            onClick={() => move(-1)}
            aria-label={tr({ vi: `Chuyển câu ${q.id} lên`, en: `Move ${q.id} up` })}
          >
            ↑
          </button>
          <button
            type="button"
            id={`card-${q.id}-down`}
            disabled={index === total - 1}
            onClick={() => move(1)}
            aria-label={tr({ vi: `Chuyển câu ${q.id} xuống`, en: `Move ${q.id} down` })}
          >
            ↓
          </button>
          <button
            type="button"
            class="danger"
            onClick={() => {
              const warn = refs.length
                ? tr({
                    vi: `Điều kiện của ${refs.join(', ')} đang dùng câu này. `,
                    en: `Conditions of ${refs.join(', ')} use this question. `,
                  })
                : '';
              if (!confirm(`${warn}${tr({ vi: `Xoá câu ${q.id}?`, en: `Delete ${q.id}?` })}`)) return;
              onDef(deleteQuestion(def, p, i));
              props.announce(tr({ vi: `Đã xoá câu ${q.id}.`, en: `Deleted ${q.id}.` }));
              focusLater(`add-type-${p}`);
            }}
          >
            {tr({ vi: 'Xoá', en: 'Delete' })}
            <span class="sr-only"> {q.id}</span>
          </button>
        </div>
      </div>
      {expanded ? (
        <div id={`edit-${q.id}`}>
          <QuestionEditor
            q={q}
            path={path}
            onQ={(nq) => {
              if (nq.id !== q.id && props.open.has(q.id)) props.setOpen(nq.id, true);
              onDef(setQuestion(def, p, i, nq));
            }}
            before={questionsBefore(def, q.id)}
            referencedBy={refs}
          />
        </div>
      ) : null}
    </li>
  );
}

export function PageEditor(props: Props) {
  const { tr, lang } = useLang();
  const { def, p, onDef } = props;
  const page = def.pages[p]!;
  const [type, setType] = useState<QuestionType>('short_text');
  const types = Object.entries(TYPE_LABELS).map(([k, l]) => [k, tr(l)] as const);
  const firstQ = page.questions[0];
  return (
    <section class="page-editor" aria-labelledby={`page-h-${p}`}>
      <h2 id={`page-h-${p}`}>
        {tr({ vi: `Trang ${p + 1}`, en: `Page ${p + 1}` })}
        {t(page.title, lang) ? `: ${t(page.title, lang)}` : ''}
      </h2>
      <details>
        <summary>
          {tr({ vi: 'Tiêu đề, mô tả và điều kiện của trang', en: 'Page title, description and condition' })}
        </summary>
        <LocalTextField
          label={tr({ vi: 'Tiêu đề trang', en: 'Page title' })}
          path={`pages.${p}.title`}
          optional
          value={page.title}
          onValue={(x) => onDef(setPage(def, p, { ...page, title: x }))}
        />
        <LocalTextField
          label={tr({ vi: 'Mô tả trang', en: 'Page description' })}
          path={`pages.${p}.description`}
          optional
          multiline
          value={page.description}
          onValue={(x) => onDef(setPage(def, p, { ...page, description: x }))}
        />
        <ConditionEditor
          legend={tr({ vi: 'Chỉ hiển thị trang khi', en: 'Show this page only when' })}
          path={`pages.${p}.showIf`}
          value={page.showIf}
          onValue={(e) => onDef(setPage(def, p, { ...page, showIf: e }))}
          candidates={
            firstQ ? questionsBefore(def, firstQ.id) : def.pages.slice(0, p).flatMap((x) => x.questions)
          }
        />
        {def.pages.length > 1 ? (
          <button
            type="button"
            class="danger"
            onClick={() => {
              if (
                !confirm(
                  tr({
                    vi: `Xoá trang ${p + 1} và ${page.questions.length} câu hỏi của nó?`,
                    en: `Delete page ${p + 1} and its ${page.questions.length} questions?`,
                  }),
                )
              )
                return;
              onDef(deletePage(def, p));
              props.announce(tr({ vi: `Đã xoá trang ${p + 1}.`, en: `Deleted page ${p + 1}.` }));
            }}
          >
            {tr({ vi: 'Xoá trang này', en: 'Delete this page' })}
          </button>
        ) : null}
      </details>
      {page.questions.length ? (
        <ol class="qlist">
          {page.questions.map((_q, i) => (
            // Keyed by position: editing a question's id must not remount the card (and lose focus).
            <QuestionCard key={i} {...props} i={i} />
          ))}
        </ol>
      ) : (
        <p class="hint">{tr({ vi: 'Trang này chưa có câu hỏi.', en: 'This page has no questions yet.' })}</p>
      )}
      <div class="add-question">
        <SelectField
          id={`add-type-${p}`}
          label={tr({ vi: 'Loại câu hỏi mới', en: 'New question type' })}
          value={type}
          options={types}
          onValue={(x) => setType(x as QuestionType)}
        />
        <button
          type="button"
          class="primary"
          id={`add-q-${p}`}
          onClick={() => {
            const r = addQuestion(def, p, type);
            onDef(r.def);
            props.setOpen(r.id, true);
            props.announce(tr({ vi: `Đã thêm câu ${r.id}.`, en: `Added ${r.id}.` }));
            focusLater(`b-pages-${p}-questions-${page.questions.length}-label-vi`);
          }}
        >
          + {tr({ vi: 'Thêm câu hỏi', en: 'Add question' })}
        </button>
      </div>
    </section>
  );
}
