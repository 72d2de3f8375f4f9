import { useConversation, type Message } from '../../api/conversations.ts'
import { usePeople } from '../../api/demo.ts'
import type { Case } from '../../api/types.ts'
import { Badge } from '../../components/badge.tsx'
import { Card } from '../../components/page.tsx'
import { DateTime } from '../../components/time.tsx'
import { WhenLoaded } from '../../components/when-loaded.tsx'
import { languageName } from './conversation-thread.tsx'

const AgentMessage = ({ m, name }: { m: Message; name: string }) => {
  const original = m.original ?? m.untranslated
  return (
    <li className="agent-message" data-testid="agent-message">
      <p className="message-head">
        <span className="message-author">
          {name} ({m.author.role})
        </span>{' '}
        <span className="muted small">
          <DateTime iso={m.postedAt} />
        </span>{' '}
        {m.moderation.flagged ? <Badge tone="warning">Flagged for review</Badge> : null}
        {m.moderation.review ? <Badge tone="neutral">Review: {m.moderation.review}</Badge> : null}
      </p>
      <dl className="agent-message-texts">
        <dt className="small muted">Original ({languageName(m.language)})</dt>
        <dd lang={m.language}>{original}</dd>
        {m.translation ? (
          <>
            <dt className="small muted">
              {languageName(m.translation.to)}, machine translation ({m.translation.engine})
            </dt>
            <dd lang={m.translation.to}>{m.text}</dd>
          </>
        ) : null}
        {m.moderation.redacted ? (
          <>
            <dt className="small muted">What the other side sees</dt>
            <dd>{m.untranslated === original ? '(hidden parts redacted)' : m.untranslated}</dd>
          </>
        ) : null}
      </dl>
    </li>
  )
}

/**
 * The order's whole thread for an agent on an escalated case: every message
 * in its original language and in the agent's, with what moderation hid
 * from the counterparty and the flags waiting for review.
 */
export const AgentConversation = ({ c }: { c: Case }) => {
  const person = usePeople()
  const query = useConversation(c.orderId, c.escalatedAt !== null)
  if (c.escalatedAt === null) return null
  return (
    <WhenLoaded
      query={query}
      frame={(content) => (
        <Card title="Conversation" id="agent-conversation">
          {content}
        </Card>
      )}
    >
      {({ messages }) => <AgentConversationCard messages={messages} nameOf={person} />}
    </WhenLoaded>
  )
}

const AgentConversationCard = ({
  messages,
  nameOf,
}: {
  messages: readonly Message[]
  nameOf: (id: string) => string
}) => {
  const flagged = messages.filter((m) => m.moderation.flagged).length
  return (
    <Card
      title={`Conversation (${messages.length})`}
      id="agent-conversation"
      actions={flagged > 0 ? <Badge tone="warning">{flagged} flagged</Badge> : undefined}
    >
      {messages.length === 0 ? (
        <p className="muted">The buyer and seller have not written to each other.</p>
      ) : (
        <ol className="agent-messages" aria-label="Conversation between buyer and seller">
          {messages.map((m) => (
            <AgentMessage key={m.id} m={m} name={nameOf(m.author.id)} />
          ))}
        </ol>
      )}
    </Card>
  )
}
