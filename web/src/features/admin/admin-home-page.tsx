import { Link } from 'react-router'
import { usePolicy } from '../../api/admin.ts'
import { useQueue } from '../../api/cases.ts'
import { Badge } from '../../components/badge.tsx'
import { Card, PageHeader, useDocumentTitle } from '../../components/page.tsx'
import { useNow, useServerClock } from '../../lib/clock.tsx'
import { DateTime } from '../../components/time.tsx'
import { humanize } from '../../lib/labels.ts'
import { formatDayTime } from '../../lib/time.ts'

export const AdminHomePage = () => {
  useDocumentTitle('Admin')
  const { sandbox } = useServerClock()
  const now = useNow(30_000)
  const queue = useQueue({})
  const policy = usePolicy()
  const waiting = queue.data?.pages.flatMap((p) => p.items) ?? []
  const breached = waiting.filter((i) => i.priority === 'breached').length
  const more = queue.hasNextPage ? '+' : ''
  return (
    <div className="page">
      <PageHeader title="Admin" subtitle="How this Recourse runs." />
      <div className="tiles">
        <Card title="Clock" id="clock">
          <p>
            {sandbox ? (
              <Badge tone="warning">Sandbox</Badge>
            ) : (
              <Badge tone="success">Real time</Badge>
            )}{' '}
            It is {formatDayTime(now)}.
          </p>
          {sandbox ? (
            <p>
              <Link to="/admin/clock">Move the sandbox clock</Link> to see deadlines fire.
            </p>
          ) : (
            <p className="muted">The sandbox clock is off; time runs as in production.</p>
          )}
        </Card>
        <Card title="Escalations" id="escalations">
          {queue.isSuccess ? (
            <p>
              <span className="tile-figure">
                {waiting.length}
                {more}
              </span>{' '}
              {waiting.length === 1 ? 'case waits' : 'cases wait'} for an agent’s decision
              {breached > 0 ? (
                <>
                  , <Badge tone="danger">{breached} past the SLA</Badge>
                </>
              ) : null}
              .
            </p>
          ) : (
            <p className="muted">Counting the agents’ queue…</p>
          )}
          <p>
            <Link to="/agent">Open the escalations</Link>
          </p>
        </Card>
        <Card title="Policy" id="policy">
          {policy.data ? (
            <p>
              <Badge tone="info">{humanize(policy.data.policy.preset)}</Badge> in force since{' '}
              <DateTime iso={policy.data.createdAt} />
              {policy.data.note ? <> — {policy.data.note}</> : null}.
            </p>
          ) : (
            <p className="muted">Reading the policy in force…</p>
          )}
          <p>
            <Link to="/admin/policy">Edit the policy</Link> ·{' '}
            <Link to="/admin/simulate">Simulate a change</Link>
          </p>
        </Card>
        <Card title="API" id="api">
          <p>Integrations push orders, shipments and deliveries, and receive webhooks.</p>
          <p>
            <Link to="/admin/api-keys">API keys</Link> · <Link to="/admin/webhooks">Webhooks</Link>{' '}
            · <a href="/docs">API reference</a>
          </p>
        </Card>
        <Card title="People" id="people">
          <p>Buyers and sellers mirrored from the marketplace, agents and admins.</p>
          <p>
            <Link to="/admin/people">Open the directory</Link> ·{' '}
            <Link to="/admin/staff">Staff accounts and invitations</Link>
          </p>
        </Card>
      </div>
    </div>
  )
}
