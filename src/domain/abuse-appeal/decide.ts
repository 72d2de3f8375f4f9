import type { ActorKind } from '../shared/actor.ts'
import type { CommandMeta, Decision } from '../shared/decider.ts'
import { byCommandType, reject } from '../shared/decider.ts'
import { asId, type AbuseAppealId, type UserId } from '../shared/ids.ts'
import type { AbuseAppealCommand, DecideAbuseAppeal, FileAbuseAppeal } from './commands.ts'
import type { AbuseAppealEvent, AppealedSignal, SignalWindow } from './events.ts'
import type { AbuseAppealRejection } from './rejections.ts'
import { APPEAL_RATIONALE_MAX_LENGTH, APPEAL_STATEMENT_MAX_LENGTH } from './rules.ts'
import type { AbuseAppealState } from './state.ts'

/** The buyer's record as the app measured it for `FileAbuseAppeal`, in the command's transaction. */
export interface AppealableRecord {
  /** The signals raised now, less those an earlier appeal cleared and the numbers have not passed. */
  readonly signals: readonly AppealedSignal[]
  readonly window: SignalWindow
  /** The buyer's appeal still open, if any. */
  readonly openAppealId: AbuseAppealId | null
}

/** What `decide` needs besides the command: time and actor, and for filing the buyer's record. */
export interface AbuseAppealContext {
  readonly meta: CommandMeta
  readonly record?: AppealableRecord
}

export type AbuseAppealDecision = Decision<AbuseAppealEvent, AbuseAppealRejection>

const refuse = (r: AbuseAppealRejection): AbuseAppealDecision => reject(r)

const onlyActors = (
  ctx: AbuseAppealContext,
  allowed: readonly ActorKind[],
): AbuseAppealRejection | null =>
  allowed.includes(ctx.meta.actor.kind)
    ? null
    : { code: 'ACTOR_NOT_ALLOWED', actorKind: ctx.meta.actor.kind, allowed }

/** Why the text of a statement or rationale is refused, or `null`. */
const textRefusal = (
  text: string,
  maxLength: number,
  required: 'STATEMENT_REQUIRED' | 'RATIONALE_REQUIRED',
  tooLong: 'STATEMENT_TOO_LONG' | 'RATIONALE_TOO_LONG',
): AbuseAppealRejection | null => {
  const trimmed = text.trim()
  if (trimmed === '') return { code: required }
  return trimmed.length > maxLength ? { code: tooLong, maxLength, length: trimmed.length } : null
}

/**
 * Why the buyer may not appeal now, or `null`: only a buyer, one open appeal
 * at a time, and only against signals its record raises now.
 */
export const fileAbuseAppealRefusal = (
  command: Pick<FileAbuseAppeal, 'appealId' | 'statement'>,
  ctx: AbuseAppealContext,
): AbuseAppealRejection | null => {
  const refused = onlyActors(ctx, ['buyer'])
  if (refused) return refused
  const record = ctx.record
  if (record?.openAppealId && record.openAppealId !== command.appealId)
    return { code: 'APPEAL_ALREADY_OPEN', appealId: record.openAppealId }
  if (record === undefined || record.signals.length === 0) return { code: 'NO_ABUSE_SIGNALS' }
  return textRefusal(
    command.statement,
    APPEAL_STATEMENT_MAX_LENGTH,
    'STATEMENT_REQUIRED',
    'STATEMENT_TOO_LONG',
  )
}

const file = (
  c: FileAbuseAppeal,
  state: AbuseAppealState,
  ctx: AbuseAppealContext,
): AbuseAppealDecision => {
  if (state.status !== 'none')
    return state.appealId === c.appealId
      ? []
      : refuse({ code: 'APPEAL_EXISTS', appealId: state.appealId })
  const refused = fileAbuseAppealRefusal(c, ctx)
  if (refused) return refuse(refused)
  if (ctx.record === undefined) return refuse({ code: 'NO_ABUSE_SIGNALS' })
  return [
    {
      type: 'AbuseAppealFiled',
      data: {
        appealId: c.appealId,
        buyerId: asId<UserId>(ctx.meta.actor.id),
        statement: c.statement.trim(),
        signals: ctx.record.signals,
        window: ctx.record.window,
        at: ctx.meta.now,
      },
    },
  ]
}

const decideAppeal = (
  c: DecideAbuseAppeal,
  state: AbuseAppealState,
  ctx: AbuseAppealContext,
): AbuseAppealDecision => {
  if (state.status === 'none') return refuse({ code: 'APPEAL_NOT_FOUND' })
  const refused = onlyActors(ctx, ['agent', 'admin'])
  if (refused) return refuse(refused)
  if (state.status !== 'open' && state.decision !== null)
    return refuse({
      code: 'APPEAL_ALREADY_DECIDED',
      status: state.status,
      outcome: state.decision.outcome,
      decidedAt: state.decision.at,
    })
  const wrongText = textRefusal(
    c.rationale,
    APPEAL_RATIONALE_MAX_LENGTH,
    'RATIONALE_REQUIRED',
    'RATIONALE_TOO_LONG',
  )
  if (wrongText) return refuse(wrongText)
  const { actor, now } = ctx.meta
  const role = actor.kind === 'admin' ? 'admin' : 'agent'
  return [
    {
      type: 'AbuseAppealDecided',
      data: {
        appealId: state.appealId,
        buyerId: state.buyerId,
        outcome: c.outcome,
        rationale: c.rationale.trim(),
        by: { role, userId: asId<UserId>(actor.id) },
        at: now,
      },
    },
  ]
}

/** Decides an abuse-appeal command: the new facts, or a refusal with its data. Pure: time, actor and the record come in. */
export const decideAbuseAppeal: (
  command: AbuseAppealCommand,
  state: AbuseAppealState,
  ctx: AbuseAppealContext,
) => AbuseAppealDecision = byCommandType({
  FileAbuseAppeal: file,
  DecideAbuseAppeal: decideAppeal,
})
