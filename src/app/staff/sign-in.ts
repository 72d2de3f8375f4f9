import { and, eq, gt, sql } from 'drizzle-orm'
import { emailKey } from '../../domain/staff/account.ts'
import { throttleLimits } from '../../domain/staff/throttle.ts'
import { addMillis, toMillis, type Instant } from '../../policy/time.ts'
import type { Database, Queryable } from '../../store/database.ts'
import { signInChallenges, staffAccounts } from '../../store/schema-staff.ts'
import {
  staffRowByEmailKey,
  staffRowById,
  staffViewOf,
  type StaffRow,
  type StaffView,
} from './accounts.ts'
import { ok, refuse, type StaffResult, type StaffService } from './commands.ts'
import { verifyPassword, hashPassword } from './passwords.ts'
import { accountKey, addressKey, SignInThrottle } from './throttle.ts'
import { hashToken, newRecoveryCodes, newToken, normaliseRecoveryCode } from './tokens.ts'
import { matchTotp, newTotpSecret, otpauthUri } from './totp.ts'

/** Wrong codes allowed on one sign-in step before it is thrown away. */
const CHALLENGE_ATTEMPTS = 5

/** Where a password sign-in stands after the password. */
export type PasswordSignIn =
  /** Done: start the session. */
  | { readonly step: 'signed_in'; readonly staff: StaffView }
  /** Send a code from the authenticator (or a recovery code) with this challenge. */
  | { readonly step: 'totp'; readonly challenge: string; readonly expiresAt: Instant }
  /**
   * A second factor is required and none is set up: ask for a secret with the
   * challenge (`POST /v1/auth/totp/enrolment`), then send its first code.
   */
  | { readonly step: 'enrol_totp'; readonly challenge: string; readonly expiresAt: Instant }

export interface SecondFactorInput {
  readonly challenge: string
  readonly code?: string | undefined
  readonly recoveryCode?: string | undefined
}

export interface TotpSecret {
  readonly secret: string
  /** `otpauth://totp/…`: what an authenticator app scans as a QR code. */
  readonly uri: string
}

/** Ends the second step: who signed in, and recovery codes when the step enrolled a new authenticator. */
export interface SecondFactorDone {
  readonly staff: StaffView
  readonly recoveryCodes: readonly string[] | null
}

/** Password and second-factor sign-in for staff, with throttling and the audit. */
export class StaffSignIn {
  private readonly throttle: SignInThrottle

  constructor(
    private readonly database: Database,
    private readonly staff: StaffService,
  ) {
    this.throttle = new SignInThrottle(database)
  }

  private get db() {
    return this.database.db
  }

  private async secondFactorRequired(row: StaffRow): Promise<boolean> {
    return row.requireSecondFactor || (await this.staff.requiresSecondFactorForAll())
  }

  private async throttled(keys: string[], address: string, subjectId: string | null, now: Instant) {
    const until = await this.throttle.lockedUntil(keys, now)
    if (!until) return null
    await this.staff.hooks.audit(this.db, {
      action: 'staff.sign_in_throttled',
      actorId: null,
      subjectId,
      address,
      at: now,
    })
    return refuse<never>({
      code: 'SIGN_IN_THROTTLED',
      retryAt: until,
      retryAfterSeconds: Math.max(1, Math.ceil((toMillis(until) - toMillis(now)) / 1000)),
    })
  }

