/**
 * Điều kiện: a simple editor for showIf / requiredIf — rules "question → operator → value" in
 * groups joined by AND/OR. Conditions deeper than two levels (written by hand or imported) fall
 * back to a JSON text box so nothing is lost.
 */
import { useState } from 'preact/hooks';
import { t } from '../../../../../worker/lib/i18n';
import { useLang } from '../../../lib/lang';
import {
  type Condition,
  defaultRule,
  fromExpr,
  type Join,
  OP_LABELS,
  opsFor,
  type Rule,
  type RuleOp,
  retarget,
  toExpr,
  valueChoices,
} from './conditions';
import { pathId, useProblemsAt } from './inputs';
import type { Expr, Question } from './model';

interface Props {
  legend: string;
  path: string;
  value: Expr | undefined;
  onValue: (e: Expr | undefined) => void;
  /** Questions the condition may look at (those before the question it belongs to). */
  candidates: Question[];
}

function JoinChoice(props: { name: string; value: Join; onValue: (j: Join) => void; legend: string }) {
  const { tr } = useLang();
  return (
    <fieldset class="join">
      <legend>{props.legend}</legend>
      {(['and', 'or'] as const).map((j) => (
        <label key={j}>
          <input
            type="radio"
            name={props.name}
            checked={props.value === j}
            onChange={() => props.onValue(j)}
          />{' '}
          {j === 'and'
            ? tr({ vi: 'Tất cả đều đúng (VÀ)', en: 'All must hold (AND)' })
            : tr({ vi: 'Một trong số đó đúng (HOẶC)', en: 'Any may hold (OR)' })}
        </label>
      ))}
    </fieldset>
  );
}

function encode(x: string | number | boolean): string {
  return JSON.stringify(x);
}

function RuleEditor(props: {
  rule: Rule;
  id: string;
  n: number;
  candidates: Question[];
  onRule: (r: Rule) => void;
  onDelete: () => void;
}) {
  const { tr, lang } = useLang();
  const { rule, id, candidates } = props;
  const q = candidates.find((c) => c.id === rule.q);
  const choices = valueChoices(q);
  const numeric = q?.type === 'number' || q?.type === 'rating';
  return (
    <fieldset class="rule">
      <legend class="sr-only">{tr({ vi: `Điều kiện ${props.n}`, en: `Rule ${props.n}` })}</legend>
      <label for={`${id}-q`}>{tr({ vi: 'Câu hỏi', en: 'Question' })}</label>
      <select
        id={`${id}-q`}
        value={rule.q}
        onChange={(e) => {
          const nq = candidates.find((c) => c.id === e.currentTarget.value);
          if (nq) props.onRule(defaultRule(nq));
        }}
      >
        {q ? null : (
          <option value={rule.q}>{tr({ vi: `(không còn) ${rule.q}`, en: `(missing) ${rule.q}` })}</option>
        )}
        {candidates.map((c) => (
          <option key={c.id} value={c.id}>
            {c.id}: {t(c.label, lang).slice(0, 60)}
          </option>
        ))}
      </select>
      <label for={`${id}-op`}>{tr({ vi: 'Phép so sánh', en: 'Operator' })}</label>
      <select
        id={`${id}-op`}
        value={rule.op}
        onChange={(e) => q && props.onRule(retarget(rule, q, e.currentTarget.value as RuleOp))}
      >
        {opsFor(q).map((op) => (
          <option key={op} value={op}>
            {tr(OP_LABELS[op])}
          </option>
        ))}
      </select>
      {rule.op === 'answered' || rule.op === 'unanswered' ? null : rule.op === 'in' ? (
        <fieldset class="values">
          <legend>{tr({ vi: 'Giá trị', en: 'Values' })}</legend>
          {(choices ?? []).map((c) => (
            <label key={encode(c.value)}>
              <input
                type="checkbox"
                checked={rule.values.includes(c.value)}
                onChange={(e) =>
                  props.onRule({
                    ...rule,
                    values: e.currentTarget.checked
                      ? [...rule.values, c.value]
                      : rule.values.filter((x) => x !== c.value),
                  })
                }
              />{' '}
              {tr(c)}
            </label>
          ))}
        </fieldset>
      ) : choices ? (
        <>
          <label for={`${id}-v`}>{tr({ vi: 'Giá trị', en: 'Value' })}</label>
          <select
            id={`${id}-v`}
            value={'value' in rule ? encode(rule.value) : ''}
            onChange={(e) => {
              const val = JSON.parse(e.currentTarget.value) as string | number | boolean;
              props.onRule({ ...rule, value: val } as Rule);
            }}
          >
            {choices.map((c) => (
              <option key={encode(c.value)} value={encode(c.value)}>
                {tr(c)}
              </option>
            ))}
          </select>
        </>
      ) : (
        <>
          <label for={`${id}-v`}>{tr({ vi: 'Giá trị', en: 'Value' })}</label>
          {numeric ? (
            <input
              id={`${id}-v`}
              type="number"
              value={'value' in rule ? String(rule.value) : ''}
              onInput={(e) => props.onRule({ ...rule, value: Number(e.currentTarget.value) || 0 } as Rule)}
            />
          ) : (
            <input
              id={`${id}-v`}
              type="text"
              value={'value' in rule ? String(rule.value) : ''}
              onInput={(e) => props.onRule({ ...rule, value: e.currentTarget.value } as Rule)}
            />
          )}
        </>
      )}
      <button type="button" class="danger" onClick={props.onDelete}>
        {tr({ vi: 'Xoá điều kiện này', en: 'Remove this rule' })}
      </button>
    </fieldset>
  );
}

