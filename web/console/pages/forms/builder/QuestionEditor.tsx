/**
 * The editor of one question: type, id, bilingual label and help, required, conditions, and the
 * settings of its type (options, Likert rows × columns, validation rules …).
 */
import { useEffect, useState } from 'preact/hooks';
import { formatDay } from '../../../../../worker/lib/format';
import { UNIT_KIND } from '../../../../../worker/text/org';
import { NOT_A_DATE, parseDmy } from '../../../lib/dates';
import { useLang } from '../../../lib/lang';
import { CheckField, SelectField, TextField } from '../../../ui/fields';
import { ConditionEditor } from './ConditionEditor';
import { LocalTextField, PathNumber, PathText, pathId, useProblemsAt } from './inputs';
import { changeType, type Question, type QuestionType, TYPE_LABELS } from './model';
import { OptionsEditor } from './OptionsEditor';

interface Props {
  q: Question;
  path: string;
  onQ: (q: Question) => void;
  /** Questions before this one (for conditions). */
  before: Question[];
  /** Conditions elsewhere that mention this question (warn before renaming its id). */
  referencedBy: string[];
}

type Loose = Record<string, unknown>;

/** A yyyy-mm-dd bound edited as dd/mm/yyyy. */
function DateBound(props: {
  label: string;
  path: string;
  value: string | undefined;
  onValue: (v: string | undefined) => void;
}) {
  const { tr } = useLang();
  const [text, setText] = useState(formatDay(props.value));
  const errors = useProblemsAt(props.path);
  // Follow changes from outside (another question moved into this card's place).
  useEffect(() => {
    if ((parseDmy(text) ?? undefined) !== props.value) setText(formatDay(props.value));
  }, [props.value]);
  const bad = text.trim() !== '' && !parseDmy(text);
  return (
    <TextField
      id={pathId(props.path)}
      label={props.label}
      hint="dd/mm/yyyy"
      placeholder="dd/mm/yyyy"
      inputMode="numeric"
      class="short"
      value={text}
      onValue={(s) => {
        setText(s);
        const iso = parseDmy(s);
        if (iso || !s.trim()) props.onValue(iso ?? undefined);
      }}
      errors={[...(bad ? [tr(NOT_A_DATE)] : []), ...errors]}
    />
  );
}

