import { useEffect, useState, type FormEvent } from 'react'
import { Link } from 'react-router'
import { asApiError } from '../../api/client.ts'
import {
  useConversation,
  useMarkConversationRead,
  usePostMessage,
  type Conversation,
  type Message,
} from '../../api/conversations.ts'
import { usePeople } from '../../api/demo.ts'
import { Badge } from '../../components/badge.tsx'
import { Button } from '../../components/button.tsx'
import { Field } from '../../components/field.tsx'
import { Notice, ProblemNotice } from '../../components/notice.tsx'
import { Card } from '../../components/page.tsx'
import { DateTime } from '../../components/time.tsx'
import { WhenLoaded } from '../../components/when-loaded.tsx'
import { initials } from '../../lib/labels.ts'
import { EvidenceUploader, useUploads } from '../cases/evidence-uploader.tsx'

/** "Spanish", "English": a language code as the viewer's browser names it. */
export const languageName = (code: string): string => {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(code) ?? code
  } catch {
    return code
  }
}

const findingNames: Readonly<Record<string, string>> = {
  email: 'an email address',
  phone: 'a phone number',
  link: 'a link',
  off_platform_payment: 'a request to pay outside the marketplace',
}

const findingsText = (m: Message): string => {
  const kinds = [...new Set((m.moderation.findings ?? []).map((f) => f.kind))]
  return kinds.length === 0 ? 'contact details' : kinds.map((k) => findingNames[k] ?? k).join(', ')
}

/** What moderation did to a message, said to whoever is reading it. */
export const ModerationNote = ({ m, mine }: { m: Message; mine: boolean }) => {
  if (!m.moderation.redacted) return null
  return (
    <p className="message-moderation small" data-testid="moderation-note">
      <span aria-hidden="true">⚠ </span>
      {mine
        ? `The other side sees this without ${findingsText(m)}: deals and contact stay on the marketplace. Agents can see the original.`
        : 'Part of this message was hidden: contact details and off-platform deals are not shared here. An agent may review it.'}
    </p>
  )
}

/**
 * One message in the reader's language, with the original one click away.
 * A machine translation says so, with its engine.
 */
const MessageItem = ({
  m,
  mine,
  name,
  seen,
}: {
  m: Message
  mine: boolean
  name: string
  seen: boolean
}) => {
  const [showOriginal, setShowOriginal] = useState(false)
  const t = m.translation
  const text = t && showOriginal ? m.untranslated : m.text
  const lang = t && showOriginal ? m.language : m.textLanguage
  return (
    <li className={`message${mine ? ' message-mine' : ''}`} data-testid="message">
      <span className={`avatar avatar-${m.author.role}`} aria-hidden="true">
        {initials(name)}
      </span>
      <div className="message-body">
        <span className="message-head">
          <span className="message-author">{mine ? 'You' : name}</span>{' '}
          <span className="muted small">
            <DateTime iso={m.postedAt} />
          </span>
        </span>
        <p className="message-text" lang={lang}>
          {text}
        </p>
        {t ? (
          <p className="message-translation small muted">
            {showOriginal
              ? `Original, in ${languageName(m.language)}. `
              : `Machine translation from ${languageName(t.from)} (${t.engine}${t.quality === 'rough' ? ', rough' : ''}). `}
            <button
              type="button"
              className="link-button"
              aria-pressed={showOriginal}
              onClick={() => setShowOriginal((v) => !v)}
            >
              {showOriginal ? 'Show translation' : 'Show original'}
            </button>
          </p>
        ) : null}
        <ModerationNote m={m} mine={mine} />
        {m.attachments.length > 0 ? (
          <ul className="message-attachments small" aria-label="Attachments">
            {m.attachments.map((a) => (
              <li key={a.fileId}>
                <a href={a.url} target="_blank" rel="noreferrer">
                  {a.name}
                </a>
              </li>
            ))}
          </ul>
        ) : null}
        {mine && seen ? <span className="muted small">Seen</span> : null}
      </div>
    </li>
  )
}

const otherSide = (c: Conversation): 'buyer' | 'seller' | null =>
  c.you.role === 'buyer' ? 'seller' : c.you.role === 'seller' ? 'buyer' : null

/**
 * The order's conversation for a buyer or seller: one thread per order with
 * its cases' messages in it, each shown in the reader's language (from their
 * profile) with the original one click away; attachments; moderation
 * notices; read receipts both ways. Opening it marks it read.
 */
