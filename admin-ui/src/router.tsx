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
import { parseQueueSearch } from './review/queueSearch';

/** The screens, each loaded on first visit (route-level code splitting); the shell and sign-in are in the entry. */
const screens = [
  { to: '/', label: 'Home', permission: null },
  { to: '/content', label: 'Content', permission: 'content' },
  { to: '/review', label: 'Review', permission: 'workflows' },
  { to: '/events', label: 'Events', permission: 'content', route: 'GET /admin/v1/events/{id}/registrations' },
  { to: '/analytics', label: 'Analytics', permission: 'analytics' },
  { to: '/users', label: 'Users', permission: 'users' },
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
              .filter((s) => (s.permission === null || session.can(s.permission)) && (!('route' in s) || session.mayCall(s.route)))
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
  component: lazyRouteComponent(() => import('./routes/Users'), 'Users'),
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
