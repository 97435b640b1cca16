import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  answerRows,
  answersFromFormFields,
  attributedUnit,
  conditionProblems,
  ENGINE_ERROR_CODES,
  engineMessage,
  evaluate,
  type FormDefinition,
  FormDefinitionSchema,
  isQuestionVisible,
  isRequired,
  type Question,
  rollupKeys,
  validateAnswers,
  visibleQuestions,
} from '../../worker/forms/engine';

const L = (vi: string) => ({ vi });
const opts = (...values: string[]) => values.map((value) => ({ value, label: L(value) }));

/** A one-page definition, checked against the schema so the examples are real definitions. */
function form(...questions: Record<string, unknown>[]): FormDefinition {
  return v.parse(FormDefinitionSchema, {
    schemaVersion: 1,
    title: L('Mẫu thử'),
    pages: [{ id: 'p1', questions: questions.map((q) => ({ label: L(String(q.id)), ...q })) }],
  });
}

/** The [path, code] pairs of a refused submission. */
function refused(def: FormDefinition, input: unknown): [string, string][] {
  const r = validateAnswers(def, input);
  if (r.ok) throw new Error(`expected refusal, got ${JSON.stringify(r.answers)}`);
  return r.errors.map((e) => [e.path, e.code]);
}

function accepted(def: FormDefinition, input: unknown) {
  const r = validateAnswers(def, input);
  if (!r.ok) throw new Error(`expected acceptance, got ${JSON.stringify(r.errors)}`);
  return r.answers;
}