function TypeFields({ q, path, onQ }: Props) {
  const { tr } = useLang();
  const set = (patch: Loose) => onQ({ ...(q as Loose), ...patch } as Question);
  switch (q.type) {
    case 'short_text':
    case 'long_text':
      return (
        <div class="type-fields">
          <PathNumber
            label={tr({ vi: 'Độ dài tối thiểu', en: 'Minimum length' })}
            path={`${path}.minLength`}
            step="1"
            min={0}
            value={q.minLength}
            onValue={(x) => set({ minLength: x })}
          />
          <PathNumber
            label={tr({ vi: 'Độ dài tối đa', en: 'Maximum length' })}
            path={`${path}.maxLength`}
            step="1"
            min={1}
            value={q.maxLength}
            onValue={(x) => set({ maxLength: x })}
          />
          <PathText
            label={tr({ vi: 'Mẫu kiểm tra (biểu thức chính quy)', en: 'Pattern (regular expression)' })}
            hint={tr({ vi: 'Ví dụ: ^[0-9]{12}$ cho số CCCD', en: 'E.g. ^[0-9]{12}$ for an ID card number' })}
            path={`${path}.pattern`}
            value={q.pattern}
            onValue={(x) => set({ pattern: x || undefined })}
          />
          {q.pattern ? (
            <LocalTextField
              label={tr({ vi: 'Thông báo khi sai mẫu', en: 'Message when the pattern fails' })}
              path={`${path}.patternMessage`}
              optional
              value={q.patternMessage}
              onValue={(x) => set({ patternMessage: x })}
            />
          ) : null}
        </div>
      );
    case 'number':
      return (
        <div class="type-fields">
          <PathNumber
            label={tr({ vi: 'Giá trị nhỏ nhất', en: 'Minimum' })}
            path={`${path}.min`}
            value={q.min}
            onValue={(x) => set({ min: x })}
          />
          <PathNumber
            label={tr({ vi: 'Giá trị lớn nhất', en: 'Maximum' })}
            path={`${path}.max`}
            value={q.max}
            onValue={(x) => set({ max: x })}
          />
          <CheckField
            label={tr({ vi: 'Chỉ nhận số nguyên', en: 'Whole numbers only' })}
            checked={q.integer === true}
            onValue={(x) => set({ integer: x || undefined })}
          />
          <LocalTextField
            label={tr({ vi: 'Đơn vị tính', en: 'Unit of measure' })}
            path={`${path}.unit`}
            optional
            value={q.unit}
            onValue={(x) => set({ unit: x })}
          />
        </div>
      );
    case 'date':
      return (
        <div class="type-fields">
          <DateBound
            label={tr({ vi: 'Từ ngày', en: 'Earliest date' })}
            path={`${path}.min`}
            value={q.min}
            onValue={(x) => set({ min: x })}
          />
          <DateBound
            label={tr({ vi: 'Đến ngày', en: 'Latest date' })}
            path={`${path}.max`}
            value={q.max}
            onValue={(x) => set({ max: x })}
          />
        </div>
      );
    case 'single_choice':
    case 'dropdown':
    case 'multiple_choice':
      return (
        <div class="type-fields">
          <OptionsEditor
            legend={tr({ vi: 'Các lựa chọn', en: 'Options' })}
            path={`${path}.options`}
            items={q.options}
            onItems={(options) => set({ options })}
            idPrefix="o"
            itemName={{ vi: 'lựa chọn', en: 'option' }}
          />
          {q.type === 'multiple_choice' ? (
            <>
              <PathNumber
                label={tr({ vi: 'Chọn ít nhất', en: 'Choose at least' })}
                path={`${path}.minChoices`}
                step="1"
                min={0}
                value={q.minChoices}
                onValue={(x) => set({ minChoices: x })}
              />
              <PathNumber
                label={tr({ vi: 'Chọn nhiều nhất', en: 'Choose at most' })}
                path={`${path}.maxChoices`}
                step="1"
                min={1}
                value={q.maxChoices}
                onValue={(x) => set({ maxChoices: x })}
              />
            </>
          ) : null}
        </div>
      );
    case 'rating':
      return (
        <div class="type-fields">
          <PathNumber
            label={tr({ vi: 'Điểm cao nhất (2–10)', en: 'Top of the scale (2–10)' })}
            path={`${path}.max`}
            step="1"
            min={2}
            max={10}
            value={q.max}
            onValue={(x) => set({ max: x })}
          />
          <LocalTextField
            label={tr({ vi: 'Nhãn điểm thấp nhất', en: 'Label of the lowest score' })}
            path={`${path}.minLabel`}
            optional
            value={q.minLabel}
            onValue={(x) => set({ minLabel: x })}
          />
          <LocalTextField
            label={tr({ vi: 'Nhãn điểm cao nhất', en: 'Label of the highest score' })}
            path={`${path}.maxLabel`}
            optional
            value={q.maxLabel}
            onValue={(x) => set({ maxLabel: x })}
          />
        </div>
      );
    case 'likert':
      return (
        <div class="type-fields">
          <OptionsEditor
            legend={tr({ vi: 'Tiêu chí (hàng)', en: 'Criteria (rows)' })}
            path={`${path}.rows`}
            items={q.rows}
            onItems={(rows) => set({ rows })}
            idPrefix="r"
            itemName={{ vi: 'tiêu chí', en: 'criterion' }}
          />
          <OptionsEditor
            legend={tr({ vi: 'Mức đánh giá (cột)', en: 'Levels (columns)' })}
            path={`${path}.columns`}
            items={q.columns}
            onItems={(columns) => set({ columns })}
            idPrefix="c"
            itemName={{ vi: 'mức', en: 'level' }}
          />
          <CheckField
            label={tr({
              vi: 'Khi bắt buộc: phải trả lời mọi tiêu chí',
              en: 'When required: every criterion must be answered',
            })}
            checked={q.allRows !== false}
            onValue={(x) => set({ allRows: x ? undefined : false })}
          />
        </div>
      );
    case 'unit_picker':
      return (
        <div class="type-fields">
          <fieldset>
            <legend>
              {tr({
                vi: 'Chỉ cho chọn các loại đơn vị (để trống: mọi loại)',
                en: 'Only these unit kinds (none: any kind)',
              })}
            </legend>
            {Object.entries(UNIT_KIND).map(([k, label]) => (
              <CheckField
                key={k}
                label={tr(label)}
                checked={!!q.kinds?.includes(k)}
                onValue={(on) => {
                  const kinds = on ? [...(q.kinds ?? []), k] : (q.kinds ?? []).filter((x) => x !== k);
                  set({ kinds: kinds.length ? kinds : undefined });
                }}
              />
            ))}
          </fieldset>
          <CheckField
            label={tr({
              vi: 'Tính phản hồi cho đơn vị được chọn (trong thống kê)',
              en: 'Count the response for the chosen unit (in rollups)',
            })}
            checked={q.attributeResponse === true}
            onValue={(x) => set({ attributeResponse: x || undefined })}
          />
        </div>
      );
    case 'file':
      return (
        <div class="type-fields">
          <PathNumber
            label={tr({ vi: 'Số tệp tối đa (1–10)', en: 'Most files (1–10)' })}
            path={`${path}.maxFiles`}
            step="1"
            min={1}
            max={10}
            value={q.maxFiles}
            onValue={(x) => set({ maxFiles: x })}
          />
          <fieldset>
            <legend>
              {tr({
                vi: 'Loại tệp nhận (để trống: mọi loại được phép)',
                en: 'Accepted types (none: all allowed)',
              })}
            </legend>
            {(['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const).map((m) => (
              <CheckField
                key={m}
                label={m}
                checked={!!q.accept?.includes(m)}
                onValue={(on) => {
                  const accept = on ? [...(q.accept ?? []), m] : (q.accept ?? []).filter((x) => x !== m);
                  set({ accept: accept.length ? accept : undefined });
                }}
              />
            ))}
          </fieldset>
        </div>
      );
    case 'consent':
      return (
        <LocalTextField
          label={tr({ vi: 'Nội dung cần đồng ý', en: 'Text to agree to' })}
          path={`${path}.text`}
          multiline
          value={q.text}
          onValue={(x) => set({ text: x ?? { vi: '' } })}
        />
      );
    case 'info':
      return (
        <LocalTextField
          label={tr({ vi: 'Nội dung thông tin', en: 'Information text' })}
          path={`${path}.text`}
          multiline
          optional
          value={q.text}
          onValue={(x) => set({ text: x })}
        />
      );
    default:
      return null;
  }
}

