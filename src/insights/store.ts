/**
 * The insights read models in the database. This file is the projector as a
 * command-runner reactor; under `store/`: the tables it writes
 * (`tables.ts`), the rows it reads back (`read-rows.ts`), the upserts it
 * builds (`upserts.ts`) and applies (`apply.ts`), and the rebuild from the
 * event log (`rebuild.ts`).
 */
import type { Queryable } from '../store/database.ts'
import type { Reactor } from '../store/event-store.ts'
import {
  type CaseRow,
  type OrderRow,
  inertEvents,
  projectEvents,
  rowsNeeded,
} from './projection.ts'
import { applyEffects } from './store/apply.ts'
import { loadCaseRow, loadOrderRow } from './store/read-rows.ts'
import { projectedStreams } from './store/tables.ts'

export { applyEffects, buyerDayEventsSql, refreshPreviousEventDays } from './store/apply.ts'
export { loadCaseRow, loadOrderRow } from './store/read-rows.ts'
export { EffectsBatch, rebuildInsights, type RebuildOptions } from './store/rebuild.ts'
export { insightTables } from './store/tables.ts'

/** A stored event as the projector reads it. */
export interface ProjectedEvent {
  readonly type: string
  readonly data: unknown
}

/**
 * The projector's rows a transaction has read or written, by order and case
 * id: a command that appends to several streams of one order (an approved
 * cancellation: the cancellation, then the order) reads the order's row once.
 */
const rowsByTx = new WeakMap<object, Map<string, OrderRow | CaseRow | null>>()

const cachedRow = async <R extends OrderRow | CaseRow>(
  tx: Queryable,
  key: string,
  load: () => Promise<R | null>,
): Promise<R | null> => {
  let rows = rowsByTx.get(tx)
  if (!rows) rowsByTx.set(tx, (rows = new Map<string, OrderRow | CaseRow | null>()))
  if (rows.has(key)) return rows.get(key) as R | null
  const row = await load()
  rows.set(key, row)
  return row
}

/**
 * Updates the insights read models for events just appended to one stream,
 * in the command's transaction (all or nothing with the events themselves).
 * The command runner retries a whole command on conflict, so a retried
 * command never counts twice.
 */
export const projectInsights = async (
  uow: { readonly tx: Queryable },
  streamType: string,
  streamId: string,
  events: readonly ProjectedEvent[],
): Promise<void> => {
  if (!projectedStreams.has(streamType) || events.every((e) => inertEvents.has(e.type))) return
  const { tx } = uow
  const need = rowsNeeded(streamType, streamId, events)
  const caseId = need.caseId
  const caseRow =
    caseId === null ? null : await cachedRow(tx, `case:${caseId}`, () => loadCaseRow(tx, caseId))
  const orderId = need.orderId ?? caseRow?.orderId ?? null
  const order =
    orderId === null
      ? null
      : await cachedRow(tx, `order:${orderId}`, () => loadOrderRow(tx, orderId))
  const fx = projectEvents({ streamType, streamId, events, order, caseRow })
  if (fx.empty) return
  await applyEffects(tx, fx)
  const rows = rowsByTx.get(tx)
  if (fx.order !== null) rows?.set(`order:${fx.order.orderId}`, fx.order)
  if (fx.caseRow !== null) rows?.set(`case:${fx.caseRow.caseId}`, fx.caseRow)
}

/**
 * The projector as a command-runner reactor: every append, by any command,
 * updates the insights read models in the same transaction. It never refuses.
 */
export const insightsReactor: Reactor = async (uow, appended) => {
  await projectInsights(uow, appended.streamType, appended.streamId, appended.events)
  return null
}
