import { describe, expect, it } from 'vitest'
import { defaultPolicy } from '../../policy/presets.ts'
import { days } from '../../policy/time.ts'
import {
  admin,
  agent,
  buyer,
  daysAfter,
  hoursAfter,
  integration,
  monday,
  seller,
  strangerBuyer,
  strangerSeller,
} from '../order/fixtures.ts'
import { specFor } from '../shared/spec.ts'
import { MAX_ATTACHMENTS, MAX_MESSAGE_LENGTH } from './decide.ts'
import {
  asAgent,
  asBuyer,
  asSeller,
  caseOnOrder,
  messageId,
  post,
  posted,
  started,
  threadContext,
} from './fixtures.ts'
import { conversationDecider } from './index.ts'
import { availableConversationActions } from './actions.ts'
import { activeConversationDeadline } from './deadline.ts'

const { given } = specFor(conversationDecider)
const attachment = {
  fileId: 'file-1',
  name: 'photo.jpg',
  mediaType: 'image/jpeg',
  size: 10,
  sha256: 'ab',
}

describe('a thread nobody has written in yet', () => {
  it('starts with the first message, numbered 1, with its language and no findings', () => {
    given()
      .when(post(1, 'Hola, ¿ya lo enviaste?', 'es'), threadContext(buyer))
      .then(started(), {
        type: 'MessagePosted',
        data: {
          messageId: messageId(1),
          seq: 1,
          by: asBuyer,
          at: monday,
          text: 'Hola, ¿ya lo enviaste?',
          language: 'es',
          languageSource: 'detected',
          caseId: null,
          attachments: [],
          moderation: { findings: [], redacted: null },
        },
      })
  })

  it('refuses someone else’s buyer or seller, and agents before escalation', () => {
    given().when(post(1, 'hi'), threadContext(strangerBuyer)).thenRejects('NOT_A_PARTICIPANT')
    given().when(post(1, 'hi'), threadContext(strangerSeller)).thenRejects('NOT_A_PARTICIPANT')
    given().when(post(1, 'hi'), threadContext(agent)).thenRejects('NOT_A_PARTICIPANT')
  })

  it('lets admins and integrations read but not write', () => {
    given().when(post(1, 'hi'), threadContext(admin)).thenRejects('ROLE_NOT_ALLOWED')
    given().when(post(1, 'hi'), threadContext(integration)).thenRejects('ROLE_NOT_ALLOWED')
  })

  it('lets an agent write once a case on the order is escalated', () => {
    given()
      .when(
        post(1, 'I am looking into this.'),
        threadContext(agent, monday, { agentsMayJoin: true }),
      )
      .thenMatch({ type: 'ConversationStarted' }, { type: 'MessagePosted', data: { by: asAgent } })
  })
})

describe('when the buyer and the seller are talking', () => {
  const talking = [started(), posted(1, asBuyer, 'Where is my parcel?')]

  it('numbers the next message after the last', () => {
    given(...talking)
      .when(post(2, 'Shipped today.'), threadContext(seller))
      .thenMatch({ type: 'MessagePosted', data: { seq: 2, by: asSeller } })
  })

  it('refuses an empty message, a too long one, and too many files', () => {
    given(...talking)
      .when(post(2, '   '), threadContext(seller))
      .thenRejects('MESSAGE_EMPTY')
    given(...talking)
      .when(post(2, 'x'.repeat(MAX_MESSAGE_LENGTH + 1)), threadContext(seller))
      .thenRejects('MESSAGE_TOO_LONG', { maxLength: MAX_MESSAGE_LENGTH })
    given(...talking)
      .when(
        {
          ...post(2, 'photos'),
          attachments: Array.from({ length: MAX_ATTACHMENTS + 1 }, () => attachment),
        },
        threadContext(seller),
      )
      .thenRejects('TOO_MANY_ATTACHMENTS', { max: MAX_ATTACHMENTS })
  })

  it('takes a message that is only a photo', () => {
    given(...talking)
      .when({ ...post(2, ''), attachments: [attachment] }, threadContext(seller))
      .thenMatch({ type: 'MessagePosted', data: { text: '', attachments: [attachment] } })
  })

  it('hides a phone number from the counterparty and keeps the original', () => {
    const text = 'Call me at +1 (555) 123-4567 please'
    given(...talking)
      .when(post(2, text), threadContext(seller))
      .thenMatch({
        type: 'MessagePosted',
        data: {
          text,
          moderation: {
            findings: [{ kind: 'phone' }],
            redacted: 'Call me at [•••] please',
          },
        },
      })
  })

  it('leaves contact details visible when the policy does not redact them', () => {
    const policy = {
      ...defaultPolicy,
      messaging: {
        ...defaultPolicy.messaging,
        redact: { emails: false, phoneNumbers: false, links: false, offPlatformPayment: false },
      },
    }
    given(...talking)
      .when(post(2, 'mail me: ana@example.com'), threadContext(seller, monday, { policy }))
      .thenMatch({ type: 'MessagePosted', data: { moderation: { findings: [], redacted: null } } })
  })
})

