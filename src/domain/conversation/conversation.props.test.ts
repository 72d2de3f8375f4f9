import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { defaultPolicy } from '../../policy/presets.ts'
import { hoursAfter, buyer, monday, seller } from '../order/fixtures.ts'
import { decideWithinTable } from '../shared/walk.ts'
import type { ConversationCommand } from './commands.ts'
import { post, threadContext } from './fixtures.ts'
import { conversationDecider } from './index.ts'
import { moderate } from './moderation.ts'
import { initialConversationState, type ConversationState } from './state.ts'
import { conversationTransitions } from './transitions.ts'

const everything = defaultPolicy.messaging.redact
const piece = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    'ana@example.com',
    '+1 (555) 123-4567',
    '06 12 34 56 78',
    'https://x.io/a',
    'pay me on Venmo',
    ' ',
    '. ',
  ),
)
const text = fc.array(piece, { maxLength: 8 }).map((parts) => parts.join(' '))

describe('moderation', () => {
  it('never hides overlapping stretches, and keeps every finding inside the text', () => {
    fc.assert(
      fc.property(text, (t) => {
        const { findings } = moderate(t, everything)
        for (let i = 0; i < findings.length; i++) {
          const f = findings[i]!
          expect(f.start).toBeGreaterThanOrEqual(0)
          expect(f.end).toBeLessThanOrEqual(t.length)
          expect(f.end).toBeGreaterThan(f.start)
          if (i > 0) expect(f.start).toBeGreaterThanOrEqual(findings[i - 1]!.end)
        }
      }),
    )
  })

  it('leaves nothing it found in the text the counterparty reads', () => {
    fc.assert(
      fc.property(text, (t) => {
        const { findings, redacted } = moderate(t, everything)
        expect(redacted === null).toBe(findings.length === 0)
        if (redacted !== null) {
          expect(moderate(redacted, everything).findings).toEqual([])
        }
      }),
    )
  })
})

const command = fc.oneof(
  fc
    .record({ n: fc.integer({ min: 1, max: 50 }), text })
    .map(({ n, text }): ConversationCommand => post(n, text)),
  fc
    .integer({ min: 0, max: 5 })
    .map((upToSeq): ConversationCommand => ({ type: 'MarkRead', upToSeq })),
)

describe('a thread', () => {
  it('numbers messages 1, 2, 3 … whatever is posted, and receipts never go backwards', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), command), { maxLength: 20 }), (steps) => {
        let state: ConversationState = initialConversationState
        let lastRead = { buyer: 0, seller: 0 }
        steps.forEach(([byBuyer, cmd], i) => {
          const ctx = threadContext(byBuyer ? buyer : seller, hoursAfter(monday, i))
          const stepped = decideWithinTable(
            conversationDecider,
            conversationTransitions,
            cmd,
            state,
            ctx,
          )
          if (stepped !== null) state = stepped.state
        })
        if (state.status === 'none') return
        expect(state.messages.map((m) => m.seq)).toEqual(state.messages.map((_, i) => i + 1))
        const reads = {
          buyer: state.reads.buyer?.upToSeq ?? 0,
          seller: state.reads.seller?.upToSeq ?? 0,
        }
        expect(reads.buyer).toBeGreaterThanOrEqual(lastRead.buyer)
        lastRead = reads
      }),
    )
  })
})