describe('validateAnswers: every question type', () => {
  it('short_text: NFC, trim, lengths, pattern with the designer message, control characters', () => {
    const def = form({
      id: 'code',
      type: 'short_text',
      required: true,
      minLength: 3,
      maxLength: 6,
      pattern: '[A-Z]+\\d*',
      patternMessage: { vi: 'Mã viết hoa', en: 'Upper-case code' },
    });
    expect(accepted(def, { code: '  AB12 ' })).toEqual({ code: 'AB12' });
    expect(accepted(form({ id: 'code', type: 'short_text' }), { code: 123456 })).toEqual({ code: '123456' });
    expect(refused(def, { code: 'AB' })).toEqual([['answers.code', 'too_short']]);
    expect(refused(def, { code: 'ABCDEFG' })).toEqual([['answers.code', 'too_long']]);
    expect(refused(def, { code: 'ab12' })).toEqual([['answers.code', 'pattern']]);
    const r = validateAnswers(def, { code: 'x12' });
    expect(!r.ok && r.errors[0]!.message).toEqual({ vi: 'Mã viết hoa', en: 'Upper-case code' });
    expect(refused(def, { code: 'AB\u0000C' })).toEqual([['answers.code', 'control_chars']]);
    expect(refused(def, { code: 'AB\nCD' })).toEqual([['answers.code', 'control_chars']]);
    expect(refused(def, { code: '   ' })).toEqual([['answers.code', 'required']]);
    expect(refused(def, { code: ['ABC'] })).toEqual([['answers.code', 'invalid_type']]);
    expect(refused(def, { code: true })).toEqual([['answers.code', 'invalid_type']]);
  });

  it('pattern: anchored to the whole value, as the HTML attribute', () => {
    const def = form({ id: 'x', type: 'short_text', pattern: '\\d{3}' });
    expect(accepted(def, { x: '123' })).toEqual({ x: '123' });
    expect(refused(def, { x: 'a1234' })).toEqual([['answers.x', 'pattern']]);
  });

  it('long_text: keeps newlines and tabs, CRLF becomes LF, other controls refused; default cap 10000', () => {
    const def = form({ id: 'story', type: 'long_text' });
    expect(accepted(def, { story: 'Dòng 1\r\n\tDòng 2' })).toEqual({ story: 'Dòng 1\n\tDòng 2' });
    expect(refused(def, { story: 'a\u0007b' })).toEqual([['answers.story', 'control_chars']]);
    expect(refused(def, { story: 'a\u0085b' })).toEqual([['answers.story', 'control_chars']]);
    expect(refused(def, { story: 'a\ud800b' })).toEqual([['answers.story', 'control_chars']]);
    expect(accepted(def, { story: '😀'.repeat(10000) }).story).toHaveLength(20000); // code points count
    expect(refused(def, { story: 'a'.repeat(10001) })).toEqual([['answers.story', 'too_long']]);
  });

  it('number: numeric text and decimal comma, integer, bounds', () => {
    const def = form(
      { id: 'age', type: 'number', integer: true, min: 18, max: 120 },
      { id: 'ratio', type: 'number' },
    );
    expect(accepted(def, { age: '42', ratio: '1,5' })).toEqual({ age: 42, ratio: 1.5 });
    expect(accepted(def, { ratio: -0 })).toEqual({ ratio: 0 });
    expect(refused(def, { age: 42.5 })).toEqual([['answers.age', 'not_integer']]);
    expect(refused(def, { age: 17 })).toEqual([['answers.age', 'too_small']]);
    expect(refused(def, { age: '121' })).toEqual([['answers.age', 'too_large']]);
    expect(refused(def, { age: 'bốn mươi' })).toEqual([['answers.age', 'not_a_number']]);
    expect(refused(def, { ratio: '1,000,5' })).toEqual([['answers.ratio', 'not_a_number']]);
    expect(refused(def, { ratio: true })).toEqual([['answers.ratio', 'not_a_number']]);
    const r = validateAnswers(def, { age: 5 });
    expect(!r.ok && r.errors[0]!.message.vi).toBe('Không được nhỏ hơn 18.');
  });

  it('date: yyyy-mm-dd (or dd/mm/yyyy typed by hand), real days, bounds', () => {
    const def = form({ id: 'd', type: 'date', min: '2025-01-01', max: '2026-12-31' });
    expect(accepted(def, { d: '2026-02-28' })).toEqual({ d: '2026-02-28' });
    expect(accepted(def, { d: '5/3/2026' })).toEqual({ d: '2026-03-05' });
    expect(refused(def, { d: '2026-02-29' })).toEqual([['answers.d', 'invalid_date']]);
    expect(refused(def, { d: '2026-13-01' })).toEqual([['answers.d', 'invalid_date']]);
    expect(refused(def, { d: '2026/01/01' })).toEqual([['answers.d', 'invalid_date']]);
    expect(refused(def, { d: '2024-12-31' })).toEqual([['answers.d', 'too_early']]);
    expect(refused(def, { d: '2027-01-01' })).toEqual([['answers.d', 'too_late']]);
    const r = validateAnswers(def, { d: '2024-12-31' });
    expect(!r.ok && r.errors[0]!.message.vi).toBe('Ngày không được trước 01/01/2025.');
  });

  it('single_choice and dropdown: option membership', () => {
    const def = form(
      { id: 'sex', type: 'single_choice', options: opts('nam', 'nu') },
      { id: 'ward', type: 'dropdown', options: opts('ben_nghe', 'da_kao') },
    );
    expect(accepted(def, { sex: 'nu', ward: 'da_kao' })).toEqual({ sex: 'nu', ward: 'da_kao' });
    expect(refused(def, { sex: 'khac', ward: 'x' })).toEqual([
      ['answers.sex', 'invalid_option'],
      ['answers.ward', 'invalid_option'],
    ]);
  });

  it('multiple_choice: membership, de-duplicated in definition order, min/max choices', () => {
    const def = form({
      id: 'topics',
      type: 'multiple_choice',
      options: opts('a', 'b', 'c', 'd'),
      minChoices: 2,
      maxChoices: 3,
    });
    expect(accepted(def, { topics: ['c', 'a', 'c'] })).toEqual({ topics: ['a', 'c'] });
    expect(refused(def, { topics: ['a'] })).toEqual([['answers.topics', 'too_few_choices']]);
    expect(refused(def, { topics: ['a', 'b', 'c', 'd'] })).toEqual([['answers.topics', 'too_many_choices']]);
    expect(refused(def, { topics: ['a', 'z'] })).toEqual([['answers.topics', 'invalid_option']]);
    expect(refused(def, { topics: ['a', 1] })).toEqual([['answers.topics', 'invalid_type']]);
    expect(accepted(def, { topics: [] })).toEqual({}); // unanswered, not too few
  });

  it('yes_no: booleans (and their text); false is an answer', () => {
    const def = form({ id: 'member', type: 'yes_no', required: true });
    expect(accepted(def, { member: false })).toEqual({ member: false });
    expect(accepted(def, { member: 'true' })).toEqual({ member: true });
    expect(refused(def, { member: 'maybe' })).toEqual([['answers.member', 'invalid_type']]);
    expect(refused(def, {})).toEqual([['answers.member', 'required']]);
  });

  it('rating: integers 1..max (default 5)', () => {
    const def = form({ id: 's', type: 'rating' }, { id: 't', type: 'rating', max: 10 });
    expect(accepted(def, { s: 5, t: '10' })).toEqual({ s: 5, t: 10 });
    expect(refused(def, { s: 6 })).toEqual([['answers.s', 'too_large']]);
    expect(refused(def, { s: 0 })).toEqual([['answers.s', 'too_small']]);
    expect(refused(def, { s: 2.5 })).toEqual([['answers.s', 'not_integer']]);
  });

  it('likert: rows and columns, per-row paths, allRows when required', () => {
    const base = {
      id: 'eth',
      type: 'likert',
      rows: opts('r1', 'r2', 'r3'),
      columns: opts('low', 'mid', 'high'),
    };
    const def = form({ ...base, required: true });
    expect(accepted(def, { eth: { r3: 'high', r1: 'low', r2: 'mid' } })).toEqual({
      eth: { r1: 'low', r2: 'mid', r3: 'high' },
    });
    expect(refused(def, { eth: { r1: 'low' } })).toEqual([
      ['answers.eth.r2', 'required'],
      ['answers.eth.r3', 'required'],
    ]);
    expect(refused(def, {})).toEqual([['answers.eth', 'required']]);
    expect(refused(def, { eth: { r1: 'low', r2: 'top', r9: 'low', r3: 3 } })).toEqual([
      ['answers.eth.r2', 'invalid_option'],
      ['answers.eth.r9', 'unknown_row'],
      ['answers.eth.r3', 'invalid_type'],
    ]);
    expect(refused(def, { eth: 'low' })).toEqual([['answers.eth', 'invalid_type']]);
    const some = form({ ...base, required: true, allRows: false });
    expect(accepted(some, { eth: { r2: 'mid', r1: '' } })).toEqual({ eth: { r2: 'mid' } });
    expect(refused(some, { eth: { r1: '' } })).toEqual([['answers.eth', 'required']]);
  });

  it('email: shape, length, domain lower-cased', () => {
    const def = form({ id: 'mail', type: 'email' });
    expect(accepted(def, { mail: ' Lan.Nguyen@MTTQ.Gov.VN ' })).toEqual({ mail: 'Lan.Nguyen@mttq.gov.vn' });
    for (const bad of ['lan', 'lan@', 'lan@host', 'a b@x.vn', 'a@x..vn', `${'a'.repeat(250)}@x.vn`]) {
      expect(refused(def, { mail: bad })).toEqual([['answers.mail', 'invalid_email']]);
    }
  });

  it('phone: Vietnamese numbers, 0 or +84, stored as 0 + national digits', () => {
    const def = form({ id: 'tel', type: 'phone' });
    expect(accepted(def, { tel: '0912 345 678' })).toEqual({ tel: '0912345678' });
    expect(accepted(def, { tel: '+84 912-345-678' })).toEqual({ tel: '0912345678' });
    expect(accepted(def, { tel: '(024) 3825 1234' })).toEqual({ tel: '02438251234' });
    for (const bad of ['091234567', '09123456789', '0112345678', '+1 912 345 678', 'số máy']) {
      expect(refused(def, { tel: bad })).toEqual([['answers.tel', 'invalid_phone']]);
    }
  });

  it('unit_picker and person_picker: opaque ids', () => {
    const def = form(
      { id: 'unit', type: 'unit_picker', attributeResponse: true },
      { id: 'who', type: 'person_picker' },
    );
    const id = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
    const ok = accepted(def, { unit: id, who: 'p-17' });
    expect(ok).toEqual({ unit: id, who: 'p-17' });
    expect(attributedUnit(def, ok)).toBe(id);
    expect(refused(def, { unit: 'Phường Bến Nghé' })).toEqual([['answers.unit', 'invalid_option']]);
  });

  it('file: string[] of keys, maxFiles (default 1)', () => {
    const def = form({ id: 'one', type: 'file' }, { id: 'many', type: 'file', maxFiles: 3 });
    expect(accepted(def, { one: 'up/abc.jpg', many: ['k1', 'k2', 'k1'] })).toEqual({
      one: ['up/abc.jpg'],
      many: ['k1', 'k2'],
    });
    expect(refused(def, { one: ['k1', 'k2'] })).toEqual([['answers.one', 'too_many_files']]);
    expect(refused(def, { many: ['../etc passwd'] })).toEqual([['answers.many', 'invalid_file']]);
    expect(refused(def, { many: [{}] })).toEqual([['answers.many', 'invalid_file']]);
  });

  it('consent: must be true when required; declining is not answering', () => {
    const def = form({ id: 'ok', type: 'consent', required: true, text: L('Tôi đồng ý') });
    expect(accepted(def, { ok: true })).toEqual({ ok: true });
    expect(refused(def, { ok: false })).toEqual([['answers.ok', 'required']]);
    expect(refused(def, {})).toEqual([['answers.ok', 'required']]);
    expect(accepted(form({ id: 'ok', type: 'consent', text: L('x') }), { ok: false })).toEqual({});
  });

  it('info: takes no answer and is never required', () => {
    const def = form({ id: 'note', type: 'info', required: true });
    expect(accepted(def, {})).toEqual({});
    expect(refused(def, { note: 'x' })).toEqual([['answers.note', 'no_answer_expected']]);
  });
});