export function QuestionEditor(props: Props) {
  const { tr } = useLang();
  const { q, path, onQ } = props;
  const set = (patch: Loose) => onQ({ ...(q as Loose), ...patch } as Question);
  const types = Object.entries(TYPE_LABELS).map(([k, l]) => [k, tr(l)] as const);
  return (
    <div class="question-editor">
      <div class="row">
        <SelectField
          id={pathId(`${path}.type`)}
          label={tr({ vi: 'Loại câu hỏi', en: 'Question type' })}
          value={q.type}
          options={types}
          onValue={(x) => onQ(changeType(q, x as QuestionType))}
        />
        <PathText
          label={tr({ vi: 'Mã câu hỏi', en: 'Question id' })}
          hint={
            props.referencedBy.length
              ? tr({
                  vi: `Dùng làm tên cột CSV. Đang được điều kiện của ${props.referencedBy.join(', ')} tham chiếu: đổi mã sẽ làm hỏng điều kiện đó.`,
                  en: `Used as the CSV column. Conditions of ${props.referencedBy.join(', ')} refer to it: renaming breaks them.`,
                })
              : tr({
                  vi: 'Dùng làm tên cột CSV: chữ thường không dấu, số, _',
                  en: 'Used as the CSV column: a-z, 0-9, _',
                })
          }
          path={`${path}.id`}
          value={q.id}
          onValue={(x) => set({ id: x })}
          required
        />
      </div>
      <LocalTextField
        label={tr({ vi: 'Câu hỏi', en: 'Question text' })}
        path={`${path}.label`}
        value={q.label}
        onValue={(x) => set({ label: x ?? { vi: '' } })}
        multiline
      />
      <LocalTextField
        label={tr({ vi: 'Hướng dẫn', en: 'Help text' })}
        path={`${path}.help`}
        optional
        value={q.help}
        onValue={(x) => set({ help: x })}
      />
      {q.type !== 'info' ? (
        <CheckField
          label={tr({ vi: 'Bắt buộc trả lời', en: 'Answer required' })}
          checked={q.required === true}
          onValue={(x) => set({ required: x || undefined })}
        />
      ) : null}
      <TypeFields {...props} />
      <ConditionEditor
        legend={tr({ vi: 'Chỉ hiển thị khi', en: 'Show only when' })}
        path={`${path}.showIf`}
        value={q.showIf}
        onValue={(e) => set({ showIf: e })}
        candidates={props.before}
      />
      {q.type !== 'info' ? (
        <ConditionEditor
          legend={tr({ vi: 'Bắt buộc khi', en: 'Required when' })}
          path={`${path}.requiredIf`}
          value={q.requiredIf}
          onValue={(e) => set({ requiredIf: e })}
          candidates={props.before}
        />
      ) : null}
    </div>
  );
}
