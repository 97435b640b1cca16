/** The links between a form's three pages: design, settings & sharing, responses. */
import { useLocation } from 'preact-iso';
import { useLang } from '../../lib/lang';
import { paths } from '../../lib/paths';

export function FormTabs({ id }: { id: string }) {
  const { tr } = useLang();
  const { path } = useLocation();
  const tabs = [
    [paths.form(id), tr({ vi: 'Thiết kế', en: 'Design' })],
    [paths.formSettings(id), tr({ vi: 'Cài đặt và chia sẻ', en: 'Settings and sharing' })],
    [paths.formResponses(id), tr({ vi: 'Phản hồi', en: 'Responses' })],
  ] as const;
  return (
    <nav class="tabs" aria-label={tr({ vi: 'Biểu mẫu', en: 'Form' })}>
      <a href={paths.forms}>← {tr({ vi: 'Danh sách biểu mẫu', en: 'All forms' })}</a>
      {tabs.map(([href, label]) => (
        <a key={href} href={href} aria-current={path === href ? 'page' : undefined}>
          {label}
        </a>
      ))}
    </nav>
  );
}
