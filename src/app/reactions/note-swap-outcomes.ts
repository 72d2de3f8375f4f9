import { systemActor } from '../../domain/shared/actor.ts'
import type { SwapEvent } from '../../domain/swap/events.ts'
import type { Swap } from '../../domain/swap/state.ts'
import { swapCaseIds } from '../../domain/swap/state.ts'
import type { Reactor } from '../../store/event-store.ts'
import { loadAggregate } from '../../store/event-store.ts'
import { caseAggregate } from '../aggregates.ts'
import type { CaseService } from '../cases/commands.ts'

/**
 * The cases follow their swap, in the same transaction: both close when the
 * second parcel is delivered (`NoteSwapCompleted`), both go back to the
 * agents when a parcel was not shipped in time (`NoteSwapFailed`).
 */
export const noteSwapOutcomes =
  (cases: CaseService): Reactor =>
  async (uow, appended) => {
    if (appended.streamType !== 'swap') return null
    const s = appended.state as Swap
    for (const event of appended.events as readonly SwapEvent[]) {
      if (event.type !== 'SwapCompleted' && event.type !== 'SwapFailed') continue
      const type = event.type === 'SwapCompleted' ? 'NoteSwapCompleted' : 'NoteSwapFailed'
      for (const caseId of swapCaseIds(s)) {
        const c = await loadAggregate(uow.tx, caseAggregate, caseId)
        // Only a case still waiting for this very swap hears of it.
        if (c.state.status === 'none') continue
        const f = c.state.followUp
        if (f === null || f.kind !== 'swap' || f.key !== s.swapId || f.status !== 'running')
          continue
        const noted = await cases.execute(uow.as(systemActor), caseId, { type })
        if (!noted.ok) return noted.rejection
      }
    }
    return null
  }
