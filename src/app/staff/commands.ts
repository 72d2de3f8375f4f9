import { and, eq, isNull } from 'drizzle-orm'
import { v7 as uuidv7 } from 'uuid'
import { emailKey, type StaffRole } from '../../domain/staff/account.ts'
import {
  decideAcceptInvitation,
  decideDeactivation,
  decideRoleChange,
} from '../../domain/staff/management.ts'
import { checkPassword } from '../../domain/staff/password-rules.ts'
import type { StaffRejection } from '../../domain/staff/rejections.ts'
import { addMillis, type Instant } from '../../policy/time.ts'
import { fromDbTime } from '../../store/event-store.ts'
import type { Database, Queryable } from '../../store/database.ts'
import { settings, users } from '../../store/schema.ts'
import { staffAccounts, staffInvitations } from '../../store/schema-staff.ts'
import {
  activeAdminCount,
  staffRowByEmailKey,
  staffRowById,
  staffViewOf,
  type StaffView,
} from './accounts.ts'
import type { StaffHooks } from './audit.ts'
import { defaultScryptParams, hashPassword, type ScryptParams } from './passwords.ts'
import { hashToken, newToken } from './tokens.ts'

export type StaffResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly rejection: StaffRejection }

export const ok = <T>(value: T): StaffResult<T> => ({ ok: true, value })
export const refuse = <T>(rejection: StaffRejection): StaffResult<T> => ({ ok: false, rejection })

export interface StaffSettings {
  /** scrypt cost; tests lower it (the parameters ride in each hash). */
  readonly scrypt: ScryptParams
  /**
   * How long an invitation link stays valid. `RECOURSE_INVITATION_HOURS`.
   * @default 72 hours
   */
  readonly invitationTtlMs: number
  /** How long the step between password and second factor may take. @default 5 minutes */
  readonly challengeTtlMs: number
  /** Where links point: `RECOURSE_PUBLIC_URL`. */
  readonly publicUrl: string
  /** The name authenticator apps show next to the code. @default 'Recourse' */
  readonly issuer: string
}

export const defaultStaffSettings: StaffSettings = {
  scrypt: defaultScryptParams,
  invitationTtlMs: 72 * 3_600_000,
  challengeTtlMs: 5 * 60_000,
  publicUrl: 'http://localhost:3000',
  issuer: 'Recourse',
}

/** Who did something and from where, for the audit. */
export interface StaffActorContext {
  readonly id: string | null
  readonly address: string | null
}

export interface Invitation {
  readonly staff: StaffView
  /** The one-time link; only the hash of its token is stored. */
  readonly link: string
  readonly expiresAt: Instant
}

/** The deployment-wide "every staff member needs a second factor" switch, in `settings`. */
const REQUIRE_SECOND_FACTOR = 'staff_require_second_factor'

/**
 * Staff accounts: invitations, roles, deactivation, the second factor an
 * admin requires or resets. Each method is one transaction; an audit entry is
 * written in it.
 */
export class StaffService {
  constructor(
    private readonly database: Database,
    readonly settings: StaffSettings,
    readonly hooks: StaffHooks,
  ) {}

  private get db() {
    return this.database.db
  }

  invitationLink(token: string): string {
    return `${this.settings.publicUrl.replace(/\/$/, '')}/invitation/${token}`
  }

  /**
   * A new account. With a password it is active at once (the CLI's first
   * admin); without, it is invited and the answer carries the one-time link.
   */
  async create(
    input: {
      readonly email: string
      readonly name?: string | undefined
      readonly role: StaffRole
      readonly password?: string | undefined
      readonly requireSecondFactor?: boolean | undefined
    },
    by: StaffActorContext,
    now: Instant,
  ): Promise<StaffResult<{ staff: StaffView; invitation: Invitation | null }>> {
    const email = input.email.trim()
    if (input.password !== undefined) {
      const weak = checkPassword(input.password, email)
      if (weak) return refuse(weak)
    }
    const passwordHash =
      input.password !== undefined ? await hashPassword(input.password, this.settings.scrypt) : null
    return this.db.transaction(async (tx) => {
      if (await staffRowByEmailKey(tx, emailKey(email)))
        return refuse({ code: 'STAFF_EMAIL_TAKEN' })
      const id = uuidv7()
      const name = input.name?.trim() || email.split('@')[0] || email
      await tx
        .insert(users)
        .values({ id, role: input.role, name, email, createdAt: now })
        .onConflictDoUpdate({ target: users.id, set: { role: input.role, name, email } })
      await tx.insert(staffAccounts).values({
        id,
        email,
        emailKey: emailKey(email),
        role: input.role,
        status: passwordHash ? 'active' : 'invited',
        passwordHash,
        requireSecondFactor: input.requireSecondFactor ?? false,
        createdAt: now,
        updatedAt: now,
      })
      const invitation = passwordHash ? null : await this.issueInvitation(tx, id, by, now)
      const row = await staffRowById(tx, id)
      if (!row) throw new Error('staff account vanished inside its transaction')
      const staff = await staffViewOf(tx, row)
      await this.hooks.audit(tx, {
        action: 'staff.invited',
        actorId: by.id,
        subjectId: id,
        address: by.address,
        at: now,
        data: { email, role: input.role, invitation: invitation !== null },
      })
      return ok({ staff, invitation: invitation ? { ...invitation, staff } : null })
    })
  }

