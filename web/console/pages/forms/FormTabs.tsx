/** The links between a form's three pages: design, settings & sharing, responses. */
import { useLocation } from 'preact-iso';
import { useLang } from '../../lib/lang';
import { paths } from '../../lib/paths';

export function FormTabs({ id }: { id: string }) {
  const { tr } = useLang();
  const { path } = useLocation();
  const tabs = [
    [paths.form(id), tr('Thiết kế', 'Design')],
    [paths.formSettings(id), tr('Cài đặt và chia sẻ', 'Settings and sharing')],
    [paths.formResponses(id), tr('Phản hồi', 'Responses')],
  ] as const;
  return (
    <nav class="tabs" aria-label={tr('Biểu mẫu', 'Form')}>
      <a href={paths.forms}>← {tr('Danh sách biểu mẫu', 'All forms')}</a>
      {tabs.map(([href, label]) => (
        <a key={href} href={href} aria-current={path === href ? 'page' : undefined}>
          {label}
        </a>
      ))}
    </nav>
  );
}
