/**
 * The editor of one question: type, id, bilingual label and help, required, conditions, and the
 * settings of its type (options, Likert rows × columns, validation rules …).
 */
import { useEffect, useState } from 'preact/hooks';
import { isoToDmy, parseDmy } from '../../../lib/dates';
import { UNIT_KINDS } from '../../../lib/kinds';
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
  const [text, setText] = useState(isoToDmy(props.value));
  const errors = useProblemsAt(props.path);
  // Follow changes from outside (another question moved into this card's place).
  useEffect(() => {
    if ((parseDmy(text) ?? undefined) !== props.value) setText(isoToDmy(props.value));
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
      errors={[
        ...(bad ? [tr('Ngày không hợp lệ (dd/mm/yyyy).', 'Not a valid date (dd/mm/yyyy).')] : []),
        ...errors,
      ]}
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
            label={tr('Độ dài tối thiểu', 'Minimum length')}
            path={`${path}.minLength`}
            step="1"
            min={0}
            value={q.minLength}
            onValue={(x) => set({ minLength: x })}
          />
          <PathNumber
            label={tr('Độ dài tối đa', 'Maximum length')}
            path={`${path}.maxLength`}
            step="1"
            min={1}
            value={q.maxLength}
            onValue={(x) => set({ maxLength: x })}
          />
          <PathText
            label={tr('Mẫu kiểm tra (biểu thức chính quy)', 'Pattern (regular expression)')}
            hint={tr('Ví dụ: ^[0-9]{12}$ cho số CCCD', 'E.g. ^[0-9]{12}$ for an ID card number')}
            path={`${path}.pattern`}
            value={q.pattern}
            onValue={(x) => set({ pattern: x || undefined })}
          />
          {q.pattern ? (
            <LocalTextField
              label={tr('Thông báo khi sai mẫu', 'Message when the pattern fails')}
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
            label={tr('Giá trị nhỏ nhất', 'Minimum')}
            path={`${path}.min`}
            value={q.min}
            onValue={(x) => set({ min: x })}
          />
          <PathNumber
            label={tr('Giá trị lớn nhất', 'Maximum')}
            path={`${path}.max`}
            value={q.max}
            onValue={(x) => set({ max: x })}
          />
          <CheckField
            label={tr('Chỉ nhận số nguyên', 'Whole numbers only')}
            checked={q.integer === true}
            onValue={(x) => set({ integer: x || undefined })}
          />
          <LocalTextField
            label={tr('Đơn vị tính', 'Unit of measure')}
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
            label={tr('Từ ngày', 'Earliest date')}
            path={`${path}.min`}
            value={q.min}
            onValue={(x) => set({ min: x })}
          />
          <DateBound
            label={tr('Đến ngày', 'Latest date')}
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
            legend={tr('Các lựa chọn', 'Options')}
            path={`${path}.options`}
            items={q.options}
            onItems={(options) => set({ options })}
            idPrefix="o"
            itemName={{ vi: 'lựa chọn', en: 'option' }}
          />
          {q.type === 'multiple_choice' ? (
            <>
              <PathNumber
                label={tr('Chọn ít nhất', 'Choose at least')}
                path={`${path}.minChoices`}
                step="1"
                min={0}
                value={q.minChoices}
                onValue={(x) => set({ minChoices: x })}
              />
              <PathNumber
                label={tr('Chọn nhiều nhất', 'Choose at most')}
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
            label={tr('Điểm cao nhất (2–10)', 'Top of the scale (2–10)')}
            path={`${path}.max`}
            step="1"
            min={2}
            max={10}
            value={q.max}
            onValue={(x) => set({ max: x })}
          />
          <LocalTextField
            label={tr('Nhãn điểm thấp nhất', 'Label of the lowest score')}
            path={`${path}.minLabel`}
            optional
            value={q.minLabel}
            onValue={(x) => set({ minLabel: x })}
          />
          <LocalTextField
            label={tr('Nhãn điểm cao nhất', 'Label of the highest score')}
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
            legend={tr('Tiêu chí (hàng)', 'Criteria (rows)')}
            path={`${path}.rows`}
            items={q.rows}
            onItems={(rows) => set({ rows })}
            idPrefix="r"
            itemName={{ vi: 'tiêu chí', en: 'criterion' }}
          />
          <OptionsEditor
            legend={tr('Mức đánh giá (cột)', 'Levels (columns)')}
            path={`${path}.columns`}
            items={q.columns}
            onItems={(columns) => set({ columns })}
            idPrefix="c"
            itemName={{ vi: 'mức', en: 'level' }}
          />
          <CheckField
            label={tr(
              'Khi bắt buộc: phải trả lời mọi tiêu chí',
              'When required: every criterion must be answered',
            )}
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
              {tr(
                'Chỉ cho chọn các loại đơn vị (để trống: mọi loại)',
                'Only these unit kinds (none: any kind)',
              )}
            </legend>
            {UNIT_KINDS.map(([k, vi, en]) => (
              <CheckField
                key={k}
                label={tr(vi, en)}
                checked={!!q.kinds?.includes(k)}
                onValue={(on) => {
                  const kinds = on ? [...(q.kinds ?? []), k] : (q.kinds ?? []).filter((x) => x !== k);
                  set({ kinds: kinds.length ? kinds : undefined });
                }}
              />
            ))}
          </fieldset>
          <CheckField
            label={tr(
              'Tính phản hồi cho đơn vị được chọn (trong thống kê)',
              'Count the response for the chosen unit (in rollups)',
            )}
            checked={q.attributeResponse === true}
            onValue={(x) => set({ attributeResponse: x || undefined })}
          />
        </div>
      );
    case 'file':
      return (
        <div class="type-fields">
          <PathNumber
            label={tr('Số tệp tối đa (1–10)', 'Most files (1–10)')}
            path={`${path}.maxFiles`}
            step="1"
            min={1}
            max={10}
            value={q.maxFiles}
            onValue={(x) => set({ maxFiles: x })}
          />
          <fieldset>
            <legend>
              {tr('Loại tệp nhận (để trống: mọi loại được phép)', 'Accepted types (none: all allowed)')}
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
          label={tr('Nội dung cần đồng ý', 'Text to agree to')}
          path={`${path}.text`}
          multiline
          value={q.text}
          onValue={(x) => set({ text: x ?? { vi: '' } })}
        />
      );
    case 'info':
      return (
        <LocalTextField
          label={tr('Nội dung thông tin', 'Information text')}
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
  const types = Object.entries(TYPE_LABELS).map(([k, l]) => [k, tr(l.vi, l.en)] as const);
  return (
    <div class="question-editor">
      <div class="row">
        <SelectField
          id={pathId(`${path}.type`)}
          label={tr('Loại câu hỏi', 'Question type')}
          value={q.type}
          options={types}
          onValue={(x) => onQ(changeType(q, x as QuestionType))}
        />
        <PathText
          label={tr('Mã câu hỏi', 'Question id')}
          hint={
            props.referencedBy.length
              ? tr(
                  `Dùng làm tên cột CSV. Đang được điều kiện của ${props.referencedBy.join(', ')} tham chiếu: đổi mã sẽ làm hỏng điều kiện đó.`,
                  `Used as the CSV column. Conditions of ${props.referencedBy.join(', ')} refer to it: renaming breaks them.`,
                )
              : tr('Dùng làm tên cột CSV: chữ thường không dấu, số, _', 'Used as the CSV column: a-z, 0-9, _')
          }
          path={`${path}.id`}
          value={q.id}
          onValue={(x) => set({ id: x })}
          required
        />
      </div>
      <LocalTextField
        label={tr('Câu hỏi', 'Question text')}
        path={`${path}.label`}
        value={q.label}
        onValue={(x) => set({ label: x ?? { vi: '' } })}
        multiline
      />
      <LocalTextField
        label={tr('Hướng dẫn', 'Help text')}
        path={`${path}.help`}
        optional
        value={q.help}
        onValue={(x) => set({ help: x })}
      />
      {q.type !== 'info' ? (
        <CheckField
          label={tr('Bắt buộc trả lời', 'Answer required')}
          checked={q.required === true}
          onValue={(x) => set({ required: x || undefined })}
        />
      ) : null}
      <TypeFields {...props} />
      <ConditionEditor
        legend={tr('Chỉ hiển thị khi', 'Show only when')}
        path={`${path}.showIf`}
        value={q.showIf}
        onValue={(e) => set({ showIf: e })}
        candidates={props.before}
      />
      {q.type !== 'info' ? (
        <ConditionEditor
          legend={tr('Bắt buộc khi', 'Required when')}
          path={`${path}.requiredIf`}
          value={q.requiredIf}
          onValue={(e) => set({ requiredIf: e })}
          candidates={props.before}
        />
      ) : null}
    </div>
  );
}
