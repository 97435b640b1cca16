/**
 * Phiếu của tôi (remote voting): for each remote round where I am on the roster, fetch my one
 * blind-signed token during issuing (RFC 9474: the browser blinds a random message, the server
 * signs without seeing it, the browser unblinds). The token stays on this device (localStorage)
 * and the ballot page picks it up; the cast itself is anonymous.
 */
import { RSABSSA } from '@cloudflare/blindrsa-ts';
import { useEffect, useState } from 'preact/hooks';
import { BALLOT_PHASE } from '../../../../worker/text/ballots';
import { type ApiError, api, asApiError, type Reply } from '../../lib/api';
import { useLang } from '../../lib/lang';
import { ErrorBanner, Status } from '../../ui/fields';
import { PageHeading } from '../../ui/PageHeading';

type Mine = Reply<'/api/ballots/mine'>['rounds'][number];

const b64 = (u: Uint8Array) => btoa(String.fromCharCode(...u));
const unb64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
const storageKey = (id: string) => `ln-ballot-token:${id}`;

async function fetchToken(r: Mine) {
  const suite = RSABSSA.SHA384.PSS.Randomized();
  const pk = await crypto.subtle.importKey(
    'spki',
    unb64(r.publicKey!),
    { name: 'RSA-PSS', hash: 'SHA-384' },
    true,
    ['verify'],
  );
  const msg = suite.prepare(crypto.getRandomValues(new Uint8Array(32)));
  const { blindedMsg, inv } = await suite.blind(pk, msg);
  const { blindSig } = await api.POST('/api/ballots/rounds/{id}/token', {
    params: { path: { id: r.id } },
    body: { blindedMsg: b64(blindedMsg) },
  });
  const sig = await suite.finalize(pk, msg, unb64(blindSig), inv);
  localStorage.setItem(storageKey(r.id), JSON.stringify({ message: b64(msg), signature: b64(sig) }));
}

export default function MyBallots() {
  const { tr } = useLang();
  const [rounds, setRounds] = useState<Mine[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const load = () =>
    api
      .GET('/api/ballots/mine')
      .then((r) => setRounds(r.rounds))
      .catch((e) => setError(asApiError(e)));
  useEffect(() => {
    load();
  }, []);
  return (
    <section>
      <PageHeading title={tr({ vi: 'Phiếu của tôi', en: 'My ballots' })} />
      <ErrorBanner error={error} />
      {rounds === null ? (
        <Status>{tr({ vi: 'Đang tải…', en: 'Loading…' })}</Status>
      ) : rounds.length ? (
        <ul>
          {rounds.map((r) => {
            const held = !!localStorage.getItem(storageKey(r.id));
            return (
              <li key={r.id}>
                <strong>{r.name}</strong> — {tr(BALLOT_PHASE[r.phase])}
                {r.keyFingerprint ? (
                  <>
                    <br />
                    {tr({ vi: 'Dấu vân tay khóa', en: 'Key fingerprint' })}: <code>{r.keyFingerprint}</code>
                  </>
                ) : null}
                <br />
                {r.phase === 'issuing' && !r.tokenIssued ? (
                  <button
                    type="button"
                    onClick={() =>
                      fetchToken(r)
                        .then(load)
                        .catch((e) => setError(asApiError(e)))
                    }
                  >
                    {tr({ vi: 'Nhận phiếu điện tử', en: 'Get my ballot token' })}
                  </button>
                ) : r.tokenIssued ? (
                  held ? (
                    r.phase === 'casting' ? (
                      <a href={`/b/${r.id}`}>{tr({ vi: 'Đến trang bỏ phiếu', en: 'Go to the ballot' })}</a>
                    ) : (
                      tr({
                        vi: 'Đã nhận phiếu trên thiết bị này; chờ mở bỏ phiếu.',
                        en: 'Token held on this device; wait for casting to open.',
                      })
                    )
                  ) : (
                    tr({
                      vi: 'Đã nhận phiếu (trên thiết bị khác).',
                      en: 'Token received (on another device).',
                    })
                  )
                ) : (
                  tr({ vi: 'Chưa đến giai đoạn phát phiếu.', en: 'Issuing has not started.' })
                )}
              </li>
            );
          })}
        </ul>
      ) : (
        <p>
          {tr({
            vi: 'Bạn không có trong danh sách bỏ phiếu trực tuyến nào.',
            en: 'You are not on any remote-voting roster.',
          })}
        </p>
      )}
    </section>
  );
}