/** The JSON fallback for conditions the simple editor cannot show. */
function JsonCondition(props: Props) {
  const { tr } = useLang();
  const [text, setText] = useState(JSON.stringify(props.value, null, 2));
  const [bad, setBad] = useState(false);
  const id = pathId(props.path);
  return (
    <div class="field">
      <label for={id}>{tr({ vi: 'Biểu thức (JSON)', en: 'Expression (JSON)' })}</label>
      <textarea
        id={id}
        rows={6}
        value={text}
        aria-invalid={bad || undefined}
        onInput={(e) => {
          setText(e.currentTarget.value);
          try {
            props.onValue(
              e.currentTarget.value.trim() ? (JSON.parse(e.currentTarget.value) as Expr) : undefined,
            );
            setBad(false);
          } catch {
            setBad(true);
          }
        }}
      />
      {bad ? <p class="error">{tr({ vi: 'JSON chưa hợp lệ.', en: 'Not valid JSON yet.' })}</p> : null}
    </div>
  );
}

export function ConditionEditor(props: Props) {
  const { tr } = useLang();
  const errors = useProblemsAt(props.path);
  const cond = fromExpr(props.value);
  const id = pathId(props.path);
  if (!cond) {
    return (
      <fieldset class="condition" id={id}>
        <legend>{props.legend}</legend>
        <JsonCondition {...props} />
      </fieldset>
    );
  }
  const set = (c: Condition) => props.onValue(toExpr(c));
  const first = props.candidates[0];
  return (
    <fieldset class="condition">
      <legend>{props.legend}</legend>
      {errors.length ? <p class="error">{errors.join(' ')}</p> : null}
      {!props.candidates.length ? (
        <p class="hint">
          {tr({
            vi: 'Chưa có câu hỏi nào phía trước để đặt điều kiện.',
            en: 'No earlier question to base a condition on.',
          })}
        </p>
      ) : null}
      {cond.groups.length > 1 ? (
        <JoinChoice
          name={`${id}-join`}
          legend={tr({ vi: 'Kết hợp các nhóm', en: 'Combine the groups' })}
          value={cond.join}
          onValue={(j) => set({ ...cond, join: j })}
        />
      ) : null}
      {cond.groups.map((g, gi) => (
        <fieldset class="group" key={gi}>
          <legend>{tr({ vi: `Nhóm ${gi + 1}`, en: `Group ${gi + 1}` })}</legend>
          {g.rules.length > 1 ? (
            <JoinChoice
              name={`${id}-g${gi}-join`}
              legend={tr({ vi: 'Trong nhóm', en: 'Within the group' })}
              value={g.join}
              onValue={(j) =>
                set({ ...cond, groups: cond.groups.map((x, k) => (k === gi ? { ...x, join: j } : x)) })
              }
            />
          ) : null}
          {g.rules.map((r, ri) => (
            <RuleEditor
              key={ri}
              n={ri + 1}
              id={`${id}-g${gi}-r${ri}`}
              rule={r}
              candidates={props.candidates}
              onRule={(nr) =>
                set({
                  ...cond,
                  groups: cond.groups.map((x, k) =>
                    k === gi ? { ...x, rules: x.rules.map((y, m) => (m === ri ? nr : y)) } : x,
                  ),
                })
              }
              onDelete={() =>
                set({
                  ...cond,
                  groups: cond.groups
                    .map((x, k) => (k === gi ? { ...x, rules: x.rules.filter((_, m) => m !== ri) } : x))
                    .filter((x) => x.rules.length),
                })
              }
            />
          ))}
          {first ? (
            <button
              type="button"
              onClick={() =>
                set({
                  ...cond,
                  groups: cond.groups.map((x, k) =>
                    k === gi ? { ...x, rules: [...x.rules, defaultRule(first)] } : x,
                  ),
                })
              }
            >
              + {tr({ vi: 'Thêm điều kiện vào nhóm', en: 'Add a rule to the group' })}
            </button>
          ) : null}
        </fieldset>
      ))}
      {first ? (
        <button
          type="button"
          id={`${id}-add`}
          onClick={() =>
            set({ ...cond, groups: [...cond.groups, { join: 'and', rules: [defaultRule(first)] }] })
          }
        >
          +{' '}
          {cond.groups.length
            ? tr({ vi: 'Thêm nhóm điều kiện', en: 'Add a condition group' })
            : tr({ vi: 'Thêm điều kiện', en: 'Add a condition' })}
        </button>
      ) : null}
      {cond.groups.length ? (
        <button type="button" class="danger" onClick={() => props.onValue(undefined)}>
          {tr({ vi: 'Bỏ toàn bộ điều kiện', en: 'Remove the whole condition' })}
        </button>
      ) : null}
    </fieldset>
  );
}
