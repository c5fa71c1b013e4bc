import {
  Link,
  Outlet,
  createRootRoute,
  createRoute,
  createRouter,
  lazyRouteComponent,
  useRouterState,
} from '@tanstack/react-router';
import { Button } from 'react-aria-components';
import { useSession } from './session/SessionContext';
import { SignIn } from './routes/SignIn';
import { parseListSearch } from './routes/listSearch';
import { parseAnalyticsSearch } from './routes/analyticsSearch';
import { MAIL, OPERATIONS } from './routes/common/sections';
import {
  parseAuditSearch,
  parseJobsSearch,
  parseMailSearch,
  parseUsersSearch,
  parseMediaSearch,
  parseNewsletterSearch,
  parseRebuildSearch,
  parseRecipientsSearch,
} from './routes/common/searches';
import { parseQueueSearch } from './review/queueSearch';

/** The screens, each loaded on first visit (route-level code splitting); the shell and sign-in are in the entry. */
const screens = [
  { to: '/', label: 'Home', permission: null },
  { to: '/content', label: 'Content', permission: 'content' },
  { to: '/review', label: 'Review', permission: 'workflows' },
  { to: '/events', label: 'Events', permission: 'content', route: 'GET /admin/v1/events/{id}/registrations' },
  { to: '/analytics', label: 'Analytics', permission: 'analytics' },
  { to: '/users', label: 'Users', permission: 'users' },
  { to: '/media', label: 'Media', permission: 'media' },
  { to: '/mail', label: 'Mail', permission: MAIL.map((s) => s.permission) },
  { to: '/operations', label: 'Operations', permission: OPERATIONS.map((s) => s.permission) },
] as const;
/** Screens anyone may open, signed in or not (a staff invitation's link). */
const PUBLIC_PATHS = ['/accept-invitation'];

