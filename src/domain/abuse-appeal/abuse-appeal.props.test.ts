import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { integration, seller } from '../order/fixtures.ts'
import type { Actor } from '../shared/actor.ts'
import { decideWithinTable } from '../shared/walk.ts'
import type { AbuseAppealCommand } from './commands.ts'
import type { AppealedSignal } from './events.ts'
import {
  admin,
  agent,
  appealContext,
  aRecord,
  buyer,
  decideAppeal,
  fileAppeal,
  filedAt,
  hoursAfter,
} from './fixtures.ts'
import { abuseAppealDecider } from './index.ts'
import type { AbuseAppealState } from './state.ts'
import { abuseAppealTerminalStatuses, abuseAppealTransitions } from './transitions.ts'

const actors: readonly Actor[] = [buyer, seller, agent, admin, integration]

const signalArb: fc.Arbitrary<AppealedSignal> = fc.record({
  code: fc.constantFrom('high_return_rate', 'high_claim_rate', 'claims_denied', 'evidence_reused'),
  value: fc.double({ min: 0, max: 10, noNaN: true }),
  threshold: fc.double({ min: 0, max: 5, noNaN: true }),
  text: fc.string(),
})

const commandArb: fc.Arbitrary<AbuseAppealCommand> = fc.oneof(
  fc
    .record({ statement: fc.oneof(fc.string(), fc.constant('My returns were fair.')) })
    .map((r) => fileAppeal(r)),
  fc
    .record({
      outcome: fc.constantFrom('cleared' as const, 'upheld' as const),
      rationale: fc.oneof(fc.string(), fc.constant('Checked the cases.')),
    })
    .map((r) => decideAppeal(r.outcome, r.rationale)),
)

const stepArb = fc.record({
  command: commandArb,
  actor: fc.integer({ min: 0, max: actors.length - 1 }),
  signals: fc.array(signalArb, { maxLength: 3 }),
})

describe('abuse appeal invariants', () => {
  it('random walks stay in the table, keep the snapshot, decide once, and never throw', () => {
    const reached = new Set<string>()
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 12 }), (steps) => {
        let state: AbuseAppealState = abuseAppealDecider.initialState
        let now = filedAt
        for (const step of steps) {
          now = hoursAfter(now, 1)
          const actor = actors[step.actor] ?? buyer
          const stepped = decideWithinTable(
            abuseAppealDecider,
            abuseAppealTransitions,
            step.command,
            state,
            appealContext(actor, now, aRecord({ signals: step.signals })),
          )
          if (stepped === null) continue
          const { state: next, events: decision } = stepped
          if (state.status !== 'none' && next.status !== 'none') {
            // What the appeal covers never changes after filing.
            expect(next.signals).toBe(state.signals)
            expect(next.statement).toBe(state.statement)
          }
          for (const e of decision) {
            if (e.type === 'AbuseAppealFiled') {
              expect(actor.kind).toBe('buyer')
              expect(e.data.signals.length).toBeGreaterThan(0)
              expect(e.data.statement.trim()).not.toBe('')
            } else {
              expect(['agent', 'admin']).toContain(actor.kind)
              expect(e.data.rationale).not.toBe('')
            }
          }
          if ((abuseAppealTerminalStatuses as readonly string[]).includes(state.status))
            expect(decision).toEqual([])
          state = next
          reached.add(next.status)
        }
      }),
      { numRuns: 300 },
    )
    expect([...reached].sort()).toEqual(['cleared', 'open', 'upheld'])
  })
})
