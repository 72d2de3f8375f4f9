import { v7 as uuidv7 } from 'uuid'
import type { Instant } from '../../policy/time.ts'
import type { Queryable } from '../../store/database.ts'
import { auditEvents } from '../../store/schema-identity.ts'

/**
 * The audit trail (`audit_events`): who did what, when, from where. Any
 * area records into it with `recordAudit` — sign-ins and sign-outs here,
 * staff and privacy changes later — inside the transaction of the change it
 * describes when there is one. Types are dotted, area first
 * (`auth.sign_in`); see `AuditType` for the ones in use.
 */

/** The audit types in use, with what each records. New areas add theirs here. */
export const AuditType = {
  /** A session began (`data.via`: password, oidc, handoff, exchange, demo). */
  signIn: 'auth.sign_in',
  /** Someone tried to sign in and was refused (`data.reason`). */
  signInFailed: 'auth.sign_in_failed',
  /** A session was ended by its person. */
  signOut: 'auth.sign_out',
  /** Every session of a person was ended (`data.sessions`: how many). */
  signOutEverywhere: 'auth.sign_out_everywhere',
  /** The marketplace asked for a hand-off link for a person. */
  handoffIssued: 'auth.handoff_issued',
} as const
export type AuditType = (typeof AuditType)[keyof typeof AuditType] | (string & {})

/** Where a request came from, as the audit keeps it. */
export interface RequestOrigin {
  readonly ip: string | null
  readonly userAgent: string | null
}

export interface AuditRecord {
  readonly type: AuditType
  readonly at: Instant
  /** Who did it; null when nobody was identified (a failed sign-in). */
  readonly actor: { readonly kind: string; readonly id: string } | null
  /** What it is about, when not the actor. */
  readonly subject?: { readonly kind: string; readonly id: string } | undefined
  readonly origin?: RequestOrigin | undefined
  /** Small facts about the event; never secrets. */
  readonly data?: Readonly<Record<string, unknown>> | undefined
}

/** The user agent as kept: long headers are cut, so one request cannot bloat the trail. */
const USER_AGENT_CHARS = 400

/** Appends one audit event; returns its id. */
export const recordAudit = async (q: Queryable, record: AuditRecord): Promise<string> => {
  const id = uuidv7()
  await q.insert(auditEvents).values({
    id,
    at: record.at,
    type: record.type,
    actorKind: record.actor?.kind ?? null,
    actorId: record.actor?.id ?? null,
    subjectKind: record.subject?.kind ?? null,
    subjectId: record.subject?.id ?? null,
    ip: record.origin?.ip ?? null,
    userAgent: record.origin?.userAgent?.slice(0, USER_AGENT_CHARS) ?? null,
    data: record.data ?? {},
  })
  return id
}
