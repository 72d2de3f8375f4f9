import type { Instant } from '../../policy/time.ts'
import type { Actor } from '../shared/actor.ts'
import { isRefused } from '../shared/decider.ts'
import {
  asId,
  type CaseId,
  type EvidenceId,
  type MessageId,
  type OfferId,
  type SwapId,
  type UserId,
} from '../shared/ids.ts'
import { minor } from '../shared/money.ts'
import type { CaseCommand } from './commands.ts'
import { escalationWindowClosesAt } from './deadline.ts'
import { decideCase, type CaseContext } from './decide.ts'
import { caseOpenWindow } from './rules.ts'
import { pendingOffer, type Case, type CaseState } from './state.ts'
import type { DecisionId, EvidenceRef } from './vocabulary.ts'

/** The buttons a case view may show; each maps to one command. */
export type CaseActionName =
  | 'open_case'
  | 'accept_claim'
  | 'dispute_claim'
  | 'make_offer'
  | 'accept_offer'
  | 'decline_offer'
  | 'add_evidence'
  | 'post_message'
  | 'escalate'
  | 'withdraw'
  | 'assign'
  | 'request_information'
  | 'provide_information'
  | 'decide'
  | 'appeal'
  | 'decide_appeal'
  | 'link_swap'

/** Something the caller may do now, and the deadline it is bound to (when the chance or the duty runs out). */
export interface CaseAction {
  readonly action: CaseActionName
  readonly dueAt?: Instant
}

/** What a case view knows: the command context without a command's actor. */
export type CaseViewContext = Omit<CaseContext, 'meta'> & { readonly now: Instant }

const probeEvidence: EvidenceRef = {
  evidenceId: asId<EvidenceId>('probe:evidence'),
  kind: 'file',
  file: { sha256: '0'.repeat(64), mediaType: 'image/jpeg', size: 1, name: 'probe.jpg' },
}
const probeDecision = {
  decisionId: asId<DecisionId>('probe:decision'),
  outcome: 'seller_favor',
  fault: 'none',
  rationale: 'probe',
} as const

/**
 * Sample commands per action. An action is available when the decider accepts
 * at least one of them, so the buttons can never disagree with `decide`.
 */
const probes = (
  state: CaseState,
  actor: Actor,
  ctx: CaseViewContext,
): readonly [CaseActionName, readonly CaseCommand[]][] => {
  if (state.status === 'none') {
    const caseId = asId<CaseId>('probe:case')
    return [
      [
        'open_case',
        ctx.policy.cases.coveredReasons.map((reason) => ({
          type: 'OpenCase',
          caseId,
          reason,
          desiredOutcome: 'full_refund',
          description: 'probe',
          evidence: [probeEvidence],
        })),
      ],
    ]
  }
  const pending = pendingOffer(state)
  const answer = pending === null ? [] : [pending.offerId]
  const offerId = asId<OfferId>('probe:offer')
  const self = asId<UserId>(actor.id)
  return [
    [
      'accept_claim',
      [
        { type: 'AcceptClaim', resolution: 'refund' },
        { type: 'AcceptClaim', resolution: 'return' },
      ],
    ],
    ['dispute_claim', [{ type: 'DisputeClaim', statement: 'probe' }]],
    [
      'make_offer',
      [
        { type: 'MakeOffer', offerId, terms: { kind: 'replacement' } },
        { type: 'MakeOffer', offerId, terms: { kind: 'partial_refund', amount: minor(1) } },
      ],
    ],
    ['accept_offer', answer.map((id) => ({ type: 'AcceptOffer', offerId: id }))],
    ['decline_offer', answer.map((id) => ({ type: 'DeclineOffer', offerId: id }))],
    ['add_evidence', [{ type: 'AddEvidence', evidence: probeEvidence }]],
    [
      'post_message',
      [{ type: 'PostMessage', messageId: asId<MessageId>('probe:message'), body: 'probe' }],
    ],
    ['escalate', [{ type: 'Escalate' }]],
    ['withdraw', [{ type: 'Withdraw' }]],
    [
      'assign',
      [
        { type: 'AssignCase', agentId: self },
        { type: 'AssignCase', agentId: asId<UserId>('probe:agent') },
      ],
    ],
    ['request_information', [{ type: 'RequestInformation', from: 'buyer', question: 'probe' }]],
    ['provide_information', [{ type: 'ProvideInformation', text: 'probe' }]],
    ['decide', [{ type: 'Decide', ...probeDecision }]],
    ['appeal', [{ type: 'Appeal', newInformation: 'probe' }]],
    ['decide_appeal', [{ type: 'DecideAppeal', ...probeDecision }]],
    [
      'link_swap',
      [
        {
          type: 'JoinSwap',
          swapId: asId<SwapId>('probe:swap'),
          otherCaseId: asId<CaseId>('probe:case'),
          rationale: 'probe',
          fault: 'seller',
        },
      ],
    ],
  ]
}

/** The deadline an action is bound to, from the case's state. */
const dueAt = (action: CaseActionName, c: Case): Instant | null => {
  const pending = pendingOffer(c)
  switch (action) {
    case 'accept_claim':
    case 'dispute_claim':
      return c.status === 'awaiting_seller' && c.respondedAt === null ? c.sellerRespondBy : null
    case 'make_offer':
    case 'accept_offer':
    case 'decline_offer':
      if (pending !== null) return pending.respondBy
      return c.status === 'awaiting_seller' && c.respondedAt === null ? c.sellerRespondBy : null
    case 'escalate':
      return c.status === 'awaiting_buyer' && pending === null
        ? escalationWindowClosesAt(c, c.escalationWindowFrom)
        : null
    case 'provide_information':
      return c.infoRequest?.dueAt ?? null
    case 'decide':
    case 'decide_appeal':
      return c.decisionDueAt
    case 'appeal':
      return c.appealDueAt
    case 'open_case':
    case 'add_evidence':
    case 'post_message':
    case 'withdraw':
    case 'assign':
    case 'request_information':
    case 'link_swap':
      return null
  }
}

/**
 * What `actor` may do on this case now, each with the deadline it is bound to.
 * Computed by asking the decider, so the UI shows exactly the buttons that
 * would succeed.
 */
export const availableCaseActions = (
  state: CaseState,
  actor: Actor,
  context: CaseViewContext,
): CaseAction[] => {
  const { now, ...rest } = context
  const ctx: CaseContext = { ...rest, meta: { now, actor } }
  const actions: CaseAction[] = []
  for (const [action, commands] of probes(state, actor, context)) {
    const accepted = commands.find((command) => !isRefused(decideCase(command, state, ctx)))
    if (accepted === undefined) continue
    const due =
      state.status === 'none'
        ? accepted.type === 'OpenCase'
          ? (caseOpenWindow(accepted.reason, context.order, context.policy)?.closesAt ?? null)
          : null
        : dueAt(action, state)
    actions.push(due === null ? { action } : { action, dueAt: due })
  }
  return actions
}