describe('validateAnswers: the submission as a whole', () => {
  const def = form({ id: 'name', type: 'short_text', required: true }, { id: 'age', type: 'number' });

  it('refuses what is not an object', () => {
    for (const input of [null, 'x', 3, ['a'], undefined])
      expect(refused(def, input)).toEqual([['answers', 'invalid_type']]);
  });

  it('names unknown questions, including inherited property names', () => {
    expect(refused(def, { name: 'A', zzz: 1, constructor: 'x', __proto__x: 2 })).toEqual([
      ['answers.zzz', 'unknown_question'],
      ['answers.constructor', 'unknown_question'],
      ['answers.__proto__x', 'unknown_question'],
    ]);
    expect(refused(def, JSON.parse('{"name":"A","__proto__":{"age":1}}'))).toEqual([
      ['answers.__proto__', 'unknown_question'],
    ]);
  });

  it('a no-JavaScript post naming __proto__ keeps it as a field, so validation names it', () => {
    const answers = answersFromFormFields(def, new URLSearchParams('q.name=A&q.__proto__=x&q.constructor=y'));
    expect(Object.getPrototypeOf(answers)).toBe(Object.prototype);
    expect(refused(def, answers)).toEqual([
      ['answers.__proto__', 'unknown_question'],
      ['answers.constructor', 'unknown_question'],
    ]);
  });

  it('a question id that is an Object.prototype name is read as an own answer only', () => {
    const d = form(
      { id: 'constructor', type: 'short_text', required: true },
      { id: 'to', type: 'short_text', showIf: { op: 'answered', q: 'constructor' } },
    );
    expect(refused(d, {})).toEqual([['answers.constructor', 'required']]);
    expect(visibleQuestions(d, {}).map((q) => q.id)).toEqual(['constructor']);
  });

  it('reports every problem in form order with bilingual messages', () => {
    const r = validateAnswers(def, { age: 'x', extra: 1 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.path, e.code])).toEqual([
      ['answers.extra', 'unknown_question'],
      ['answers.name', 'required'],
      ['answers.age', 'not_a_number'],
    ]);
    for (const e of r.errors)
      expect(e.message.vi && e.message.en && e.message.vi !== e.message.en).toBeTruthy();
  });

  it('NFD "Nguyễn" is stored NFC, and a pattern sees the NFC form', () => {
    const nfd = 'Nguye\u0302\u0303n';
    expect(nfd).not.toBe(nfd.normalize('NFC'));
    const d = form({ id: 'ho', type: 'short_text', pattern: 'Nguy\u1EC5n', maxLength: 6 });
    expect(accepted(d, { ho: nfd })).toEqual({ ho: 'Nguy\u1EC5n' });
  });
});