  /**
   * The first step. Refused the same way whether the address is unknown,
   * the password wrong or the account not active (no account discovery); a
   * locked counter refuses before the password is even checked.
   */
  async password(
    input: { readonly email: string; readonly password: string },
    address: string,
    now: Instant,
  ): Promise<StaffResult<PasswordSignIn>> {
    const key = emailKey(input.email)
    const keys = [accountKey(key), addressKey(address)]
    const row = await staffRowByEmailKey(this.db, key)
    const locked = await this.throttled(keys, address, row?.id ?? null, now)
    if (locked) return locked
    const { ok: matches, rehash } = await verifyPassword(
      row?.passwordHash ?? null,
      input.password,
      this.staff.settings.scrypt,
    )
    if (!row || !matches || row.status !== 'active') {
      await this.throttle.fail(
        [
          [accountKey(key), throttleLimits.account],
          [addressKey(address), throttleLimits.address],
        ],
        now,
      )
      await this.staff.hooks.audit(this.db, {
        action: 'staff.sign_in_failed',
        actorId: null,
        subjectId: row?.id ?? null,
        address,
        at: now,
        data: {
          email: input.email.slice(0, 200),
          reason: !row ? 'unknown_account' : !matches ? 'wrong_password' : row.status,
        },
      })
      return refuse({ code: 'SIGN_IN_FAILED' })
    }
    if (rehash) {
      const passwordHash = await hashPassword(input.password, this.staff.settings.scrypt)
      await this.db.update(staffAccounts).set({ passwordHash }).where(eq(staffAccounts.id, row.id))
    }
    if (row.totpSecret) return ok({ step: 'totp', ...(await this.challenge(row.id, 'totp', now)) })
    if (await this.secondFactorRequired(row))
      return ok({ step: 'enrol_totp', ...(await this.challenge(row.id, 'enrol', now)) })
    return ok({
      step: 'signed_in',
      staff: await this.signedIn(this.db, row, address, now, 'password'),
    })
  }

  private async challenge(staffId: string, purpose: 'totp' | 'enrol', now: Instant) {
    const challenge = newToken()
    const expiresAt = addMillis(now, this.staff.settings.challengeTtlMs)
    await this.db.insert(signInChallenges).values({
      tokenHash: hashToken(challenge),
      staffId,
      purpose,
      createdAt: now,
      expiresAt,
    })
    return { challenge, expiresAt }
  }

  private async openChallenge(challenge: string, now: Instant) {
    const [row] = await this.db
      .select()
      .from(signInChallenges)
      .where(
        and(
          eq(signInChallenges.tokenHash, hashToken(challenge)),
          gt(signInChallenges.expiresAt, now),
        ),
      )
    if (!row || row.attempts >= CHALLENGE_ATTEMPTS) return null
    const account = await staffRowById(this.db, row.staffId)
    return account && account.status === 'active' ? { challenge: row, account } : null
  }

  /** Sign-in with a second factor required but not set up: a secret to enrol, bound to the challenge. */
  async enrolmentSecret(challenge: string, now: Instant): Promise<StaffResult<TotpSecret>> {
    const open = await this.openChallenge(challenge, now)
    if (!open || open.challenge.purpose !== 'enrol')
      return refuse({ code: 'SIGN_IN_CHALLENGE_EXPIRED' })
    return ok(await this.beginEnrolment(open.account))
  }