describe('when the order and its cases have closed', () => {
  const talking = [started(), posted(1, asBuyer, 'Thanks!')]
  const closedAt = monday

  it('still takes posts until `lockAfterClose` has passed', () => {
    given(...talking)
      .when(post(2, 'You are welcome'), threadContext(seller, daysAfter(monday, 29), { closedAt }))
      .thenMatch({ type: 'MessagePosted' })
  })

  it('refuses posts once it locked, saying when', () => {
    given(...talking)
      .when(post(2, 'One more thing'), threadContext(buyer, daysAfter(monday, 30), { closedAt }))
      .thenRejects('CONVERSATION_LOCKED', { lockedAt: daysAfter(monday, 30) })
  })

  it('follows the policy’s lock period', () => {
    const policy = {
      ...defaultPolicy,
      messaging: { ...defaultPolicy.messaging, lockAfterClose: days(3) },
    }
    given(...talking)
      .when(post(2, 'late'), threadContext(buyer, daysAfter(monday, 3), { closedAt, policy }))
      .thenRejects('CONVERSATION_LOCKED')
  })

  it('still records a case’s message: the case already accepted it', () => {
    given(...talking)
      .when(
        {
          type: 'RecordCaseMessage',
          messageId: messageId(2),
          caseId: caseOnOrder,
          by: asBuyer,
          text: 'From the case',
          language: 'en',
          languageSource: 'detected',
        },
        threadContext(integration, daysAfter(monday, 40), { closedAt }),
      )
      .thenMatch({ type: 'MessagePosted', data: { seq: 2, caseId: caseOnOrder } })
  })

  it('still records read receipts', () => {
    given(...talking)
      .when({ type: 'MarkRead' }, threadContext(seller, daysAfter(monday, 40), { closedAt }))
      .thenMatch({ type: 'MessagesRead', data: { by: asSeller, upToSeq: 1 } })
  })
})

describe('a case message mirrored into the thread', () => {
  const mirror = {
    type: 'RecordCaseMessage',
    messageId: messageId(1),
    caseId: caseOnOrder,
    by: asSeller,
    text: 'Reply on the case',
    language: 'en',
    languageSource: 'detected',
  } as const

  it('opens the thread if needed', () => {
    given()
      .when(mirror, threadContext(integration))
      .thenMatch(
        { type: 'ConversationStarted' },
        { type: 'MessagePosted', data: { caseId: caseOnOrder } },
      )
  })

  it('is recorded once however often the mirror is retried', () => {
    given(started(), posted(1, asSeller, 'Reply on the case'))
      .when(mirror, threadContext(integration))
      .thenNothing()
  })
})

