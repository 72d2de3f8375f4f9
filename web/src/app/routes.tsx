import type { ComponentType } from 'react'
import type { Role } from '../api/types.ts'
import { SandboxClockPage } from '../features/admin/sandbox-clock-page.tsx'
import { AdminHomePage } from '../features/admin/admin-home-page.tsx'
import { ApiKeysPage } from '../features/admin/api-keys-page.tsx'
import { PeoplePage } from '../features/admin/people-page.tsx'
import { PolicyPage } from '../features/admin/policy-page.tsx'
import { SimulationPage } from '../features/admin/simulation-page.tsx'
import { WebhooksPage } from '../features/admin/webhooks-page.tsx'
import { AnalyticsPage } from '../features/analytics/analytics-page.tsx'
import { AgentCasePage } from '../features/agent/agent-case-page.tsx'
import { QueuePage } from '../features/agent/queue-page.tsx'
import { AbuseAppealsPage } from '../features/agent/abuse-appeals-page.tsx'
import { BuyerRecordPage } from '../features/record/buyer-record-page.tsx'
import { CasePage } from '../features/cases/case-page.tsx'
import { CasesPage } from '../features/cases/cases-page.tsx'
import { ConversationPage } from '../features/conversations/conversation-page.tsx'
import { NotificationPreferencesPage } from '../features/notifications/preferences-page.tsx'
import { NotificationsPage } from '../features/notifications/notifications-page.tsx'
import { OpenCasePage } from '../features/cases/open-case-page.tsx'
import { OrderPage } from '../features/orders/order-page.tsx'
import { OrdersPage } from '../features/orders/orders-page.tsx'
import { CancellationInboxPage } from '../features/seller/cancellation-inbox-page.tsx'
import { ListingCheckPage } from '../features/seller/listing-check-page.tsx'
import { ReturnPage } from '../features/seller/return-page.tsx'
import { ReturnsPage } from '../features/seller/returns-page.tsx'
import { ScorecardPage } from '../features/seller/scorecard-page.tsx'
import { ToShipPage } from '../features/seller/to-ship-page.tsx'

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