  /**
   * The second step: a code from the authenticator (or, for an enrolled
   * account, a single-use recovery code). On an `enrol` challenge the code
   * confirms the new authenticator and the answer carries recovery codes.
   */
  async secondFactor(
    input: SecondFactorInput,
    address: string,
    now: Instant,
  ): Promise<StaffResult<SecondFactorDone>> {
    const open = await this.openChallenge(input.challenge, now)
    if (!open) return refuse({ code: 'SIGN_IN_CHALLENGE_EXPIRED' })
    const { account } = open
    const locked = await this.throttled([accountKey(account.emailKey)], address, account.id, now)
    if (locked) return locked
    let recoveryCodes: string[] | null = null
    let accepted = false
    if (open.challenge.purpose === 'enrol') {
      if (input.code) {
        const confirmed = await this.confirmEnrolment(this.db, account, input.code, address, now)
        if (confirmed) {
          recoveryCodes = confirmed
          accepted = true
        }
      }
    } else if (input.code && account.totpSecret) {
      accepted = await this.useTotp(this.db, account, account.totpSecret, input.code, now)
    } else if (input.recoveryCode) {
      accepted = await this.useRecoveryCode(this.db, account.id, input.recoveryCode)
      if (accepted)
        await this.staff.hooks.audit(this.db, {
          action: 'staff.recovery_code_used',
          actorId: account.id,
          subjectId: account.id,
          address,
          at: now,
        })
    }
    if (!accepted) {
      await this.db
        .update(signInChallenges)
        .set({ attempts: sql`${signInChallenges.attempts} + 1` })
        .where(eq(signInChallenges.tokenHash, hashToken(input.challenge)))
      await this.throttle.fail([[accountKey(account.emailKey), throttleLimits.account]], now)
      await this.staff.hooks.audit(this.db, {
        action: 'staff.second_factor_failed',
        actorId: null,
        subjectId: account.id,
        address,
        at: now,
      })
      return refuse({ code: 'SECOND_FACTOR_INVALID' })
    }
    await this.db
      .delete(signInChallenges)
      .where(eq(signInChallenges.tokenHash, hashToken(input.challenge)))
    const fresh = (await staffRowById(this.db, account.id)) ?? account
    const staff = await this.signedIn(this.db, fresh, address, now, 'password')
    return ok({ staff, recoveryCodes })
  }

  private async signedIn(
    q: Queryable,
    row: StaffRow,
    address: string,
    now: Instant,
    method: 'password' | 'oidc',
  ): Promise<StaffView> {
    // Only a finished sign-in clears the account's failures: a right password
    // alone must not reset the count of wrong second-factor codes.
    await this.throttle.clear(accountKey(row.emailKey))
    await this.staff.hooks.audit(q, {
      action: 'staff.signed_in',
      actorId: row.id,
      subjectId: row.id,
      address,
      at: now,
      data: { method, secondFactor: row.totpSecret !== null },
    })
    return staffViewOf(q, row)
  }

  /** Accepts a code once: the step is recorded in one conditional update, so a replay (even a concurrent one) fails. */
  private async useTotp(
    q: Queryable,
    account: StaffRow,
    secret: string,
    code: string,
    now: Instant,
  ): Promise<boolean> {
    const step = matchTotp(secret, code, toMillis(now), account.totpLastStep)
    if (step === null) return false
    const updated = await q
      .update(staffAccounts)
      .set({ totpLastStep: step })
      .where(
        and(
          eq(staffAccounts.id, account.id),
          sql`(${staffAccounts.totpLastStep} is null or ${staffAccounts.totpLastStep} < ${step})`,
        ),
      )
      .returning({ id: staffAccounts.id })
    return updated.length === 1
  }

  /** Removes the code's hash in the statement that checks it: a code works once. */
  private async useRecoveryCode(q: Queryable, staffId: string, code: string): Promise<boolean> {
    const hash = hashToken(normaliseRecoveryCode(code))
    const updated = await q
      .update(staffAccounts)
      .set({ recoveryCodeHashes: sql`array_remove(${staffAccounts.recoveryCodeHashes}, ${hash})` })
      .where(
        and(eq(staffAccounts.id, staffId), sql`${hash} = any(${staffAccounts.recoveryCodeHashes})`),
      )
      .returning({ id: staffAccounts.id })
    return updated.length === 1
  }

  /** A new secret to enrol (replacing an unconfirmed one); refused when one is already confirmed. */
  private async beginEnrolment(account: StaffRow): Promise<TotpSecret> {
    const secret = newTotpSecret()
    await this.db
      .update(staffAccounts)
      .set({ totpPendingSecret: secret })
      .where(eq(staffAccounts.id, account.id))
    return { secret, uri: otpauthUri(secret, account.email, this.staff.settings.issuer) }
  }