  private async issueInvitation(
    tx: Queryable,
    staffId: string,
    by: StaffActorContext,
    now: Instant,
  ): Promise<{ link: string; expiresAt: Instant }> {
    // A newer link replaces any older one still open.
    await tx
      .update(staffInvitations)
      .set({ usedAt: now })
      .where(and(eq(staffInvitations.staffId, staffId), isNull(staffInvitations.usedAt)))
    const token = newToken()
    const expiresAt = addMillis(now, this.settings.invitationTtlMs)
    await tx.insert(staffInvitations).values({
      id: uuidv7(),
      staffId,
      tokenHash: hashToken(token),
      invitedBy: by.id ?? 'cli',
      createdAt: now,
      expiresAt,
    })
    return { link: this.invitationLink(token), expiresAt }
  }

  /** A fresh link for an invited account (the old one stops working). */
  async reinvite(
    id: string,
    by: StaffActorContext,
    now: Instant,
  ): Promise<StaffResult<Invitation>> {
    return this.db.transaction(async (tx) => {
      const row = await staffRowById(tx, id)
      if (!row) return refuse({ code: 'STAFF_NOT_FOUND' })
      if (row.status !== 'invited')
        return refuse({ code: 'STAFF_STATUS_CONFLICT', status: 'active', allowed: ['invited'] })
      const invitation = await this.issueInvitation(tx, id, by, now)
      await this.hooks.audit(tx, {
        action: 'staff.invited',
        actorId: by.id,
        subjectId: id,
        address: by.address,
        at: now,
        data: { email: row.email, role: row.role, again: true },
      })
      return ok({ ...invitation, staff: await staffViewOf(tx, row) })
    })
  }

  private async openInvitation(q: Queryable, token: string) {
    const [invitation] = await q
      .select()
      .from(staffInvitations)
      .where(eq(staffInvitations.tokenHash, hashToken(token)))
    if (!invitation) return null
    const row = await staffRowById(q, invitation.staffId)
    return row ? { invitation, row } : null
  }

  /** What the invitation page shows before the person picks a password. */
  async invitation(
    token: string,
    now: Instant,
  ): Promise<StaffResult<{ staff: StaffView; expiresAt: Instant }>> {
    const found = await this.openInvitation(this.db, token)
    if (!found) return refuse({ code: 'INVITATION_NOT_FOUND' })
    const { invitation, row } = found
    const refusal = decideAcceptInvitation(
      { id: row.id, role: row.role as StaffRole, status: row.status as 'invited' },
      {
        expiresAt: fromDbTime(invitation.expiresAt),
        usedAt: invitation.usedAt ? fromDbTime(invitation.usedAt) : null,
      },
      now,
    )
    if (refusal)
      return refuse(
        refusal.code === 'STAFF_STATUS_CONFLICT' ? { code: 'INVITATION_NOT_FOUND' } : refusal,
      )
    return ok({
      staff: await staffViewOf(this.db, row),
      expiresAt: fromDbTime(invitation.expiresAt),
    })
  }

  /** Accepts an invitation with the person's chosen password: the account becomes active. */
  async acceptInvitation(
    token: string,
    input: { readonly password: string; readonly name?: string | undefined },
    address: string | null,
    now: Instant,
  ): Promise<StaffResult<StaffView>> {
    const peek = await this.invitation(token, now)
    if (!peek.ok) return peek
    const weak = checkPassword(input.password, peek.value.staff.email)
    if (weak) return refuse(weak)
    const passwordHash = await hashPassword(input.password, this.settings.scrypt)
    return this.db.transaction(async (tx) => {
      // Claim the link in one statement: two tabs accepting at once, one wins.
      const claimed = await tx
        .update(staffInvitations)
        .set({ usedAt: now })
        .where(
          and(eq(staffInvitations.tokenHash, hashToken(token)), isNull(staffInvitations.usedAt)),
        )
        .returning({ staffId: staffInvitations.staffId })
      const staffId = claimed[0]?.staffId
      if (!staffId) return refuse({ code: 'INVITATION_NOT_FOUND' })
      const updated = await tx
        .update(staffAccounts)
        .set({ status: 'active', passwordHash, updatedAt: now })
        .where(and(eq(staffAccounts.id, staffId), eq(staffAccounts.status, 'invited')))
        .returning()
      const row = updated[0]
      if (!row) return refuse({ code: 'INVITATION_NOT_FOUND' })
      const name = input.name?.trim()
      if (name) await tx.update(users).set({ name }).where(eq(users.id, staffId))
      await this.hooks.audit(tx, {
        action: 'staff.invitation_accepted',
        actorId: staffId,
        subjectId: staffId,
        address,
        at: now,
      })
      return ok(await staffViewOf(tx, row))
    })
  }