describe('conditions', () => {
  const def: FormDefinition = v.parse(FormDefinitionSchema, {
    schemaVersion: 1,
    title: L('Góp ý'),
    pages: [
      {
        id: 'p1',
        questions: [
          { id: 'is_member', type: 'yes_no', label: L('Là đảng viên?'), required: true },
          {
            id: 'cell',
            type: 'short_text',
            label: L('Chi bộ'),
            showIf: { op: 'eq', q: 'is_member', value: true },
            required: true,
          },
          {
            id: 'cell_note',
            type: 'short_text',
            label: L('Ghi chú chi bộ'),
            showIf: { op: 'answered', q: 'cell' },
          },
          {
            id: 'age',
            type: 'number',
            label: L('Tuổi'),
            requiredIf: { op: 'neq', q: 'is_member', value: true },
          },
        ],
      },
      {
        id: 'p2',
        showIf: { op: 'gte', q: 'age', value: 60 },
        questions: [{ id: 'retired', type: 'yes_no', label: L('Đã nghỉ hưu?'), required: true }],
      },
    ],
  });

  it('drops answers to hidden questions and never requires them', () => {
    expect(
      accepted(def, { is_member: false, cell: 'Chi bộ 3', cell_note: 'x', age: 30, retired: true }),
    ).toEqual({
      is_member: false,
      age: 30,
    });
  });

  it('cascades: a question shown only by a hidden one is hidden too', () => {
    expect(isQuestionVisible(def, 'cell_note', { is_member: false, cell: 'Chi bộ 3' })).toBe(false);
    expect(isQuestionVisible(def, 'cell_note', { is_member: true, cell: 'Chi bộ 3' })).toBe(true);
  });

  it('requires what is visible, requiredIf included, and pages have conditions', () => {
    expect(refused(def, { is_member: true })).toEqual([['answers.cell', 'required']]);
    expect(refused(def, { is_member: false })).toEqual([['answers.age', 'required']]);
    expect(refused(def, { is_member: false, age: 65 })).toEqual([['answers.retired', 'required']]);
    expect(accepted(def, { is_member: false, age: 65, retired: false })).toEqual({
      is_member: false,
      age: 65,
      retired: false,
    });
  });

  it('conditions see coerced values: a number posted as text opens the page', () => {
    expect(refused(def, { is_member: 'false', age: '61' })).toEqual([['answers.retired', 'required']]);
  });

  it('isRequired: required or requiredIf', () => {
    const age = def.pages[0]!.questions[3] as Question;
    expect(isRequired(age, { is_member: true })).toBe(false);
    expect(isRequired(age, {})).toBe(true); // neq on an unanswered question holds
  });

  it('evaluate: operators on scalars, lists and missing answers', () => {
    const a = { n: 5, s: 'b', list: ['x', 'y'], t: '7', yes: true, blank: '' };
    const cases: [Parameters<typeof evaluate>[0], boolean][] = [
      [{ op: 'eq', q: 'n', value: 5 }, true],
      [{ op: 'eq', q: 'n', value: '5' }, true],
      [{ op: 'gt', q: 't', value: 6 }, true],
      [{ op: 'lte', q: 'n', value: 4 }, false],
      [{ op: 'gt', q: 's', value: 0 }, false],
      [{ op: 'in', q: 's', values: ['a', 'b'] }, true],
      [{ op: 'in', q: 'list', values: ['y'] }, true],
      [{ op: 'includes', q: 'list', value: 'x' }, true],
      [{ op: 'includes', q: 'list', value: 'z' }, false],
      [{ op: 'eq', q: 'list', value: 'y' }, true],
      [{ op: 'eq', q: 'yes', value: true }, true],
      [{ op: 'answered', q: 'blank' }, false],
      [{ op: 'unanswered', q: 'missing' }, true],
      [{ op: 'eq', q: 'missing', value: '' }, false],
      [{ op: 'neq', q: 'missing', value: 'x' }, true],
      [{ op: 'answered', q: 'toString' }, false],
      [
        {
          op: 'and',
          args: [
            { op: 'answered', q: 'n' },
            { op: 'not', arg: { op: 'answered', q: 's' } },
          ],
        },
        false,
      ],
      [
        {
          op: 'or',
          args: [
            { op: 'answered', q: 'zz' },
            { op: 'eq', q: 's', value: 'b' },
          ],
        },
        true,
      ],
    ];
    for (const [expr, want] of cases) expect([expr, evaluate(expr, a)]).toEqual([expr, want]);
  });

  it('evaluate never throws on malformed trees', () => {
    const bad = [
      null,
      {},
      { op: 'xor' },
      { op: 'and' },
      { op: 'and', args: 'x' },
      { op: 'in', q: 'n', values: null },
      { op: 'gt', q: 'n', value: 'a' },
    ];
    for (const e of bad) expect(evaluate(e as never, { n: 1 })).toBe(false);
    let deep: unknown = { op: 'answered', q: 'n' };
    for (let i = 0; i < 100000; i++) deep = { op: 'not', arg: deep };
    expect(typeof evaluate(deep as never, { n: 1 })).toBe('boolean');
  });

  it('conditionProblems: forward, self and unknown references', () => {
    const d = v.parse(FormDefinitionSchema, {
      schemaVersion: 1,
      title: L('x'),
      pages: [
        {
          id: 'p1',
          showIf: { op: 'answered', q: 'a' },
          questions: [
            { id: 'a', type: 'short_text', label: L('a'), showIf: { op: 'answered', q: 'b' } },
            {
              id: 'b',
              type: 'short_text',
              label: L('b'),
              showIf: { op: 'answered', q: 'b' },
              requiredIf: { op: 'answered', q: 'c' },
            },
            { id: 'c', type: 'short_text', label: L('c'), requiredIf: { op: 'eq', q: 'nope', value: 1 } },
          ],
        },
      ],
    });
    expect(conditionProblems(d)).toEqual([
      { path: 'pages.0.showIf', ref: 'a', code: 'forward_reference' },
      { path: 'pages.0.questions.0.showIf', ref: 'b', code: 'forward_reference' },
      { path: 'pages.0.questions.1.showIf', ref: 'b', code: 'forward_reference' },
      { path: 'pages.0.questions.2.requiredIf', ref: 'nope', code: 'unknown_reference' },
    ]);
    expect(conditionProblems(def)).toEqual([]);
  });
});