function Shell() {
  const session = useSession();
  const path = useRouterState({ select: (s) => s.location.pathname });
  if (PUBLIC_PATHS.some((p) => path.endsWith(p))) {
    return (
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    );
  }
  if (session.state.status === 'loading') {
    return (
      <p className="loading" role="status">
        Loading…
      </p>
    );
  }
  if (session.state.status === 'signed-out') return <SignIn notice={session.state.notice} />;
  const { info } = session.state;
  return (
    <div className="shell">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Bitwreckers admin</span>
        <nav aria-label="Main">
          <ul>
            {screens
              .filter((s) => (s.permission === null || [s.permission].flat().some(session.can)) && (!('route' in s) || session.mayCall(s.route)))
              .map((s) => (
                <li key={s.to}>
                  <Link to={s.to} activeProps={{ 'aria-current': 'page', className: 'active' }} activeOptions={{ exact: s.to === '/' }}>
                    {s.label}
                  </Link>
                </li>
              ))}
          </ul>
        </nav>
        <span className="who">
          {info.user.email} <span className="badge">{info.role}</span>
        </span>
        <Button className="secondary" onPress={() => void session.signOut()}>
          Sign out
        </Button>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}

const root = createRootRoute({ component: Shell });
const home = createRoute({
  getParentRoute: () => root,
  path: '/',
  component: lazyRouteComponent(() => import('./routes/Home'), 'Home'),
});
const contentTypes = createRoute({
  getParentRoute: () => root,
  path: '/content',
  component: lazyRouteComponent(() => import('./routes/ContentTypes'), 'ContentTypes'),
});
const contentList = createRoute({
  getParentRoute: () => root,
  path: '/content/$type',
  validateSearch: parseListSearch,
  component: lazyRouteComponent(() => import('./routes/ContentList'), 'ContentList'),
});
const contentNew = createRoute({
  getParentRoute: () => root,
  path: '/content/$type/new',
  component: lazyRouteComponent(() => import('./routes/ContentEdit'), 'ContentEdit'),
});
const contentEdit = createRoute({
  getParentRoute: () => root,
  path: '/content/$type/$id',
  component: lazyRouteComponent(() => import('./routes/ContentEdit'), 'ContentEdit'),
});
const analytics = createRoute({
  getParentRoute: () => root,
  path: '/analytics',
  validateSearch: parseAnalyticsSearch,
  component: lazyRouteComponent(() => import('./routes/Analytics'), 'Analytics'),
});
const users = createRoute({
  getParentRoute: () => root,
  path: '/users',
  validateSearch: parseUsersSearch,
  component: lazyRouteComponent(() => import('./routes/Users'), 'Users'),
});

const operations = createRoute({
  getParentRoute: () => root,
  path: '/operations',
  component: lazyRouteComponent(() => import('./routes/operations/OperationsHome'), 'OperationsHome'),
});
const jobs = createRoute({
  getParentRoute: () => root,
  path: '/operations/jobs',
  validateSearch: parseJobsSearch,
  component: lazyRouteComponent(() => import('./routes/operations/Jobs'), 'Jobs'),
});
const webhooks = createRoute({
  getParentRoute: () => root,
  path: '/operations/webhooks',
  component: lazyRouteComponent(() => import('./routes/operations/Webhooks'), 'Webhooks'),
});
const webhookDeliveries = createRoute({
  getParentRoute: () => root,
  path: '/operations/webhooks/$id',
  component: lazyRouteComponent(() => import('./routes/operations/WebhookDeliveries'), 'WebhookDeliveries'),
});
const tokens = createRoute({
  getParentRoute: () => root,
  path: '/operations/tokens',
  component: lazyRouteComponent(() => import('./routes/operations/Tokens'), 'Tokens'),
});
const plugins = createRoute({
  getParentRoute: () => root,
  path: '/operations/plugins',
  component: lazyRouteComponent(() => import('./routes/operations/Plugins'), 'Plugins'),
});
const audit = createRoute({
  getParentRoute: () => root,
  path: '/operations/audit',
  validateSearch: parseAuditSearch,
  component: lazyRouteComponent(() => import('./routes/operations/Audit'), 'Audit'),
});
const searchIndex = createRoute({
  getParentRoute: () => root,
  path: '/operations/search',
  validateSearch: parseRebuildSearch,
  component: lazyRouteComponent(() => import('./routes/operations/SearchIndex'), 'SearchIndex'),
});
const mail = createRoute({
  getParentRoute: () => root,
  path: '/mail',
  component: lazyRouteComponent(() => import('./routes/mail/MailPage'), 'MailHome'),
});
const mailLog = createRoute({
  getParentRoute: () => root,
  path: '/mail/log',
  validateSearch: parseMailSearch,
  component: lazyRouteComponent(() => import('./routes/mail/MailLog'), 'MailLog'),
});
const mailView = createRoute({
  getParentRoute: () => root,
  path: '/mail/log/$id',
  component: lazyRouteComponent(() => import('./routes/mail/MailView'), 'MailView'),
});
const newsletter = createRoute({
  getParentRoute: () => root,
  path: '/mail/newsletter',
  validateSearch: parseNewsletterSearch,
  component: lazyRouteComponent(() => import('./routes/mail/Newsletter'), 'Newsletter'),
});
const newsletterIssue = createRoute({
  getParentRoute: () => root,
  path: '/mail/newsletter/$id',
  validateSearch: parseRecipientsSearch,
  component: lazyRouteComponent(() => import('./routes/mail/NewsletterIssue'), 'NewsletterIssue'),
});
const media = createRoute({
  getParentRoute: () => root,
  path: '/media',
  validateSearch: parseMediaSearch,
  component: lazyRouteComponent(() => import('./routes/media/Media'), 'Media'),
});
const mediaDetails = createRoute({
  getParentRoute: () => root,
  path: '/media/$id',
  component: lazyRouteComponent(() => import('./routes/media/MediaDetails'), 'MediaDetails'),
});
const review = createRoute({
  getParentRoute: () => root,
  path: '/review',
  component: lazyRouteComponent(() => import('./review/Reviews'), 'Reviews'),
});
const reviewQueue = createRoute({
  getParentRoute: () => root,
  path: '/review/$type',
  validateSearch: parseQueueSearch,
  component: lazyRouteComponent(() => import('./review/ReviewQueue'), 'ReviewQueue'),
});
const reviewItem = createRoute({
  getParentRoute: () => root,
  path: '/review/$type/$id',
  validateSearch: parseQueueSearch,
  component: lazyRouteComponent(() => import('./review/ReviewDetail'), 'ReviewDetail'),
});
const events = createRoute({
  getParentRoute: () => root,
  path: '/events',
  component: lazyRouteComponent(() => import('./review/Events'), 'Events'),
});
const eventRegistrations = createRoute({
  getParentRoute: () => root,
  path: '/events/$id',
  component: lazyRouteComponent(() => import('./review/Events'), 'EventRegistrations'),
});
const acceptInvitation = createRoute({
  getParentRoute: () => root,
  path: '/accept-invitation',
  component: lazyRouteComponent(() => import('./routes/AcceptInvitation'), 'AcceptInvitation'),
});

export const router = createRouter({
  routeTree: root.addChildren([
    home,
    contentTypes,
    contentList,
    contentNew,
    contentEdit,
    analytics,
    users,
    operations,
    jobs,
    webhooks,
    webhookDeliveries,
    tokens,
    plugins,
    audit,
    searchIndex,
    mail,
    mailLog,
    mailView,
    newsletter,
    newsletterIssue,
    media,
    mediaDetails,
    review,
    reviewQueue,
    reviewItem,
    events,
    eventRegistrations,
    acceptInvitation,
  ]),
  basepath: '/admin',
  defaultNotFoundComponent: () => (
    <>
      <h1>Not found</h1>
      <p>There is no such screen.</p>
    </>
  ),
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
