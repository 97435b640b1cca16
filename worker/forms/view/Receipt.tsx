/**
 * The receipt shown after a submission: the code in large grouped letters (read character by
 * character to screen readers), the advice to keep it, and the link to its status page. Used by
 * the server's receipt page and by the island after a JavaScript submission.
 */
import type { Lang } from '../../lib/i18n';
import { ui } from './strings';

/** The code in groups (`K7QM-3XD9-B2HT-Z`), spelled out for screen readers. */
export function ReceiptCode({ code }: { code: string }) {
  return (
    <p class="receipt-code">
      <span aria-hidden="true">
        {code.split('-').map((g, i) => (
          <span class="grp" key={i}>
            {g}
          </span>
        ))}
      </span>
      <span class="sr">{code.split('').join(' ')}</span>
    </p>
  );
}

/**
 * Title, code, "keep this code", status link; `thankYou` is the form's own closing text. `pin`: a
 * feedback or petition case's tracking PIN, shown with the code (worker/cases/tracking.ts).
 */
export function ReceiptView(props: {
  lang: Lang;
  code: string;
  formTitle?: string;
  thankYou?: string;
  pin?: string;
}) {
  const { lang, code } = props;
  const href = `/r/${encodeURIComponent(code)}${lang === 'en' ? '?lang=en' : ''}`;
  return (
    <div class="receipt" id="receipt" tabIndex={-1}>
      <h2>{ui('receivedTitle', lang)}</h2>
      {props.formTitle ? <p>{props.formTitle}</p> : null}
      {props.thankYou ? <p>{props.thankYou}</p> : null}
      <p class="code-label">{ui('yourCode', lang)}</p>
      <ReceiptCode code={code} />
      <p class="keep">{ui('keepCode', lang)}</p>
      {props.pin ? <CasePin lang={lang} code={code} pin={props.pin} /> : null}
      <p>
        <a href={href}>{ui('checkStatus', lang)}</a>
      </p>
    </div>
  );
}

/** The tracking PIN of a case: shown here once, needed with the code to read the answer. */
function CasePin({ lang, code, pin }: { lang: Lang; code: string; pin: string }) {
  const en = lang === 'en';
  return (
    <div class="case-pin">
      <p class="code-label">{en ? 'Your tracking PIN' : 'Mã PIN tra cứu của bạn'}</p>
      <p class="receipt-code" id="case-pin">
        <span aria-hidden="true">{pin}</span>
        <span class="sr">{pin.split('').join(' ')}</span>
      </p>
      <p class="keep">
        {en
          ? 'Keep this PIN secret and write it down now: it is shown only here. With the code it lets you read the answer, rate it and reopen the case.'
          : 'Hãy ghi lại và giữ kín mã PIN này: mã chỉ hiển thị tại đây. Cùng với mã tiếp nhận, PIN giúp bạn xem trả lời, đánh giá và đề nghị xem xét lại.'}
      </p>
      <p>
        <a href={`/t/${encodeURIComponent(code)}${en ? '?lang=en' : ''}`}>
          {en ? 'Follow this case' : 'Theo dõi vụ việc'}
        </a>
      </p>
    </div>
  );
}