export const ConversationThread = ({
  orderId,
  title = 'Messages',
}: {
  orderId: string
  title?: string
}) => {
  const person = usePeople()
  const query = useConversation(orderId)
  const post = usePostMessage(orderId)
  const markRead = useMarkConversationRead(orderId)
  const uploads = useUploads()
  const [text, setText] = useState('')
  const c = query.data
  const lastSeq = c?.messages.at(-1)?.seq ?? 0
  const unread = c?.unreadCount ?? 0
  const { mutate: mark, isPending: marking } = markRead

  useEffect(() => {
    if (unread > 0 && lastSeq > 0 && !marking) mark(lastSeq)
  }, [unread, lastSeq, marking, mark])

  const files = uploads.evidence().map((e) => ('fileId' in e ? e.fileId : ''))

  const submit = (e: FormEvent): void => {
    e.preventDefault()
    if (!text.trim() && files.length === 0) return
    post.mutate(
      { text: text.trim(), ...(files.length > 0 ? { attachments: files } : {}) },
      {
        onSuccess: () => {
          setText('')
          uploads.clear()
        },
      },
    )
  }

  return (
    <WhenLoaded query={query} pending={<p className="muted">Loading messages…</p>}>
      {(c) => {
        const other = otherSide(c)
        const seenUpTo = other ? (c.readReceipts[other]?.upToSeq ?? 0) : 0
        const canPost = c.availableActions.some((a) => a.action === 'post_message')
        return (
          <Card
            title={title}
            id="conversation"
            actions={unread > 0 ? <Badge tone="info">{unread} unread</Badge> : undefined}
          >
            <p className="muted small">
              You read this thread in {languageName(c.you.language)}. Messages in other languages
              are machine-translated; the original is one click away.
              {c.agentsJoined
                ? ' A marketplace agent takes part since the case was escalated.'
                : ''}
            </p>
            {c.messages.length === 0 ? (
              <p className="muted">No messages yet.</p>
            ) : (
              <ol className="messages" aria-label="Conversation">
                {c.messages.map((m) => {
                  const mine = m.author.id === (c.you.role === 'buyer' ? c.buyerId : c.sellerId)
                  return (
                    <MessageItem
                      key={m.id}
                      m={m}
                      mine={mine}
                      name={person(m.author.id)}
                      seen={mine && seenUpTo >= m.seq}
                    />
                  )
                })}
              </ol>
            )}
            {c.locked ? (
              <Notice tone="info" title="This conversation is closed">
                The order and its cases are over; the thread stays readable.
              </Notice>
            ) : null}
            {canPost ? (
              <form className="message-form" onSubmit={submit}>
                <Field
                  label="Write a message"
                  hint="Contact details and payment outside the marketplace are hidden from the other side."
                >
                  {(p) => (
                    <textarea
                      {...p}
                      rows={3}
                      maxLength={4000}
                      value={text}
                      onChange={(e) => setText(e.target.value)}
                    />
                  )}
                </Field>
                <EvidenceUploader
                  uploads={uploads}
                  label="Attach photos or documents"
                  hint="JPEG, PNG, GIF, WebP or PDF, up to 10 MB each, at most 5."
                />
                {post.error ? <ProblemNotice error={asApiError(post.error)} /> : null}
                <Button
                  type="submit"
                  variant="primary"
                  busy={post.isPending}
                  disabled={uploads.busy || (!text.trim() && files.length === 0)}
                >
                  Send
                </Button>
              </form>
            ) : null}
          </Card>
        )
      }}
    </WhenLoaded>
  )
}

/** On an order page: the way to its conversation, with what is unread. */
export const ConversationLink = ({ orderId }: { orderId: string }) => {
  const query = useConversation(orderId)
  const c = query.data
  if (!c) return null
  const last = c.messages.at(-1)
  return (
    <Card
      title="Messages"
      id="conversation-link"
      actions={c.unreadCount > 0 ? <Badge tone="info">{c.unreadCount} unread</Badge> : undefined}
    >
      <p className="muted small">
        {last
          ? `${c.messages.length} message${c.messages.length === 1 ? '' : 's'}, the last one `
          : 'Write to the other side about this order, in your own language. '}
        {last ? <DateTime iso={last.postedAt} /> : null}
      </p>
      <Link className="btn btn-secondary btn-md" to={`/orders/${orderId}/conversation`}>
        Open the conversation
      </Link>
    </Card>
  )
}
