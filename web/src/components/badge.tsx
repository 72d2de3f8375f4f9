import type { ReactNode } from 'react'
import { cancellationStatusLabel, orderStatusLabel, type Tone } from '../lib/labels.ts'

export const Badge = ({ tone = 'neutral', children }: { tone?: Tone; children: ReactNode }) => (
  <span className={`badge badge-${tone}`}>{children}</span>
)

export const OrderStatusBadge = ({ status }: { status: string }) => {
  const [label, tone] = orderStatusLabel(status)
  return <Badge tone={tone}>{label}</Badge>
}

export const CancellationStatusBadge = ({ status }: { status: string }) => {
  const [label, tone] = cancellationStatusLabel(status)
  return <Badge tone={tone}>{label}</Badge>
}
