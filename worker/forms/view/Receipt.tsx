/**
 * The receipt shown after a submission: the code in large letters on one line (read character by
 * character to screen readers), what happens next for this kind of form, and the ONE way back to
 * it: the lookup page `/r/{code}` (code, and the PIN for a case). Used by the server's receipt page
 * and by the island after a JavaScript submission.
 */
import { type Lang, t } from '../../lib/i18n';
import { RECEIPT } from '../../text/receipts';

const ui = (key: keyof typeof RECEIPT, lang: Lang) => t(RECEIPT[key], lang);

/**
 * The code as it is written everywhere (`K7QM-3XD9-B2HT-Z`, the dashes included: the form a
 * citizen types back, with or without them), never broken across lines, spelled out for screen
 * readers.
 */
export function ReceiptCode({ code }: { code: string }) {
  return (
    <p class="receipt-code">
      <span aria-hidden="true">{code}</span>
      <span class="sr">{code.split('').join(' ')}</span>
    </p>
  );
}

/**
 * Title, code, what happens next, the lookup link; `thankYou` is the form's own closing text. `pin`:
 * a feedback or petition case's tracking PIN, shown with the code (worker/cases/tracking.ts).
 * `note`: what happens next for this kind of form (`receiptNote` of worker/public/text.ts, decision
 * 232), given by the server — the island gets it with the page data, not in its bundle.
 */
export function ReceiptView(props: {
  lang: Lang;
  code: string;
  formTitle?: string;
  thankYou?: string;
  pin?: string;
  note?: string;
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
      {props.pin ? <CasePin lang={lang} pin={props.pin} /> : null}
      <p class="keep">{ui(props.pin ? 'keepCodePin' : 'keepCode', lang)}</p>
      {props.note ? <p class="next">{props.note}</p> : null}
      <p>
        <a class="go" href={href}>
          {ui(props.pin ? 'trackCase' : 'checkStatus', lang)}
        </a>
      </p>
    </div>
  );
}

/** The tracking PIN of a case: shown here once, needed with the code to read the answer. */
function CasePin({ lang, pin }: { lang: Lang; pin: string }) {
  return (
    <div class="case-pin">
      <p class="code-label">{ui('yourPin', lang)}</p>
      <p class="receipt-code" id="case-pin">
        <span aria-hidden="true">{pin}</span>
        <span class="sr">{pin.split('').join(' ')}</span>
      </p>
    </div>
  );
}
