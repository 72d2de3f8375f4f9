import { describe, expect, it } from 'vitest'
import { defaultPolicy } from '../../policy/presets.ts'
import { addDuration, addHours, type Instant } from '../../policy/time.ts'
import { specFor } from '../shared/spec.ts'
import { buyer, daysAfter, integration, monday, scheduler } from '../order/fixtures.ts'
import { activeReturnDeadline, pendingReturnReminder, scheduledReturnDeadline } from './deadline.ts'
import {
  created,
  createReturn,
  expireReturnDeadline,
  returnContext,
  returnHistory,
  returnId,
} from './fixtures.ts'
import { returnDecider } from './index.ts'
import { evolveReturn, initialReturnState } from './state.ts'

const { given } = specFor(returnDecider)
const shipBy = addDuration(monday, defaultPolicy.returns.buyerShipBy, defaultPolicy.calendar)
const remindAt = addHours(shipBy, -24)
const ctxAt = (now: Instant) => returnContext(scheduler, now)
const stateOf = (events: ReturnType<typeof created>) =>
  events.reduce(evolveReturn, initialReturnState)

describe('return ship-by reminder', () => {
  describe('when the label is issued', () => {
    const events = created()

    it('is scheduled 24 hours before ship-by, ahead of the ship-by deadline', () => {
      const state = stateOf(events)
      expect(pendingReturnReminder(state)).toEqual({
        kind: 'buyer_ship_by_reminder',
        dueAt: remindAt,
      })
      expect(scheduledReturnDeadline(state)).toEqual({
        kind: 'buyer_ship_by_reminder',
        dueAt: remindAt,
      })
      expect(activeReturnDeadline(state)).toEqual({ kind: 'buyer_ship_by', dueAt: shipBy })
    })

    it('reminds the buyer once it is due, and not before', () => {
      given(...events)
        .when(
          expireReturnDeadline('buyer_ship_by_reminder', remindAt),
          ctxAt(addHours(remindAt, -1)),
        )
        .thenNothing()
      given(...events)
        .when(expireReturnDeadline('buyer_ship_by_reminder', remindAt), ctxAt(remindAt))
        .then({ type: 'ReturnShipByReminderDue', data: { returnId, shipBy, at: remindAt } })
    })

    it('fired only after ship-by passed, it acts as ship-by: the return expires', () => {
      given(...events)
        .when(expireReturnDeadline('buyer_ship_by_reminder', remindAt), ctxAt(shipBy))
        .then({ type: 'ReturnExpired', data: { returnId, shipBy, at: shipBy } })
    })

    it('fires once: then ship-by itself is scheduled, and a replay changes nothing', () => {
      const reminded = [
        ...events,
        { type: 'ReturnShipByReminderDue', data: { returnId, shipBy, at: remindAt } } as const,
      ]
      const state = stateOf(reminded)
      expect(pendingReturnReminder(state)).toBeNull()
      expect(scheduledReturnDeadline(state)).toEqual({ kind: 'buyer_ship_by', dueAt: shipBy })
      given(...reminded)
        .when(expireReturnDeadline('buyer_ship_by_reminder', remindAt), ctxAt(remindAt))
        .thenNothing()
    })
  })

  it('a buyer who shipped is not reminded', () => {
    const shipped = returnHistory([
      [createReturn(), integration, monday],
      [{ type: 'ShipReturn' }, buyer, daysAfter(monday, 1)],
    ])
    expect(pendingReturnReminder(stateOf(shipped))).toBeNull()
    given(...shipped)
      .when(expireReturnDeadline('buyer_ship_by_reminder', remindAt), ctxAt(remindAt))
      .thenNothing()
  })
})
