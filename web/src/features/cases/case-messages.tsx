import { useState, type FormEvent } from 'react'
import { asApiError } from '../../api/client.ts'
import { useCaseMove } from '../../api/cases.ts'
import { usePeople } from '../../api/demo.ts'
import type { Case } from '../../api/types.ts'
import { Button } from '../../components/button.tsx'
import { Field } from '../../components/field.tsx'
import { ProblemNotice } from '../../components/notice.tsx'
import { Card } from '../../components/page.tsx'
import { DateTime } from '../../components/time.tsx'
import { initials } from '../../lib/labels.ts'
import { actorName, caseAction, spokenText } from './case-facts.ts'

/**
 * Messages on the case, plain for now: read from the timeline's
 * `CaseMessagePosted` entries and written with POST /messages. The
 * conversations API (translation, the original one click away) replaces this
 * component's source without changing where it sits on the page.
 */
export const CaseMessages = ({ c, viewer }: { c: Case; viewer: string }) => {
  const person = usePeople()
  const post = caseAction(c, 'post_message')
  const move = useCaseMove(c)
  const [body, setBody] = useState('')
  const messages = c.timeline.filter((e) => e.type === 'CaseMessagePosted')
  if (!post && messages.length === 0) return null

  const submit = (e: FormEvent): void => {
    e.preventDefault()
    if (!body.trim()) return
    move.run({ kind: 'message', body: { body: body.trim() } }, () => setBody(''))
  }

  return (
    <Card title="Messages" id="messages">
      {messages.length === 0 ? (
        <p className="muted">No messages yet. Both sides and the agent read what you write here.</p>
      ) : (
        <ol className="messages">
          {messages.map((m) => {
            const mine = m.actor.kind === viewer
            const name = actorName(m.actor, person)
            return (
              <li key={m.version} className={`message${mine ? ' message-mine' : ''}`}>
                <span className={`avatar avatar-${m.actor.kind}`} aria-hidden="true">
                  {initials(name)}
                </span>
                <div className="message-body">
                  <span className="message-head">
                    <span className="message-author">{mine ? 'You' : name}</span>{' '}
                    <span className="muted small">
                      <DateTime iso={m.at} />
                    </span>
                  </span>
                  <p className="message-text">{spokenText(m) ?? m.text}</p>
                </div>
              </li>
            )
          })}
        </ol>
      )}
      {post ? (
        <form className="message-form" onSubmit={submit}>
          <Field label="Write a message">
            {(p) => (
              <textarea
                {...p}
                rows={2}
                maxLength={5000}
                value={body}
                onChange={(e) => setBody(e.target.value)}
              />
            )}
          </Field>
          {move.error ? <ProblemNotice error={asApiError(move.error)} /> : null}
          <Button type="submit" busy={move.isPending} disabled={!body.trim()}>
            Send
          </Button>
        </form>
      ) : null}
    </Card>
  )
}