  async changeRole(
    id: string,
    role: StaffRole,
    by: StaffActorContext,
    now: Instant,
  ): Promise<StaffResult<StaffView>> {
    return this.db.transaction(async (tx) => {
      const row = await staffRowById(tx, id)
      if (!row) return refuse({ code: 'STAFF_NOT_FOUND' })
      const refusal = decideRoleChange(
        { id, role: row.role as StaffRole, status: row.status as 'active' },
        role,
        await activeAdminCount(tx),
      )
      if (refusal) return refuse(refusal)
      if (row.role === role) return ok(await staffViewOf(tx, row))
      const [updated] = await tx
        .update(staffAccounts)
        .set({ role, updatedAt: now })
        .where(eq(staffAccounts.id, id))
        .returning()
      await tx.update(users).set({ role }).where(eq(users.id, id))
      // A session carries the role it began with: the person signs in again under the new one.
      await this.hooks.endSessionsOf(tx, id, now)
      await this.hooks.audit(tx, {
        action: 'staff.role_changed',
        actorId: by.id,
        subjectId: id,
        address: by.address,
        at: now,
        data: { from: row.role, to: role },
      })
      return ok(await staffViewOf(tx, updated ?? row))
    })
  }

  /** Deactivates an account: it cannot sign in again and its sessions end at once. */
  async deactivate(
    id: string,
    by: StaffActorContext,
    now: Instant,
  ): Promise<StaffResult<StaffView>> {
    return this.db.transaction(async (tx) => {
      const row = await staffRowById(tx, id)
      if (!row) return refuse({ code: 'STAFF_NOT_FOUND' })
      const refusal = decideDeactivation(
        { id, role: row.role as StaffRole, status: row.status as 'active' },
        by.id ?? '',
        await activeAdminCount(tx),
      )
      if (refusal) return refuse(refusal)
      const [updated] = await tx
        .update(staffAccounts)
        .set({ status: 'deactivated', deactivatedAt: now, updatedAt: now })
        .where(eq(staffAccounts.id, id))
        .returning()
      await tx
        .update(staffInvitations)
        .set({ usedAt: now })
        .where(and(eq(staffInvitations.staffId, id), isNull(staffInvitations.usedAt)))
      await this.hooks.endSessionsOf(tx, id, now)
      await this.hooks.audit(tx, {
        action: 'staff.deactivated',
        actorId: by.id,
        subjectId: id,
        address: by.address,
        at: now,
      })
      return ok(await staffViewOf(tx, updated ?? row))
    })
  }

  /**
   * Removes the person's authenticator and recovery codes (a lost phone);
   * when a second factor is required they enrol again at their next sign-in.
   */
  async resetSecondFactor(
    id: string,
    by: StaffActorContext,
    now: Instant,
  ): Promise<StaffResult<StaffView>> {
    return this.db.transaction(async (tx) => {
      const [updated] = await tx
        .update(staffAccounts)
        .set({
          totpSecret: null,
          totpPendingSecret: null,
          totpLastStep: null,
          recoveryCodeHashes: [],
          updatedAt: now,
        })
        .where(eq(staffAccounts.id, id))
        .returning()
      if (!updated) return refuse({ code: 'STAFF_NOT_FOUND' })
      await this.hooks.endSessionsOf(tx, id, now)
      await this.hooks.audit(tx, {
        action: 'staff.totp_reset',
        actorId: by.id,
        subjectId: id,
        address: by.address,
        at: now,
      })
      return ok(await staffViewOf(tx, updated))
    })
  }

  /** Requires (or no longer requires) a second factor of one person. */
  async setRequireSecondFactor(
    id: string,
    required: boolean,
    by: StaffActorContext,
    now: Instant,
  ): Promise<StaffResult<StaffView>> {
    return this.db.transaction(async (tx) => {
      const [updated] = await tx
        .update(staffAccounts)
        .set({ requireSecondFactor: required, updatedAt: now })
        .where(eq(staffAccounts.id, id))
        .returning()
      if (!updated) return refuse({ code: 'STAFF_NOT_FOUND' })
      await this.hooks.audit(tx, {
        action: 'staff.second_factor_requirement_changed',
        actorId: by.id,
        subjectId: id,
        address: by.address,
        at: now,
        data: { required },
      })
      return ok(await staffViewOf(tx, updated))
    })
  }

  /** Whether every staff member must have a second factor (deployment-wide). */
  async requiresSecondFactorForAll(q: Queryable = this.db): Promise<boolean> {
    const [row] = await q.select().from(settings).where(eq(settings.key, REQUIRE_SECOND_FACTOR))
    return row?.value === true
  }

  async setRequireSecondFactorForAll(
    required: boolean,
    by: StaffActorContext,
    now: Instant,
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx
        .insert(settings)
        .values({ key: REQUIRE_SECOND_FACTOR, value: required })
        .onConflictDoUpdate({ target: settings.key, set: { value: required } })
      await this.hooks.audit(tx, {
        action: 'staff.second_factor_requirement_changed',
        actorId: by.id,
        subjectId: null,
        address: by.address,
        at: now,
        data: { required, everyone: true },
      })
    })
  }
}
