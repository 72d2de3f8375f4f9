import { Link } from 'react-router'
import { Badge } from '../../components/badge.tsx'
import { Card, PageHeader, useDocumentTitle } from '../../components/page.tsx'
import { useNow, useServerClock } from '../../lib/clock.tsx'
import { formatDayTime } from '../../lib/time.ts'

export const AdminHomePage = () => {
  useDocumentTitle('Admin')
  const { sandbox } = useServerClock()
  const now = useNow(30_000)
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
        <Card title="API" id="api">
          <p>Integrations push orders, shipments and deliveries, and receive webhooks.</p>
          <p>
            <a href="/docs">Open the API reference</a>
          </p>
        </Card>
      </div>
    </div>
  )
}
