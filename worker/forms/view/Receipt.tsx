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

/** Title, code, "keep this code", status link; `thankYou` is the form's own closing text. */
export function ReceiptView(props: { lang: Lang; code: string; formTitle?: string; thankYou?: string }) {
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
      <p>
        <a href={href}>{ui('checkStatus', lang)}</a>
      </p>
    </div>
  );
}