describe('form fields, rows and rollups', () => {
  const def = form(
    { id: 'name', type: 'short_text' },
    { id: 'age', type: 'number' },
    { id: 'member', type: 'yes_no' },
    { id: 'ok', type: 'consent', text: L('Đồng ý') },
    { id: 'topics', type: 'multiple_choice', options: opts('a', 'b', 'c') },
    { id: 'ward', type: 'single_choice', options: opts('w1', 'w2') },
    { id: 'score', type: 'rating' },
    { id: 'eth', type: 'likert', rows: opts('r1', 'r2'), columns: opts('low', 'high') },
    { id: 'unit', type: 'unit_picker' },
    { id: 'files', type: 'file', maxFiles: 2 },
  );

  it('answersFromFormFields: types, repeats, likert rows, empties, foreign fields', () => {
    const fields = new URLSearchParams(
      'csrf=t&name=&q.name=Lan&q.age=42&q.member=false&q.ok=true&q.topics=a&q.topics=c&q.ward=&q.score=4' +
        '&q.eth.r1=low&q.eth.r2=high&q.files=k1&q.bogus=1&q.name.x=y',
    );
    expect(answersFromFormFields(def, fields)).toEqual({
      name: 'Lan',
      age: 42,
      member: false,
      ok: true,
      topics: ['a', 'c'],
      score: 4,
      eth: { r1: 'low', r2: 'high' },
      files: ['k1'],
      bogus: '1',
      'name.x': 'y',
    });
    expect(
      answersFromFormFields(def, [
        ['q.age', 'bốn'],
        ['q.member', 'có'],
      ]),
    ).toEqual({ age: 'bốn', member: 'có' });
    expect(
      refused(
        def,
        answersFromFormFields(def, [
          ['q.ward', 'w1'],
          ['q.ward', 'w2'],
        ]),
      ),
    ).toEqual([['answers.ward', 'invalid_type']]);
  });

  const answers = accepted(def, {
    name: 'Lan',
    age: 42.5,
    member: true,
    ok: true,
    topics: ['c', 'a'],
    ward: 'w2',
    score: 4,
    eth: { r1: 'low', r2: 'high' },
    unit: 'u1',
    files: ['k1', 'k2'],
  });

  it('answerRows: one per scalar, per chosen option, per file, per likert row', () => {
    expect(answerRows(def, answers)).toEqual([
      { questionId: 'name', item: '', value: 'Lan', num: null },
      { questionId: 'age', item: '', value: '42.5', num: 42.5 },
      { questionId: 'member', item: '', value: 'yes', num: null },
      { questionId: 'ok', item: '', value: 'true', num: null },
      { questionId: 'topics', item: '', value: 'a', num: null },
      { questionId: 'topics', item: '', value: 'c', num: null },
      { questionId: 'ward', item: '', value: 'w2', num: null },
      { questionId: 'score', item: '', value: '4', num: 4 },
      { questionId: 'eth', item: 'r1', value: 'low', num: null },
      { questionId: 'eth', item: 'r2', value: 'high', num: null },
      { questionId: 'unit', item: '', value: 'u1', num: null },
      { questionId: 'files', item: '', value: 'k1', num: null },
      { questionId: 'files', item: '', value: 'k2', num: null },
    ]);
  });

  it('rollupKeys: counted types only', () => {
    expect(rollupKeys(def, answers)).toEqual([
      { questionId: 'age', item: '', option: '', num: 42.5 },
      { questionId: 'member', item: '', option: 'yes', num: 0 },
      { questionId: 'topics', item: '', option: 'a', num: 0 },
      { questionId: 'topics', item: '', option: 'c', num: 0 },
      { questionId: 'ward', item: '', option: 'w2', num: 0 },
      { questionId: 'score', item: '', option: '4', num: 4 },
      { questionId: 'eth', item: 'r1', option: 'low', num: 0 },
      { questionId: 'eth', item: 'r2', option: 'high', num: 0 },
      { questionId: 'unit', item: '', option: 'u1', num: 0 },
    ]);
    expect(attributedUnit(def, answers)).toBeUndefined(); // the picker does not attribute
  });

  it('every engine error code has distinct Vietnamese and English messages', () => {
    expect(ENGINE_ERROR_CODES).toContain('unknown_question');
    for (const code of ENGINE_ERROR_CODES) {
      const m = engineMessage(code, { min: 1, max: 2 });
      expect(m.vi.length > 3 && m.en.length > 3 && m.vi !== m.en && !m.vi.includes('{')).toBe(true);
    }
  });
});