describe('translations', () => {
  const talking = [started(), posted(1, asBuyer, 'Hola', { language: 'es' })]
  const translation = {
    type: 'RecordTranslation',
    messageId: messageId(1),
    language: 'en',
    text: 'Hello',
    engine: 'apertium',
    quality: 'rough',
  } as const

  it('records a translation with its engine', () => {
    given(...talking)
      .when(translation, threadContext(integration, hoursAfter(monday, 1)))
      .then({
        type: 'MessageTranslated',
        data: {
          messageId: messageId(1),
          language: 'en',
          text: 'Hello',
          engine: 'apertium',
          quality: 'rough',
          at: hoursAfter(monday, 1),
        },
      })
  })

  it('ignores a second translation into the same language and one into the source language', () => {
    const spec = given(...talking, {
      type: 'MessageTranslated',
      data: { ...translation, at: monday },
    })
    spec.when(translation, threadContext(integration)).thenNothing()
    given(...talking)
      .when({ ...translation, language: 'es' }, threadContext(integration))
      .thenNothing()
  })

  it('refuses a translation of an unknown message', () => {
    given(...talking)
      .when({ ...translation, messageId: messageId(9) }, threadContext(integration))
      .thenRejects('MESSAGE_NOT_FOUND')
  })
})

describe('read receipts', () => {
  const talking = [started(), posted(1, asBuyer, 'one'), posted(2, asBuyer, 'two')]

  it('marks the thread read up to the latest message by default', () => {
    given(...talking)
      .when({ type: 'MarkRead' }, threadContext(seller))
      .then({ type: 'MessagesRead', data: { by: asSeller, upToSeq: 2, at: monday } })
  })

  it('never moves a receipt backwards', () => {
    given(...talking, { type: 'MessagesRead', data: { by: asSeller, upToSeq: 2, at: monday } })
      .when({ type: 'MarkRead', upToSeq: 1 }, threadContext(seller))
      .thenNothing()
  })

  it('refuses a message number the thread does not have', () => {
    given(...talking)
      .when({ type: 'MarkRead', upToSeq: 3 }, threadContext(seller))
      .thenRejects('MESSAGE_NOT_FOUND', { seq: 3 })
  })

  it('leaves no receipt for agents', () => {
    given(...talking)
      .when({ type: 'MarkRead' }, threadContext(agent, monday, { agentsMayJoin: true }))
      .thenNothing()
  })
})

describe('reviews of flagged messages', () => {
  const talking = [
    started(),
    posted(1, asBuyer, '555-123-4567', { flagged: true }),
    posted(2, asBuyer, 'fine'),
  ]
  const review = { type: 'ReviewMessage', messageId: messageId(1), verdict: 'confirmed' } as const
  const asAgentCtx = threadContext(agent, monday, { agentsMayJoin: true })

  it('records an agent’s verdict once', () => {
    given(...talking)
      .when(review, asAgentCtx)
      .thenMatch({ type: 'MessageReviewed', data: { verdict: 'confirmed', by: asAgent } })
    given(...talking, {
      type: 'MessageReviewed',
      data: { messageId: messageId(1), by: asAgent, verdict: 'confirmed', at: monday },
    })
      .when(review, asAgentCtx)
      .thenNothing()
  })

  it('refuses parties and messages that were not flagged', () => {
    given(...talking)
      .when(review, threadContext(seller))
      .thenRejects('ROLE_NOT_ALLOWED')
    given(...talking)
      .when({ ...review, messageId: messageId(2) }, asAgentCtx)
      .thenRejects('MESSAGE_NOT_FLAGGED')
  })
})

describe('what each side may do', () => {
  it('offers posting until the lock, reading always, reviews to agents', () => {
    const open = { ...threadContext(buyer), now: monday }
    expect(availableConversationActions(buyer, open)).toEqual([
      { action: 'post_message' },
      { action: 'mark_read' },
    ])
    const closing = { ...threadContext(buyer, monday, { closedAt: monday }), now: monday }
    expect(availableConversationActions(buyer, closing)[0]).toEqual({
      action: 'post_message',
      dueAt: daysAfter(monday, 30),
    })
    const locked = { ...closing, now: daysAfter(monday, 31) }
    expect(availableConversationActions(buyer, locked)).toEqual([{ action: 'mark_read' }])
    const escalated = { ...threadContext(agent, monday, { agentsMayJoin: true }), now: monday }
    expect(availableConversationActions(agent, escalated).map((a) => a.action)).toContain(
      'review_message',
    )
    expect(availableConversationActions(strangerBuyer, open)).toEqual([])
  })

  it('has no deadline to fire', () => {
    expect(activeConversationDeadline({ status: 'none' })).toBeNull()
  })
})
