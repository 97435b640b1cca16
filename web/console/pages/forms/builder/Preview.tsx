/**
 * Xem trước: the live preview, drawn by the very component the public page renders (`FormView`),
 * with conditions applied as the citizen's browser applies them. Answers typed here stay in the
 * preview; nothing is sent.
 */
import { Component, type ComponentChildren } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Answers, AnswerValue } from '../../../../../worker/forms/engine/definition';
import { type Choice, FormView } from '../../../../../worker/forms/view/FormView';
import type { Lang } from '../../../../../worker/lib/i18n';
import { api, type Reply } from '../../../lib/api';
import { useLang } from '../../../lib/lang';
import { cleanDefinition, type FormDefinition } from './model';

export function Preview({ def, valid }: { def: FormDefinition; valid: boolean }) {
  const { tr, lang } = useLang();
  const [pvLang, setPvLang] = useState<Lang>(lang);
  const [answers, setAnswers] = useState<Answers>({});
  const [units, setUnits] = useState<Reply<'/api/public/units'>['units']>([]);
  const wantsUnits = def.pages.some((p) => p.questions.some((q) => q.type === 'unit_picker'));
  useEffect(() => {
    if (!wantsUnits || units.length) return;
    api
      .GET('/api/public/units')
      .then((r) => setUnits(r.units ?? []))
      .catch(() => setUnits([]));
  }, [wantsUnits, units.length]);
  const choices = useMemo(() => {
    const out: Record<string, Choice[]> = {};
    for (const q of def.pages.flatMap((p) => p.questions)) {
      if (q.type !== 'unit_picker') continue;
      out[q.id] = units
        .filter((u) => !q.kinds?.length || (u.kind && q.kinds.includes(u.kind)))
        .map((u) => ({ value: u.id, label: u.name }));
    }
    return out;
  }, [def, units]);
  const clean = useMemo(() => cleanDefinition(def), [def]);
  return (
    <aside class="preview" aria-labelledby="preview-h">
      <div class="preview-head">
        <h2 id="preview-h">{tr({ vi: 'Xem trước', en: 'Preview' })}</h2>
        <button type="button" onClick={() => setPvLang(pvLang === 'vi' ? 'en' : 'vi')}>
          {pvLang === 'vi'
            ? tr({ vi: 'Xem bản tiếng Anh', en: 'Show in English' })
            : tr({ vi: 'Xem bản tiếng Việt', en: 'Show in Vietnamese' })}
        </button>
        <button type="button" onClick={() => setAnswers({})}>
          {tr({ vi: 'Xoá câu trả lời thử', en: 'Clear test answers' })}
        </button>
      </div>
      {valid ? null : (
        <p class="hint">
          {tr({
            vi: 'Bản nháp còn lỗi; phần xem trước có thể chưa đúng.',
            en: 'The draft has errors; the preview may be off.',
          })}
        </p>
      )}
      <div class="preview-body public-form">
        <h3 lang={pvLang}>{(pvLang === 'en' && clean.title.en) || clean.title.vi}</h3>
        {clean.description ? (
          <p lang={pvLang}>{(pvLang === 'en' && clean.description.en) || clean.description.vi}</p>
        ) : null}
        <PreviewBoundary>
          <FormView
            definition={clean}
            lang={pvLang}
            answers={answers}
            conditional
            idPrefix="pv-"
            choices={choices}
            noSummary
            onAnswer={(qid: string, val: AnswerValue | undefined) =>
              setAnswers((a) => {
                const next = { ...a };
                if (val === undefined) delete next[qid];
                else next[qid] = val;
                return next;
              })
            }
          />
        </PreviewBoundary>
      </div>
    </aside>
  );
}

/** A half-typed draft must never take the builder down with it: preview errors stay in the preview. */
class PreviewBoundary extends Component<{ children: ComponentChildren }, { failed: boolean }> {
  override state = { failed: false };
  override componentDidCatch() {
    this.setState({ failed: true });
  }
  override componentDidUpdate(prev: { children: ComponentChildren }) {
    if (this.state.failed && prev.children !== this.props.children) this.setState({ failed: false });
  }
  render() {
    return this.state.failed ? <p class="hint">—</p> : this.props.children;
  }
}
