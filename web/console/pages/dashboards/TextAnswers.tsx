/**
 * Ý kiến tự do: the free-text answers of one question with search. The server visits at most a
 * fixed number of responses per request (decision 208) and says how many it searched; "Tìm tiếp"
 * continues from where it stopped, so a rare word in a large period is found a step at a time.
 */
import { useEffect, useState } from 'preact/hooks';
import { formatDay } from '../../../../worker/lib/format';
import { type ApiError, api, asApiError, type Reply } from '../../lib/api';
import { useLang } from '../../lib/lang';
import { ErrorBanner, SelectField, Status, TextField } from '../../ui/fields';

type Page = Reply<'/api/dashboards/forms/{id}/text'>;

/** dd/mm/yyyy of a yyyy-mm-dd day. */

export function TextAnswers(props: {
  formId: string;
  questions: Reply<'/api/dashboards/forms/{id}/results'>['textQuestions'];
  filters: { unitId?: string; from: string; to: string };
}) {
  const { tr } = useLang();
  const shown = props.questions.filter((q) => q.visible);
  const [questionId, setQuestionId] = useState(shown[0]?.id ?? '');
  const [q, setQ] = useState('');
  const [answers, setAnswers] = useState<Page['answers']>([]);
  const [searched, setSearched] = useState(0);
  const [cursor, setCursor] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  /** Loads one step: from the start (`fresh`) or after the cursor, appending what it finds. */
  const load = async (fresh: boolean) => {
    if (!questionId) return;
    setBusy(true);
    setError(null);
    try {
      const page = await api.GET('/api/dashboards/forms/{id}/text', {
        params: {
          path: { id: props.formId },
          query: {
            ...props.filters,
            questionId,
            q: q.trim() || undefined,
            cursor: fresh ? undefined : (cursor ?? undefined),
          },
        },
      });
      setAnswers((a) => (fresh ? page.answers : [...a, ...page.answers]));
      setSearched((n) => (fresh ? page.searched : n + page.searched));
      setCursor(page.nextCursor);
      setDone(page.nextCursor === null);
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };
  // A new question or filter starts over (the search word waits for the button).
  useEffect(() => {
    void load(true);
  }, [questionId, props.formId, props.filters.unitId, props.filters.from, props.filters.to]);

  if (shown.length === 0) return null;
  return (
    <section class="text-answers" aria-labelledby="text-answers-h">
      <h2 id="text-answers-h">{tr({ vi: 'Ý kiến tự do', en: 'Free-text answers' })}</h2>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          void load(true);
        }}
      >
        {shown.length > 1 ? (
          <SelectField
            label={tr({ vi: 'Câu hỏi', en: 'Question' })}
            value={questionId}
            onValue={setQuestionId}
            options={shown.map((x) => [x.id, tr(x.label)] as const)}
          />
        ) : null}
        <TextField
          label={tr({ vi: 'Tìm trong ý kiến', en: 'Search the answers' })}
          type="search"
          value={q}
          onValue={setQ}
        />
        <button type="submit" disabled={busy}>
          {tr({ vi: 'Tìm', en: 'Search' })}
        </button>
      </form>
      <ErrorBanner error={error} />
      <Status>
        {busy
          ? tr({ vi: 'Đang tìm…', en: 'Searching…' })
          : tr({
              vi: `Đã tìm trong ${searched} phản hồi, thấy ${answers.length} ý kiến${done ? ' (đã tìm hết)' : ''}.`,
              en: `Searched ${searched} responses, found ${answers.length} answers${done ? ' (all searched)' : ''}.`,
            })}
      </Status>
      <ul class="answers">
        {answers.map((a, i) => (
          // Answers carry no id (they must not point at a response); order is stable per search.
          <li key={i}>
            <span class="day">{formatDay(a.day)}</span> {a.text}
          </li>
        ))}
      </ul>
      {!done && !busy ? (
        <button type="button" onClick={() => void load(false)}>
          {tr({ vi: 'Tìm tiếp', en: 'Continue searching' })}
        </button>
      ) : null}
    </section>
  );
}
