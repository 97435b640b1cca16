/**
 * Staff console entry (Bảng điều khiển cán bộ): language and session providers, the layout, and
 * the routes. Every page except the home page is a lazy chunk, so the first load carries only
 * Preact, the router and this shell (decision 100).
 */
import { render } from 'preact';
import { useEffect } from 'preact/hooks';
import { ErrorBoundary, LocationProvider, lazy, Route, Router, useLocation } from 'preact-iso';
import { ROLE } from '../../worker/text/org';
import { setUnauthenticatedHandler } from './lib/api';
import { LangProvider, useLang } from './lib/lang';
import { BASE } from './lib/paths';
import { type Role, SessionProvider, useSession } from './lib/session';
import { useUnitName } from './lib/units';
import { PageHeading } from './ui/PageHeading';
import './console.css';
import { labelOf } from '../../worker/lib/i18n';

const Login = lazy(() => import('./pages/Login'));
const Units = lazy(() => import('./pages/org/Units'));
const People = lazy(() => import('./pages/org/People'));
const Users = lazy(() => import('./pages/accounts/Users'));
const Retention = lazy(() => import('./pages/accounts/Retention'));
const FormsList = lazy(() => import('./pages/forms/FormsList'));
const Builder = lazy(() => import('./pages/forms/builder/Builder'));
const Settings = lazy(() => import('./pages/forms/Settings'));
const Responses = lazy(() => import('./pages/responses/Responses'));
const Dashboards = lazy(() => import('./pages/dashboards/Dashboards'));
const CaseQueue = lazy(() => import('./pages/cases/Queue'));
const CasePage = lazy(() => import('./pages/cases/Case'));
const CasePerson = lazy(() => import('./pages/cases/Person'));
const CasesAdmin = lazy(() => import('./pages/cases/Admin'));
const CaseRequests = lazy(() => import('./pages/cases/Requests'));
const BallotRounds = lazy(() => import('./pages/ballots/Rounds'));
const BallotRound = lazy(() => import('./pages/ballots/Round'));
const MyBallots = lazy(() => import('./pages/ballots/MyBallots'));
const Campaigns = lazy(() => import('./pages/campaigns/Campaigns'));
const Campaign = lazy(() => import('./pages/campaigns/Campaign'));
const CampaignReport = lazy(() => import('./pages/campaigns/Report'));
const Models = lazy(() => import('./pages/models/Models'));
const Model = lazy(() => import('./pages/models/Model'));

interface NavItem {
  href: string;
  vi: string;
  en: string;
  roles?: Role[];
  /** The roles count only on a root unit (pages of `authorizeRoot` routes). */
  root?: boolean;
  /** false: a card on the home page only (the header is full at 1366 px; reached by tabs). */
  header?: false;
}

/** Navigation by role: a section shows when the user holds one of its roles anywhere. */
const NAV: NavItem[] = [
  { href: `${BASE}/`, vi: 'Trang chính', en: 'Home' },
  { href: `${BASE}/forms`, vi: 'Biểu mẫu', en: 'Forms', roles: ['form_designer', 'admin'] },
  {
    href: `${BASE}/dashboards`,
    vi: 'Bảng số liệu',
    en: 'Dashboards',
    roles: ['board_viewer', 'form_designer', 'admin'],
  },
  { href: `${BASE}/cases`, vi: 'Vụ việc', en: 'Cases', roles: ['case_intake', 'case_handler'] },
  {
    href: `${BASE}/cases/requests`,
    vi: 'Yêu cầu về dữ liệu cá nhân',
    en: 'Personal-data requests',
    roles: ['case_intake'],
  },
  { href: `${BASE}/cases/admin`, vi: 'Cấu hình vụ việc', en: 'Case settings', roles: ['admin'] },
  { href: `${BASE}/ballots`, vi: 'Lấy phiếu tín nhiệm', en: 'Confidence votes', roles: ['counting_board'] },
  { href: `${BASE}/my-ballots`, vi: 'Phiếu của tôi', en: 'My ballots' },
  {
    href: `${BASE}/campaigns`,
    vi: 'Báo cáo Dân vận khéo',
    en: 'DVK reports',
    roles: ['ward_reporter', 'form_designer', 'admin', 'board_viewer'],
  },
  {
    href: `${BASE}/models`,
    vi: 'Mô hình',
    en: 'Models',
    roles: ['ward_reporter', 'form_designer', 'admin', 'board_viewer'],
  },
  { href: `${BASE}/org`, vi: 'Tổ chức', en: 'Organisation' },
  { href: `${BASE}/org/people`, vi: 'Cán bộ', en: 'People' },
  { href: `${BASE}/accounts`, vi: 'Tài khoản', en: 'Accounts', roles: ['admin'] },
  {
    href: `${BASE}/accounts/retention`,
    vi: 'Lưu trữ dữ liệu cá nhân',
    en: 'Personal data retention',
    roles: ['admin'],
    root: true,
    header: false,
  },
];

type HasRole = (...r: Role[]) => boolean;

function visibleNav(hasRole: HasRole, hasRootRole: HasRole) {
  return NAV.filter((n) => !n.roles || (n.root ? hasRootRole : hasRole)(...n.roles));
}

function Home() {
  const { tr } = useLang();
  const { me, hasRole, hasRootRole } = useSession();
  const unitName = useUnitName();
  return (
    <section>
      <PageHeading title={tr({ vi: 'Trang chính', en: 'Home' })} />
      <p>
        {tr({ vi: 'Xin chào', en: 'Hello' })}, {me?.user.name}.
      </p>
      <h2>{tr({ vi: 'Quyền của bạn', en: 'Your roles' })}</h2>
      <ul>
        {me?.grants.map((g) => (
          <li key={g.role + g.unitId}>
            <strong>{tr(labelOf(ROLE, g.role))}</strong> — {unitName(g.unitId, g.unitName)}
          </li>
        ))}
      </ul>
      <ul class="cards">
        {visibleNav(hasRole, hasRootRole)
          .slice(1)
          .map((n) => (
            <li key={n.href}>
              <a href={n.href}>{tr(n)}</a>
            </li>
          ))}
      </ul>
    </section>
  );
}