  /** Confirms the pending secret with a code from it; answers fresh recovery codes, or null. */
  private async confirmEnrolment(
    q: Queryable,
    account: StaffRow,
    code: string,
    address: string | null,
    now: Instant,
  ): Promise<string[] | null> {
    const fresh = await staffRowById(q, account.id)
    const pending = fresh?.totpPendingSecret
    if (!fresh || !pending) return null
    const step = matchTotp(pending, code, toMillis(now), null)
    if (step === null) return null
    const codes = newRecoveryCodes()
    const updated = await q
      .update(staffAccounts)
      .set({
        totpSecret: pending,
        totpPendingSecret: null,
        totpLastStep: step,
        recoveryCodeHashes: codes.map((c) => hashToken(normaliseRecoveryCode(c))),
        updatedAt: now,
      })
      .where(
        and(
          eq(staffAccounts.id, account.id),
          eq(staffAccounts.totpPendingSecret, pending),
          sql`${staffAccounts.totpSecret} is null`,
        ),
      )
      .returning({ id: staffAccounts.id })
    if (updated.length !== 1) return null
    await this.staff.hooks.audit(q, {
      action: 'staff.totp_enrolled',
      actorId: account.id,
      subjectId: account.id,
      address,
      at: now,
    })
    return codes
  }

  /** The signed-in staff member asks for a secret to set up an authenticator app. */
  async startTotpEnrolment(staffId: string): Promise<StaffResult<TotpSecret>> {
    const account = await staffRowById(this.db, staffId)
    if (!account || account.status !== 'active') return refuse({ code: 'STAFF_NOT_FOUND' })
    if (account.totpSecret) return refuse({ code: 'TOTP_ALREADY_ENROLLED' })
    return ok(await this.beginEnrolment(account))
  }

  /** The signed-in staff member confirms the secret with a code; the answer has their recovery codes. */
  async confirmTotpEnrolment(
    staffId: string,
    code: string,
    address: string | null,
    now: Instant,
  ): Promise<StaffResult<{ recoveryCodes: readonly string[]; staff: StaffView }>> {
    const account = await staffRowById(this.db, staffId)
    if (!account || account.status !== 'active') return refuse({ code: 'STAFF_NOT_FOUND' })
    if (account.totpSecret) return refuse({ code: 'TOTP_ALREADY_ENROLLED' })
    if (!account.totpPendingSecret) return refuse({ code: 'TOTP_ENROLMENT_NOT_STARTED' })
    const codes = await this.confirmEnrolment(this.db, account, code, address, now)
    if (!codes) return refuse({ code: 'SECOND_FACTOR_INVALID' })
    const fresh = (await staffRowById(this.db, staffId)) ?? account
    return ok({ recoveryCodes: codes, staff: await staffViewOf(this.db, fresh) })
  }

  /** Turns the person's own second factor off with a current code, unless one is required of them. */
  async disableTotp(
    staffId: string,
    code: string,
    address: string | null,
    now: Instant,
  ): Promise<StaffResult<StaffView>> {
    const account = await staffRowById(this.db, staffId)
    if (!account || account.status !== 'active') return refuse({ code: 'STAFF_NOT_FOUND' })
    if (await this.secondFactorRequired(account)) return refuse({ code: 'SECOND_FACTOR_REQUIRED' })
    if (
      !account.totpSecret ||
      !(await this.useTotp(this.db, account, account.totpSecret, code, now))
    )
      return refuse({ code: 'SECOND_FACTOR_INVALID' })
    const [updated] = await this.db
      .update(staffAccounts)
      .set({ totpSecret: null, totpLastStep: null, recoveryCodeHashes: [], updatedAt: now })
      .where(eq(staffAccounts.id, staffId))
      .returning()
    await this.staff.hooks.audit(this.db, {
      action: 'staff.totp_disabled',
      actorId: staffId,
      subjectId: staffId,
      address,
      at: now,
    })
    return ok(await staffViewOf(this.db, updated ?? account))
  }
}
