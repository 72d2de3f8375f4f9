import type { StaffRole, StaffStatus } from './account.ts'

/** Why a staff rule refused: a stable code and the data to act on it. */
export type StaffRejection =
  /** The new password is shorter than the rule's minimum (characters). */
  | { readonly code: 'PASSWORD_TOO_SHORT'; readonly minimum: number }
  /** Longer than the maximum: the hash of a megabyte password is a denial of service. */
  | { readonly code: 'PASSWORD_TOO_LONG'; readonly maximum: number }
  /** On the bundled list of the most common passwords, or one character repeated. */
  | { readonly code: 'PASSWORD_TOO_COMMON' }
  /** Contains the account's e-mail address or its local part. */
  | { readonly code: 'PASSWORD_CONTAINS_EMAIL' }
  /** Another account already has this address (compared without case). */
  | { readonly code: 'STAFF_EMAIL_TAKEN' }
  | { readonly code: 'STAFF_NOT_FOUND' }
  /** The account's status does not allow the move (a deactivated account stays so). */
  | {
      readonly code: 'STAFF_STATUS_CONFLICT'
      readonly status: StaffStatus
      readonly allowed: readonly StaffStatus[]
    }
  /** The move would leave the deployment without an active admin. */
  | { readonly code: 'LAST_ADMIN'; readonly role: StaffRole }
  /** An admin cannot deactivate their own account (another admin can). */
  | { readonly code: 'CANNOT_DEACTIVATE_SELF' }
  /** The invitation link is unknown, already used, or replaced by a newer one. */
  | { readonly code: 'INVITATION_NOT_FOUND' }
  | { readonly code: 'INVITATION_EXPIRED'; readonly expiredAt: string }
  /** E-mail and password did not match an active account (the same answer whatever was wrong). */
  | { readonly code: 'SIGN_IN_FAILED' }
  /** Too many failed attempts for this account or from this address; try again after `retryAt`. */
  | {
      readonly code: 'SIGN_IN_THROTTLED'
      readonly retryAt: string
      readonly retryAfterSeconds: number
    }
  /** The sign-in step is unknown or has run out: start again with the password. */
  | { readonly code: 'SIGN_IN_CHALLENGE_EXPIRED' }
  /** The code from the authenticator app (or the recovery code) is wrong, already used, or too old. */
  | { readonly code: 'SECOND_FACTOR_INVALID' }
  /** Turning the second factor off is not allowed: an admin requires it. */
  | { readonly code: 'SECOND_FACTOR_REQUIRED' }
  /** An authenticator is already set up; an admin resets it first to enrol another. */
  | { readonly code: 'TOTP_ALREADY_ENROLLED' }
  /** Confirming a code before asking for a secret to enrol. */
  | { readonly code: 'TOTP_ENROLMENT_NOT_STARTED' }
  /** This account signs in through single sign-on only and has no password. */
  | { readonly code: 'PASSWORD_SIGN_IN_DISABLED' }

export type StaffRejectionCode = StaffRejection['code']

export const explainStaffRejection = (r: StaffRejection): string => {
  switch (r.code) {
    case 'PASSWORD_TOO_SHORT':
      return `Choose a password of at least ${r.minimum} characters.`
    case 'PASSWORD_TOO_LONG':
      return `Choose a password of at most ${r.maximum} characters.`
    case 'PASSWORD_TOO_COMMON':
      return 'That password is one of the most common ones; choose another.'
    case 'PASSWORD_CONTAINS_EMAIL':
      return 'The password must not contain your e-mail address.'
    case 'STAFF_EMAIL_TAKEN':
      return 'Another staff account already uses this e-mail address.'
    case 'STAFF_NOT_FOUND':
      return 'No such staff account.'
    case 'STAFF_STATUS_CONFLICT':
      return `The account is ${r.status}; this needs one of: ${r.allowed.join(', ') || 'none'}.`
    case 'LAST_ADMIN':
      return 'This is the last active admin; make someone else an admin first.'
    case 'CANNOT_DEACTIVATE_SELF':
      return 'You cannot deactivate your own account; ask another admin.'
    case 'INVITATION_NOT_FOUND':
      return 'This invitation link is not valid (it may have been used or replaced).'
    case 'INVITATION_EXPIRED':
      return `This invitation expired at ${r.expiredAt}; ask an admin for a new one.`
    case 'SIGN_IN_FAILED':
      return 'The e-mail address or password is not right.'
    case 'SIGN_IN_THROTTLED':
      return `Too many failed sign-ins; try again in ${r.retryAfterSeconds} s.`
    case 'SIGN_IN_CHALLENGE_EXPIRED':
      return 'This sign-in has run out; start again with your password.'
    case 'SECOND_FACTOR_INVALID':
      return 'That code is not right or was already used.'
    case 'SECOND_FACTOR_REQUIRED':
      return 'A second factor is required for this account.'
    case 'TOTP_ALREADY_ENROLLED':
      return 'An authenticator app is already set up for this account.'
    case 'TOTP_ENROLMENT_NOT_STARTED':
      return 'Ask for a new authenticator secret first.'
    case 'PASSWORD_SIGN_IN_DISABLED':
      return 'This account signs in with single sign-on.'
  }
}
