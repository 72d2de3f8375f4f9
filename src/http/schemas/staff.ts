import { Type } from 'typebox'
import { Instant, Nullable } from './common.ts'
import { SessionView } from './auth.ts'

export const StaffRole = Type.Union([Type.Literal('agent'), Type.Literal('admin')])
export const StaffStatus = Type.Union([
  Type.Literal('invited'),
  Type.Literal('active'),
  Type.Literal('deactivated'),
])

export const StaffView = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.String(),
  role: StaffRole,
  status: StaffStatus,
  totpEnrolled: Type.Boolean({ description: 'Has an authenticator app set up' }),
  recoveryCodesLeft: Type.Integer({ description: 'Unused recovery codes' }),
  requireSecondFactor: Type.Boolean({
    description: 'An admin requires a second factor of this person',
  }),
  hasPassword: Type.Boolean(),
  singleSignOn: Type.Boolean({ description: 'Has signed in through single sign-on' }),
  createdAt: Instant,
  deactivatedAt: Nullable(Instant),
})

export const StaffList = Type.Object({
  items: Type.Array(StaffView),
  requireSecondFactorForAll: Type.Boolean(),
})

export const StaffListQuery = Type.Object({ status: Type.Optional(StaffStatus) })

export const StaffIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) })

const Email = Type.String({ minLength: 3, maxLength: 254, pattern: '^[^\\s@]+@[^\\s@]+$' })
/** Length rules are checked by the server's password rules (422 with the limit), not the schema. */
const Password = Type.String({ minLength: 1, maxLength: 1024 })

export const InviteStaffBody = Type.Object(
  {
    email: Email,
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    role: StaffRole,
    requireSecondFactor: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)

export const InvitationView = Type.Object({
  staff: StaffView,
  link: Type.String({
    description: 'The one-time link to send the person; shown in this answer only',
  }),
  expiresAt: Instant,
})

export const InvitationTokenParams = Type.Object({
  token: Type.String({ minLength: 20, maxLength: 100 }),
})

export const InvitationPreview = Type.Object({ staff: StaffView, expiresAt: Instant })

export const AcceptInvitationBody = Type.Object(
  {
    password: Password,
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
)

export const ChangeRoleBody = Type.Object({ role: StaffRole }, { additionalProperties: false })

export const RequireSecondFactorBody = Type.Object(
  { required: Type.Boolean() },
  { additionalProperties: false },
)

const staffSettingsFields = {
  requireSecondFactorForAll: Type.Boolean({
    description: 'Every staff member must set up an authenticator app at their next sign-in',
  }),
}
export const StaffSettingsView = Type.Object(staffSettingsFields)
/** The same settings as a body: nothing else may be sent with them. */
export const StaffSettingsBody = Type.Object(staffSettingsFields, { additionalProperties: false })

export const PasswordSignInBody = Type.Object(
  { email: Type.String({ minLength: 1, maxLength: 254 }), password: Password },
  { additionalProperties: false },
)

export const SignedInView = Type.Object({
  step: Type.Literal('signed_in'),
  staff: StaffView,
  session: SessionView,
  recoveryCodes: Type.Optional(
    Type.Array(Type.String(), {
      description: 'Set when this sign-in enrolled an authenticator: shown once, each works once',
    }),
  ),
})

export const PasswordSignInView = Type.Union([
  SignedInView,
  Type.Object({
    step: Type.Union([Type.Literal('totp'), Type.Literal('enrol_totp')], {
      description:
        'totp: send a code from the authenticator with the challenge; enrol_totp: a second factor is required, ask for a secret first',
    }),
    challenge: Type.String({ description: 'Send it back with the code; valid 5 minutes, 5 tries' }),
    expiresAt: Instant,
  }),
])

export const SecondFactorBody = Type.Object(
  {
    challenge: Type.String({ minLength: 20, maxLength: 100 }),
    code: Type.Optional(Type.String({ minLength: 6, maxLength: 10, description: '6 digits' })),
    recoveryCode: Type.Optional(Type.String({ minLength: 10, maxLength: 20 })),
  },
  { additionalProperties: false },
)

export const ChallengeBody = Type.Object(
  { challenge: Type.String({ minLength: 20, maxLength: 100 }) },
  { additionalProperties: false },
)

export const TotpSecretView = Type.Object({
  secret: Type.String({ description: 'Base32, for typing into an authenticator app' }),
  uri: Type.String({ description: 'otpauth://totp/… for a QR code' }),
})

export const TotpCodeBody = Type.Object(
  { code: Type.String({ minLength: 6, maxLength: 10 }) },
  { additionalProperties: false },
)

export const TotpEnrolledView = Type.Object({
  staff: StaffView,
  recoveryCodes: Type.Array(Type.String(), { description: 'Shown once; each works once' }),
})
