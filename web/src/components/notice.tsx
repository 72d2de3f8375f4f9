import type { ReactNode } from 'react'
import type { ApiError } from '../api/client.ts'
import { usePeople } from '../api/demo.ts'
import { useSession } from '../auth/use-session.ts'
import { useNow } from '../lib/clock.tsx'
import { describeRefusal, refusalTitle, type Refusal } from '../lib/refusals.ts'

type NoticeTone = 'info' | 'success' | 'warning' | 'danger'

const icons: Record<NoticeTone, string> = { info: 'i', success: '✓', warning: '!', danger: '!' }

export const Notice = ({
  tone = 'info',
  title,
  children,
  action,
}: {
  tone?: NoticeTone
  title?: ReactNode
  children?: ReactNode
  action?: ReactNode
}) => (
  <div className={`notice notice-${tone}`} role={tone === 'danger' ? 'alert' : 'status'}>
    <span className="notice-icon" aria-hidden="true">
      {icons[tone]}
    </span>
    <div className="notice-body">
      {title ? <p className="notice-title">{title}</p> : null}
      {children ? <div className="notice-text">{children}</div> : null}
    </div>
    {action ? <div className="notice-action">{action}</div> : null}
  </div>
)

/** A refusal from the API, said humanely, with its stable code for support. */
export const ProblemNotice = ({
  error,
  tone = 'danger',
  title,
  action,
}: {
  error: ApiError | Refusal
  tone?: NoticeTone
  title?: string
  action?: ReactNode
}) => {
  const now = useNow(60_000)
  const person = usePeople()
  const me = useSession()?.userId
  const nameOf = (id: string): string => (id === me ? 'You' : person(id))
  const status = 'status' in error ? error.status : undefined
  return (
    <Notice tone={tone} title={title ?? refusalTitle(error.code, status)} action={action}>
      <p className="refusal" data-code={error.code}>
        {describeRefusal(error, now, nameOf)}
      </p>
      <p className="refusal-code">Reference: {error.code}</p>
    </Notice>
  )
}
