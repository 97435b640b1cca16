/**
 * Thông tin người gửi: whether the form asks who is writing (never / optional / required), which
 * fields, and the consent text with its version — required whenever identity is asked (personal
 * data law 91/2025/QH15; the schema refuses a draft without it).
 */

import { IDENTITY_FIELDS } from '../../../../../worker/forms/engine/definition';
import { IDENTITY_FIELD } from '../../../../../worker/text/forms';
import { useLang } from '../../../lib/lang';
import { CheckField, SelectField } from '../../../ui/fields';
import { LocalTextField, PathText, pathId, useProblemsAt } from './inputs';
import type { FormDefinition } from './model';

type Identity = NonNullable<FormDefinition['identity']>;

export function IdentityEditor(props: {
  value: FormDefinition['identity'];
  onValue: (v: FormDefinition['identity']) => void;
  kind?: string;
}) {
  const { tr } = useLang();
  const idn: Identity = props.value ?? { mode: 'none' };
  const rootErr = useProblemsAt('identity');
  const set = (patch: Partial<Identity>) => {
    const next = { ...idn, ...patch };
    props.onValue(next.mode === 'none' && !next.fields?.length && !next.consent ? undefined : next);
  };
  return (
    <fieldset class="identity-editor" id={pathId('identity')}>
      <legend>{tr({ vi: 'Thông tin người gửi', en: 'Who is writing (identity)' })}</legend>
      {rootErr.length ? <p class="error">{rootErr.join(' ')}</p> : null}
      {props.kind === 'petition' ? (
        <p class="hint">
          {tr({
            vi: 'Khiếu nại, tố cáo, kiến nghị phải có danh tính (Luật Tố cáo 2018, điều 25): chọn "Bắt buộc".',
            en: 'Complaints, denunciations and petitions need identity (Law on Denunciations 2018, art. 25): choose "Required".',
          })}
        </p>
      ) : null}
      <SelectField
        id={pathId('identity.mode')}
        label={tr({ vi: 'Hỏi danh tính', en: 'Ask for identity' })}
        value={idn.mode}
        options={[
          ['none', tr({ vi: 'Không hỏi (ẩn danh)', en: 'Never (anonymous)' })],
          ['optional', tr({ vi: 'Không bắt buộc', en: 'Optional' })],
          ['required', tr({ vi: 'Bắt buộc', en: 'Required' })],
        ]}
        onValue={(m) => {
          const mode = m as Identity['mode'];
          // Asking for identity needs consent text: start one so the editor shows where to write it.
          const consent = mode !== 'none' && !idn.consent ? { version: '1', text: { vi: '' } } : idn.consent;
          set({
            mode,
            consent,
            fields: mode !== 'none' && !idn.fields?.length ? ['name', 'phone'] : idn.fields,
          });
        }}
      />
      {idn.mode !== 'none' ? (
        <>
          <fieldset>
            <legend>{tr({ vi: 'Các trường hỏi', en: 'Fields asked' })}</legend>
            {IDENTITY_FIELDS.map((f) => (
              <CheckField
                key={f}
                label={tr(IDENTITY_FIELD[f])}
                checked={!!idn.fields?.includes(f)}
                onValue={(on) =>
                  set({ fields: on ? [...(idn.fields ?? []), f] : (idn.fields ?? []).filter((x) => x !== f) })
                }
              />
            ))}
          </fieldset>
          <LocalTextField
            label={tr({ vi: 'Nội dung đồng ý xử lý dữ liệu cá nhân', en: 'Personal-data consent text' })}
            path="identity.consent.text"
            multiline
            value={idn.consent?.text}
            onValue={(text) =>
              set({ consent: { version: idn.consent?.version ?? '1', text: text ?? { vi: '' } } })
            }
          />
          <PathText
            label={tr({ vi: 'Phiên bản nội dung đồng ý', en: 'Consent text version' })}
            hint={tr({
              vi: 'Đổi khi sửa nội dung; mỗi phản hồi lưu phiên bản đã đồng ý.',
              en: 'Change it when the text changes; each response stores the version agreed to.',
            })}
            path="identity.consent.version"
            value={idn.consent?.version}
            onValue={(version) => set({ consent: { text: idn.consent?.text ?? { vi: '' }, version } })}
          />
        </>
      ) : null}
    </fieldset>
  );
}
