import { Link } from 'react-router'
import {
  useMarkAllNotificationsRead,
  useMarkNotificationRead,
  useNotifications,
  type Notification,
} from '../../api/notifications.ts'
import { Badge } from '../../components/badge.tsx'
import { Button } from '../../components/button.tsx'
import { EmptyState, PageHeader, useDocumentTitle } from '../../components/page.tsx'
import { DateTime } from '../../components/time.tsx'
import { WhenLoaded } from '../../components/when-loaded.tsx'

/** A notification's link inside this app: its path, whatever public URL the server wrote. */
const pathOf = (link: string | null): string | null => {
  if (!link) return null
  try {
    const url = new URL(link, window.location.origin)
    return `${url.pathname}${url.search}${url.hash}`
  } catch {
    return null
  }
}

const Item = ({ n }: { n: Notification }) => {
  const mark = useMarkNotificationRead()
  const to = pathOf(n.link)
  const unread = n.readAt === null
  return (
    <li
      className={`notification${unread ? ' notification-unread' : ''}`}
      data-testid="notification"
    >
      <div className="notification-text">
        <p className="notification-title" lang={n.language}>
          {unread ? <Badge tone="info">New</Badge> : null}{' '}
          {to ? (
            <Link to={to} onClick={() => unread && mark.mutate(n.id)}>
              {n.title}
            </Link>
          ) : (
            n.title
          )}
        </p>
        <p className="small" lang={n.language}>
          {n.body}
        </p>
        <p className="muted small">
          <DateTime iso={n.createdAt} />
        </p>
      </div>
      {unread ? (
        <Button size="sm" variant="ghost" busy={mark.isPending} onClick={() => mark.mutate(n.id)}>
          Mark read
        </Button>
      ) : null}
    </li>
  )
}

/**
 * `/notifications`: what needs the signed-in person, newest first, written
 * in their language; unread ones marked, one by one or all at once. The same
 * notifications go by email as the preferences say.
 */
export const NotificationsPage = () => {
  useDocumentTitle('Notifications')
  const query = useNotifications()
  const markAll = useMarkAllNotificationsRead()
  const page = query.data
  return (
    <div className="page page-narrow">
      <PageHeader
        title="Notifications"
        badge={
          page && page.unreadCount > 0 ? <Badge tone="info">{page.unreadCount} unread</Badge> : null
        }
        actions={
          <>
            <Link className="btn btn-ghost btn-md" to="/settings/notifications">
              Preferences
            </Link>
            {page && page.unreadCount > 0 ? (
              <Button busy={markAll.isPending} onClick={() => markAll.mutate()}>
                Mark all read
              </Button>
            ) : null}
          </>
        }
      />
      <WhenLoaded query={query} label="Loading notifications…">
        {(loaded) =>
          loaded.items.length === 0 ? (
            <EmptyState title="Nothing yet">
              Cases, offers, messages and reminders about your orders show up here.
            </EmptyState>
          ) : (
            <ol className="notifications" aria-label="Notifications">
              {loaded.items.map((n) => (
                <Item key={n.id} n={n} />
              ))}
            </ol>
          )
        }
      </WhenLoaded>
    </div>
  )
}
