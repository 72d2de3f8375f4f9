import { lazy, type ComponentType } from 'react'
import type { Role } from '../api/types.ts'

/**
 * A page loaded on first visit: each feature's pages become their own chunk,
 * so signing in downloads the shell and the first page, not the whole app.
 * The router shows the page's Suspense fallback while its chunk arrives.
 */
const page = <K extends string, M extends { readonly [P in K]: ComponentType }>(
  load: () => Promise<M>,
  name: K,
) => lazy(async () => ({ default: (await load())[name] }))

const AdminHomePage = page(() => import('../features/admin/admin-home-page.tsx'), 'AdminHomePage')
const ApiKeysPage = page(() => import('../features/admin/api-keys-page.tsx'), 'ApiKeysPage')
const StaffPage = page(() => import('../features/admin/staff-page.tsx'), 'StaffPage')
const PeoplePage = page(() => import('../features/admin/people-page.tsx'), 'PeoplePage')
const PolicyPage = page(() => import('../features/admin/policy-page.tsx'), 'PolicyPage')
const SandboxClockPage = page(
  () => import('../features/admin/sandbox-clock-page.tsx'),
  'SandboxClockPage',
)
const SimulationPage = page(() => import('../features/admin/simulation-page.tsx'), 'SimulationPage')
const WebhooksPage = page(() => import('../features/admin/webhooks-page.tsx'), 'WebhooksPage')
const AbuseAppealsPage = page(
  () => import('../features/agent/abuse-appeals-page.tsx'),
  'AbuseAppealsPage',
)
const AgentCasePage = page(() => import('../features/agent/agent-case-page.tsx'), 'AgentCasePage')
const QueuePage = page(() => import('../features/agent/queue-page.tsx'), 'QueuePage')
const AnalyticsPage = page(
  () => import('../features/analytics/analytics-page.tsx'),
  'AnalyticsPage',
)
const CasePage = page(() => import('../features/cases/case-page.tsx'), 'CasePage')
const CasesPage = page(() => import('../features/cases/cases-page.tsx'), 'CasesPage')
const OpenCasePage = page(() => import('../features/cases/open-case-page.tsx'), 'OpenCasePage')
const ConversationPage = page(
  () => import('../features/conversations/conversation-page.tsx'),
  'ConversationPage',
)
const NotificationsPage = page(
  () => import('../features/notifications/notifications-page.tsx'),
  'NotificationsPage',
)
const NotificationPreferencesPage = page(
  () => import('../features/notifications/preferences-page.tsx'),
  'NotificationPreferencesPage',
)
const OrderPage = page(() => import('../features/orders/order-page.tsx'), 'OrderPage')
const OrdersPage = page(() => import('../features/orders/orders-page.tsx'), 'OrdersPage')
const BuyerRecordPage = page(
  () => import('../features/record/buyer-record-page.tsx'),
  'BuyerRecordPage',
)
const CancellationInboxPage = page(
  () => import('../features/seller/cancellation-inbox-page.tsx'),
  'CancellationInboxPage',
)
const ListingCheckPage = page(
  () => import('../features/seller/listing-check-page.tsx'),
  'ListingCheckPage',
)
const ReturnPage = page(() => import('../features/seller/return-page.tsx'), 'ReturnPage')
const ReturnsPage = page(() => import('../features/seller/returns-page.tsx'), 'ReturnsPage')
const ScorecardPage = page(() => import('../features/seller/scorecard-page.tsx'), 'ScorecardPage')
const ToShipPage = page(() => import('../features/seller/to-ship-page.tsx'), 'ToShipPage')

/** What a nav item may depend on besides the role. */
export interface NavContext {
  readonly role: Role
  readonly sandbox: boolean
}

/**
 * One signed-in page. Pages are added here as their API lands (cases,
 * returns, ledger, messages, insights): the router, the role guard and the
 * top bar's navigation are all derived from this table.
 */
export interface AppRoute {
  readonly path: string
  /** Who may open the page; anyone else is told whose page it is. */
  readonly roles: readonly Role[]
  readonly Component: ComponentType
  /** Shown in the top bar, in table order, for these roles (default: `roles`). */
  readonly nav?: {
    readonly label: string | ((role: Role) => string)
    readonly roles?: readonly Role[]
    readonly when?: (ctx: NavContext) => boolean
    /** Where the item sits in this role's bar (default: its place in the table). */
    readonly rank?: (role: Role) => number
  }
}