function NotFound() {
  const { tr } = useLang();
  return (
    <section>
      <PageHeading title={tr({ vi: 'Không tìm thấy trang', en: 'Page not found' })} />
      <p>
        <a href={`${BASE}/`}>{tr({ vi: 'Về trang chính', en: 'Back to home' })}</a>
      </p>
    </section>
  );
}

function Header() {
  const { tr, lang, setLang } = useLang();
  const { me, logout, hasRole, hasRootRole } = useSession();
  const { path, route } = useLocation();
  return (
    <header class="top">
      <a class="skip" href="#main">
        {tr({ vi: 'Bỏ qua, đến nội dung chính', en: 'Skip to main content' })}
      </a>
      <a class="brand" href={`${BASE}/`}>
        Lắng Nghe
      </a>
      {me ? (
        <nav aria-label={tr({ vi: 'Chức năng', en: 'Sections' })}>
          <ul>
            {visibleNav(hasRole, hasRootRole)
              .filter((n) => n.header !== false)
              .map((n) => {
                const target = n.href.replace(/\/$/, '') || '/';
                const current =
                  path === target ||
                  (target !== BASE && target !== `${BASE}/org` && path.startsWith(`${target}/`));
                return (
                  <li key={n.href}>
                    <a href={n.href} aria-current={current ? 'page' : undefined}>
                      {tr(n)}
                    </a>
                  </li>
                );
              })}
          </ul>
        </nav>
      ) : null}
      <div class="top-right">
        <button
          type="button"
          class="link"
          lang={lang === 'vi' ? 'en' : 'vi'}
          onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')}
        >
          {lang === 'vi' ? 'English' : 'Tiếng Việt'}
        </button>
        {me ? (
          <>
            <span class="who">{me.user.name}</span>
            <button
              type="button"
              onClick={async () => {
                await logout();
                route(`${BASE}/login`);
              }}
            >
              {tr({ vi: 'Đăng xuất', en: 'Sign out' })}
            </button>
          </>
        ) : null}
      </div>
    </header>
  );
}

/** Sends signed-out users to the login page, remembering where they were going. */
function Guard() {
  const { me } = useSession();
  const { path, url, route } = useLocation();
  useEffect(() => {
    setUnauthenticatedHandler(() => {
      const here = location.pathname + location.search;
      if (!location.pathname.startsWith(`${BASE}/login`))
        route(`${BASE}/login?next=${encodeURIComponent(here)}`);
    });
  }, [route]);
  useEffect(() => {
    if (me === null && path !== `${BASE}/login`) route(`${BASE}/login?next=${encodeURIComponent(url)}`, true);
  }, [me, path, url, route]);
  return null;
}

function Shell() {
  const { me } = useSession();
  const { tr } = useLang();
  const { path } = useLocation();
  const loading = me === undefined || (me === null && path !== `${BASE}/login`);
  return (
    <>
      <Guard />
      <Header />
      <main id="main">
        {loading ? (
          <p class="status" role="status">
            {tr({ vi: 'Đang tải…', en: 'Loading…' })}
          </p>
        ) : (
          <ErrorBoundary>
            <Router>
              <Route path={`${BASE}/login`} component={Login} />
              <Route path={BASE} component={Home} />
              <Route path={`${BASE}/org`} component={Units} />
              <Route path={`${BASE}/org/people`} component={People} />
              <Route path={`${BASE}/accounts`} component={Users} />
              <Route path={`${BASE}/accounts/retention`} component={Retention} />
              <Route path={`${BASE}/forms`} component={FormsList} />
              <Route path={`${BASE}/forms/:id`} component={Builder} />
              <Route path={`${BASE}/forms/:id/settings`} component={Settings} />
              <Route path={`${BASE}/forms/:id/responses`} component={Responses} />
              <Route path={`${BASE}/campaigns`} component={Campaigns} />
              <Route path={`${BASE}/campaigns/:id`} component={Campaign} />
              <Route path={`${BASE}/campaigns/:id/reports/:unitId`} component={CampaignReport} />
              <Route path={`${BASE}/models`} component={Models} />
              <Route path={`${BASE}/models/:id`} component={Model} />
              <Route path={`${BASE}/cases`} component={CaseQueue} />
              <Route path={`${BASE}/cases/admin`} component={CasesAdmin} />
              <Route path={`${BASE}/cases/requests`} component={CaseRequests} />
              <Route path={`${BASE}/cases/people/:id`} component={CasePerson} />
              <Route path={`${BASE}/cases/:id`} component={CasePage} />
              <Route path={`${BASE}/dashboards`} component={Dashboards} />
              <Route path={`${BASE}/dashboards/forms/:id`} component={Dashboards} />
              <Route path={`${BASE}/ballots`} component={BallotRounds} />
              <Route path={`${BASE}/ballots/:id`} component={BallotRound} />
              <Route path={`${BASE}/my-ballots`} component={MyBallots} />
              <Route default component={NotFound} />
            </Router>
          </ErrorBoundary>
        )}
      </main>
    </>
  );
}

function App() {
  return (
    <LangProvider>
      <LocationProvider scope={BASE}>
        <SessionProvider>
          <Shell />
        </SessionProvider>
      </LocationProvider>
    </LangProvider>
  );
}

render(<App />, document.getElementById('app')!);
