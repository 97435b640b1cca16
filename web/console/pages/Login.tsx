/**
 * Đăng nhập: email + password, then a 6-digit TOTP code when the account has a second factor
 * (`mfaRequired`). Lockouts and rate limits come back as ordinary API errors and are shown as such.
 */

import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { type ApiError, asApiError, quietApi } from '../lib/api';
import { useLang } from '../lib/lang';
import { paths } from '../lib/paths';
import { useSession } from '../lib/session';
import { ErrorBanner, problemsAt, TextField } from '../ui/fields';
import { PageHeading } from '../ui/PageHeading';

/** Only same-console paths are accepted as `next`, never another site. */
function safeNext(next: string | undefined): string {
  return next?.startsWith('/console/') || next === '/console' ? next : paths.home;
}

export default function Login() {
  const { tr, lang } = useLang();
  const { refresh } = useSession();
  const { query, route } = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [step, setStep] = useState<'password' | 'totp'>('password');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function finish() {
    await refresh();
    route(safeNext(query.next), true);
  }

  async function submitPassword(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await quietApi.POST('/api/auth/login', { body: { email: email.trim(), password } });
      if (res?.mfaRequired) {
        setStep('totp');
        setPassword('');
      } else await finish();
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  }

  async function submitCode(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await quietApi.POST('/api/auth/totp', { body: { code: code.trim() } });
      await finish();
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  }

  const f = error?.fields;
  return (
    <section class="narrow">
      <PageHeading
        title={
          step === 'password'
            ? tr({ vi: 'Đăng nhập', en: 'Sign in' })
            : tr({ vi: 'Mã xác thực', en: 'Verification code' })
        }
      />
      <ErrorBanner error={error} unclaimed={[]} />
      {step === 'password' ? (
        <form onSubmit={submitPassword} noValidate>
          <TextField
            label={tr({ vi: 'Thư điện tử', en: 'Email' })}
            type="email"
            autoComplete="username"
            required
            value={email}
            onValue={setEmail}
            errors={problemsAt(f, 'email', lang)}
          />
          <TextField
            label={tr({ vi: 'Mật khẩu', en: 'Password' })}
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onValue={setPassword}
            errors={problemsAt(f, 'password', lang)}
          />
          <button type="submit" class="primary" disabled={busy}>
            {busy ? tr({ vi: 'Đang đăng nhập…', en: 'Signing in…' }) : tr({ vi: 'Đăng nhập', en: 'Sign in' })}
          </button>
        </form>
      ) : (
        <form onSubmit={submitCode} noValidate>
          <TextField
            label={tr({
              vi: 'Mã 6 số trong ứng dụng xác thực',
              en: '6-digit code from your authenticator app',
            })}
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]{6}"
            maxLength={6}
            required
            value={code}
            onValue={setCode}
            errors={problemsAt(f, 'code', lang)}
          />
          <button type="submit" class="primary" disabled={busy}>
            {tr({ vi: 'Xác nhận', en: 'Verify' })}
          </button>{' '}
          <button type="button" onClick={() => setStep('password')}>
            {tr({ vi: 'Quay lại', en: 'Back' })}
          </button>
        </form>
      )}
    </section>
  );
}