export const appRoutes: readonly AppRoute[] = [
  { path: '/seller/to-ship', roles: ['seller'], Component: ToShipPage, nav: { label: 'To ship' } },
  {
    path: '/seller/cancellations',
    roles: ['seller'],
    Component: CancellationInboxPage,
    nav: { label: 'Cancellations' },
  },
  {
    path: '/orders',
    roles: ['buyer', 'seller'],
    Component: OrdersPage,
    nav: { label: (role) => (role === 'buyer' ? 'My orders' : 'All orders') },
  },
  { path: '/orders/:orderId', roles: ['buyer', 'seller'], Component: OrderPage },
  { path: '/orders/:orderId/open-case', roles: ['buyer'], Component: OpenCasePage },
  {
    path: '/orders/:orderId/conversation',
    roles: ['buyer', 'seller'],
    Component: ConversationPage,
  },
  {
    path: '/notifications',
    roles: ['buyer', 'seller'],
    Component: NotificationsPage,
    nav: { label: 'Notifications', rank: () => 9 },
  },
  {
    path: '/settings/notifications',
    roles: ['buyer', 'seller', 'agent', 'admin'],
    Component: NotificationPreferencesPage,
  },
  {
    path: '/cases',
    roles: ['buyer', 'seller'],
    Component: CasesPage,
    // Sellers answer cases right after shipping; buyers look at orders first.
    nav: {
      label: (role) => (role === 'buyer' ? 'My cases' : 'Cases'),
      rank: (role) => (role === 'seller' ? 0.5 : 3),
    },
  },
  { path: '/cases/:caseId', roles: ['buyer', 'seller'], Component: CasePage },
  // The buyer's record, its abuse signals and the appeal against them; after the cases.
  {
    path: '/record',
    roles: ['buyer'],
    Component: BuyerRecordPage,
    nav: { label: 'My record', rank: () => 4 },
  },
  // After the cancellation requests in the seller's bar, before all orders.
  {
    path: '/seller/returns',
    roles: ['seller'],
    Component: ReturnsPage,
    nav: { label: 'Returns', rank: () => 1.5 },
  },
  { path: '/seller/returns/:returnId', roles: ['seller'], Component: ReturnPage },
  {
    path: '/seller/scorecard',
    roles: ['seller'],
    Component: ScorecardPage,
    nav: { label: 'Scorecard', rank: () => 1.6 },
  },
  // Reached from the scorecard ("Check a listing"): the seller's bar is full.
  { path: '/seller/listing-check', roles: ['seller'], Component: ListingCheckPage },
  {
    path: '/admin',
    roles: ['admin'],
    Component: AdminHomePage,
    nav: { label: 'Overview' },
  },
  {
    path: '/agent',
    roles: ['agent', 'admin'],
    Component: QueuePage,
    nav: { label: (role) => (role === 'admin' ? 'Escalations' : 'Queue') },
  },
  { path: '/agent/cases/:caseId', roles: ['agent', 'admin'], Component: AgentCasePage },
  // Agents work appeals beside the queue; admins reach them from the analytics' return-abuse list.
  {
    path: '/agent/abuse-appeals',
    roles: ['agent', 'admin'],
    Component: AbuseAppealsPage,
    nav: { label: 'Abuse appeals', roles: ['agent'] },
  },
  {
    path: '/analytics',
    roles: ['agent', 'admin'],
    Component: AnalyticsPage,
    nav: { label: 'Analytics' },
  },
  { path: '/admin/policy', roles: ['admin'], Component: PolicyPage, nav: { label: 'Policy' } },
  { path: '/admin/simulate', roles: ['admin'], Component: SimulationPage },
  {
    path: '/admin/webhooks',
    roles: ['admin'],
    Component: WebhooksPage,
    nav: { label: 'Webhooks' },
  },
  // Reached from the overview and the webhooks page: the admin bar stays short enough for a laptop.
  { path: '/admin/api-keys', roles: ['admin'], Component: ApiKeysPage },
  { path: '/admin/staff', roles: ['admin'], Component: StaffPage },
  { path: '/admin/people', roles: ['admin'], Component: PeoplePage },
  {
    path: '/admin/clock',
    roles: ['admin'],
    Component: SandboxClockPage,
    nav: { label: 'Sandbox clock', when: (ctx) => ctx.sandbox },
  },
]

export interface NavItem {
  readonly to: string
  readonly label: string
}

export const navFor = (ctx: NavContext): NavItem[] =>
  appRoutes
    .flatMap((r, index) => {
      if (!r.nav) return []
      const roles = r.nav.roles ?? r.roles
      if (!roles.includes(ctx.role) || (r.nav.when && !r.nav.when(ctx))) return []
      return [
        {
          to: r.path,
          label: typeof r.nav.label === 'function' ? r.nav.label(ctx.role) : r.nav.label,
          rank: r.nav.rank ? r.nav.rank(ctx.role) : index,
        },
      ]
    })
    .sort((a, b) => a.rank - b.rank)
    .map(({ to, label }) => ({ to, label }))

/** Where a role lands after signing in: its first nav item. */
export const homeFor = (role: Role): string => navFor({ role, sandbox: false })[0]?.to ?? '/'
