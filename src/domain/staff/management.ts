import { isAtOrAfter, type Instant } from '../../policy/time.ts'
import { isLegalMove } from '../shared/transitions-check.ts'
import {
  staffTransitions,
  type StaffAccountFacts,
  type StaffRole,
  type StaffStatus,
} from './account.ts'
import type { StaffRejection } from './rejections.ts'

const moveTo = (account: StaffAccountFacts, to: StaffStatus): StaffRejection | null =>
  isLegalMove(staffTransitions, account.status, to) && account.status !== to
    ? null
    : {
        code: 'STAFF_STATUS_CONFLICT',
        status: account.status,
        allowed: (Object.keys(staffTransitions) as StaffStatus[]).filter((from) =>
          (staffTransitions[from] as readonly StaffStatus[]).includes(to),
        ),
      }

/** `activeAdmins` counts active admins including `account` when it is one. */
const leavesNoAdmin = (account: StaffAccountFacts, activeAdmins: number): boolean =>
  account.role === 'admin' && account.status === 'active' && activeAdmins <= 1

/** Whether an admin may give `account` the role `to`: never the last active admin made an agent. */
export const decideRoleChange = (
  account: StaffAccountFacts,
  to: StaffRole,
  activeAdmins: number,
): StaffRejection | null => {
  if (account.status === 'deactivated')
    return { code: 'STAFF_STATUS_CONFLICT', status: account.status, allowed: ['invited', 'active'] }
  if (to === 'agent' && leavesNoAdmin(account, activeAdmins))
    return { code: 'LAST_ADMIN', role: account.role }
  return null
}

/** Whether `by` may deactivate `account`: not themselves, not the last active admin. */
export const decideDeactivation = (
  account: StaffAccountFacts,
  by: string,
  activeAdmins: number,
): StaffRejection | null => {
  if (account.id === by) return { code: 'CANNOT_DEACTIVATE_SELF' }
  if (leavesNoAdmin(account, activeAdmins)) return { code: 'LAST_ADMIN', role: account.role }
  return moveTo(account, 'deactivated')
}

/** Whether an invitation may be accepted at `now`. */
export const decideAcceptInvitation = (
  account: StaffAccountFacts,
  invitation: { readonly expiresAt: Instant; readonly usedAt: Instant | null },
  now: Instant,
): StaffRejection | null => {
  if (invitation.usedAt !== null) return { code: 'INVITATION_NOT_FOUND' }
  if (isAtOrAfter(now, invitation.expiresAt))
    return { code: 'INVITATION_EXPIRED', expiredAt: invitation.expiresAt }
  return moveTo(account, 'active')
}
