/**
 * The administration pages' tabs: staff accounts, and — for administrators of a root unit, whom
 * the server alone admits there — the retention of personal data. The header has no room for one
 * more section at 1366 px, so the second page lives under "Tài khoản".
 */
import { useLocation } from 'preact-iso';
import { useLang } from '../../lib/lang';
import { BASE } from '../../lib/paths';
import { useSession } from '../../lib/session';

export function AdminTabs() {
  const { tr } = useLang();
  const { path } = useLocation();
  const { hasRootRole } = useSession();
  if (!hasRootRole('admin')) return null;
  const tabs = [
    [`${BASE}/accounts`, tr({ vi: 'Tài khoản cán bộ', en: 'Staff accounts' })],
    [`${BASE}/accounts/retention`, tr({ vi: 'Lưu trữ dữ liệu cá nhân', en: 'Personal data retention' })],
  ] as const;
  return (
    <nav class="tabs" aria-label={tr({ vi: 'Quản trị', en: 'Administration' })}>
      {tabs.map(([href, label]) => (
        <a key={href} href={href} aria-current={path === href ? 'page' : undefined}>
          {label}
        </a>
      ))}
    </nav>
  );
}