describe('purity: the engine runs unchanged in the browser', () => {
  const sources = import.meta.glob('../../worker/forms/engine/*.ts', {
    query: '?raw',
    import: 'default',
    eager: true,
  }) as Record<string, string>;

  // lib/checks.ts (the shared date rule and issue messages, decision 211) is held to the same rule.
  const checks = import.meta.glob('../../worker/lib/checks.ts', {
    query: '?raw',
    import: 'default',
    eager: true,
  }) as Record<string, string>;

  it('imports only its own files, valibot, lib/checks, and types from lib/errors', () => {
    expect(Object.keys(sources).length).toBeGreaterThanOrEqual(7);
    expect(Object.keys(checks)).toHaveLength(1);
    for (const [file, src] of Object.entries({ ...sources, ...checks })) {
      const own = file.endsWith('/lib/checks.ts');
      for (const m of src.matchAll(/^(import|export)\s+(type\s+)?[^;]*?from\s+'([^']+)'/gms)) {
        const [, , typeOnly, spec] = m;
        const ok = own
          ? spec === 'valibot' || (spec === './errors' && !!typeOnly)
          : spec!.startsWith('./') ||
            spec === 'valibot' ||
            spec === '../../lib/checks' ||
            (spec === '../../lib/errors' && !!typeOnly);
        expect([file, spec, ok]).toEqual([file, spec, true]);
      }
      expect([
        file,
        /\b(document|window|localStorage|caches|process|Buffer|D1Database|cloudflare:|node:)\b/.test(src),
      ]).toEqual([file, false]);
    }
  });
});
