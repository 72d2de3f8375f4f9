import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Recourse } from '../../app/recourse.ts'
import { staffLocaleOf, type StaffView } from '../../app/staff/accounts.ts'
import { beginSession, requireOwnOrigin } from '../session-cookie.ts'
import { defineRoute, type Route } from '../route.ts'
import {
  ChallengeBody,
  PasswordSignInBody,
  PasswordSignInView,
  SecondFactorBody,
  SignedInView,
  TotpSecretView,
} from '../schemas/staff.ts'
import { valueOf } from './staff.ts'

const tags = ['auth']
/** Per address and process, beside the per-account and per-address counters kept in the database. */
const rateLimit = { max: 30, timeWindow: '1 minute' }

/** Staff sign-in with a password and a second factor. */
export const staffSignInRoutes = (recourse: Recourse): Route[] => {
  const { staffSignIn } = recourse
  const now = () => recourse.clock.now()
  /** A finished sign-in starts the staff member's session (the cookie the web app uses). */
  const startSession = async (request: FastifyRequest, reply: FastifyReply, staff: StaffView) =>
    beginSession(recourse, request, reply, {
      personId: staff.id,
      role: staff.role,
      displayName: staff.name,
      ...(await staffLocaleOf(recourse.database.db, staff.id)),
      via: 'password',
    })

  return [
    defineRoute({
      method: 'POST',
      url: '/v1/auth/password',
      tags,
      summary:
        'Staff sign-in, first step: e-mail and password. Signed in, or a challenge for the second factor. Throttled per account and per address (429 SIGN_IN_THROTTLED)',
      roles: ['public'],
      body: PasswordSignInBody,
      response: { 200: PasswordSignInView },
      rateLimit,
      handler: async ({ body, request }, reply) => {
        requireOwnOrigin(recourse, request)
        const answer = valueOf(await staffSignIn.password(body, request.ip, await now()), reply)
        return answer.step === 'signed_in'
          ? { ...answer, session: await startSession(request, reply, answer.staff) }
          : answer
      },
    }),

    defineRoute({
      method: 'POST',
      url: '/v1/auth/totp',
      tags,
      summary:
        'Staff sign-in, second step: the challenge and a code from the authenticator app (or a single-use recovery code). A code works once',
      roles: ['public'],
      body: SecondFactorBody,
      response: { 200: SignedInView },
      rateLimit,
      handler: async ({ body, request }, reply) => {
        requireOwnOrigin(recourse, request)
        const done = valueOf(await staffSignIn.secondFactor(body, request.ip, await now()), reply)
        return {
          step: 'signed_in' as const,
          staff: done.staff,
          session: await startSession(request, reply, done.staff),
          ...(done.recoveryCodes ? { recoveryCodes: [...done.recoveryCodes] } : {}),
        }
      },
    }),

    defineRoute({
      method: 'POST',
      url: '/v1/auth/totp/enrolment',
      tags,
      summary:
        'Staff sign-in when a second factor is required but not set up: a secret for the authenticator app; send its first code to /v1/auth/totp',
      roles: ['public'],
      body: ChallengeBody,
      response: { 200: TotpSecretView },
      rateLimit,
      handler: async ({ body }, reply) =>
        valueOf(await staffSignIn.enrolmentSecret(body.challenge, await now()), reply),
    }),
  ]
}
