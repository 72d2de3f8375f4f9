import type { FastifyReply } from 'fastify'
import type { Recourse } from '../../app/recourse.ts'
import type { StaffResult } from '../../app/staff/commands.ts'
import { listStaff } from '../../app/staff/queries.ts'
import type { StaffRejection } from '../../domain/staff/rejections.ts'
import { HttpProblem, rejectionProblem } from '../problems.ts'
import { defineRoute, type Route } from '../route.ts'
import {
  AcceptInvitationBody,
  ChangeRoleBody,
  InvitationPreview,
  InvitationTokenParams,
  InvitationView,
  InviteStaffBody,
  RequireSecondFactorBody,
  StaffIdParams,
  StaffList,
  StaffListQuery,
  StaffSettingsBody,
  StaffSettingsView,
  StaffView,
  TotpCodeBody,
  TotpEnrolledView,
  TotpSecretView,
} from '../schemas/staff.ts'

const tags = ['staff']

/** A staff refusal as problem+json (with `Retry-After` when throttled). */
export const staffRefusal = (rejection: StaffRejection, reply: FastifyReply): HttpProblem => {
  const { status, body } = rejectionProblem(rejection)
  if (rejection.code === 'SIGN_IN_THROTTLED')
    void reply.header('retry-after', String(rejection.retryAfterSeconds))
  const { code: _code, type: _type, title: _title, status: _status, detail, ...data } = body
  return new HttpProblem(status, rejection.code, String(detail), data)
}

export const valueOf = <T>(result: StaffResult<T>, reply: FastifyReply): T => {
  if (!result.ok) throw staffRefusal(result.rejection, reply)
  return result.value
}

/** Staff management (admins) and the signed-in staff member's own second factor. */
export const staffRoutes = (recourse: Recourse): Route[] => {
  const { staff, staffSignIn } = recourse
  const db = recourse.database.db
  const now = () => recourse.clock.now()

  return [
    defineRoute({
      method: 'GET',
      url: '/v1/staff',
      tags,
      summary: 'Every staff account (agents and admins), by e-mail address (admin)',
      roles: ['admin'],
      query: StaffListQuery,
      response: { 200: StaffList },
      handler: async ({ query }) => ({
        items: await listStaff(db, query),
        requireSecondFactorForAll: await staff.requiresSecondFactorForAll(),
      }),
    }),

    defineRoute({
      method: 'POST',
      url: '/v1/staff/invitations',
      tags,
      summary:
        'Invite an agent or admin: the answer carries a one-time link (valid RECOURSE_INVITATION_HOURS, default 72) to send them (admin)',
      roles: ['admin'],
      body: InviteStaffBody,
      response: { 201: InvitationView },
      handler: async ({ caller, body, request }, reply) => {
        const created = valueOf(
          await staff.create(body, { id: caller.id, address: request.ip }, await now()),
          reply,
        )
        if (!created.invitation) throw new Error('an invitation without a password has a link')
        return reply.code(201).send(created.invitation)
      },
    }),

    defineRoute({
      method: 'POST',
      url: '/v1/staff/:id/invitation',
      tags,
      summary:
        'A fresh invitation link for an account not yet accepted; the old link stops working (admin)',
      roles: ['admin'],
      params: StaffIdParams,
      response: { 201: InvitationView },
      handler: async ({ caller, params, request }, reply) =>
        reply
          .code(201)
          .send(
            valueOf(
              await staff.reinvite(params.id, { id: caller.id, address: request.ip }, await now()),
              reply,
            ),
          ),
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/staff/invitations/:token',
      tags,
      summary:
        'Who an invitation link is for, before they choose a password (public: the link is the secret)',
      roles: ['public'],
      params: InvitationTokenParams,
      response: { 200: InvitationPreview },
      rateLimit: { max: 30, timeWindow: '1 minute' },
      handler: async ({ params }, reply) =>
        valueOf(await staff.invitation(params.token, await now()), reply),
    }),

    defineRoute({
      method: 'POST',
      url: '/v1/staff/invitations/:token/accept',
      tags,
      summary:
        'Accept an invitation with a password (at least 12 characters, not a common one); the account becomes active and signs in with it',
      roles: ['public'],
      params: InvitationTokenParams,
      body: AcceptInvitationBody,
      response: { 200: StaffView },
      rateLimit: { max: 10, timeWindow: '1 minute' },
      handler: async ({ params, body, request }, reply) =>
        valueOf(await staff.acceptInvitation(params.token, body, request.ip, await now()), reply),
    }),

    defineRoute({
      method: 'POST',
      url: '/v1/staff/:id/role',
      tags,
      summary:
        'Make a staff member an agent or an admin; their sessions end (never the last active admin) (admin)',
      roles: ['admin'],
      params: StaffIdParams,
      body: ChangeRoleBody,
      response: { 200: StaffView },
      handler: async ({ caller, params, body, request }, reply) =>
        valueOf(
          await staff.changeRole(
            params.id,
            body.role,
            { id: caller.id, address: request.ip },
            await now(),
          ),
          reply,
        ),
    }),

    defineRoute({
      method: 'POST',
      url: '/v1/staff/:id/deactivate',
      tags,
      summary:
        'Deactivate an account: it cannot sign in and its sessions end at once (not yourself, not the last admin) (admin)',
      roles: ['admin'],
      params: StaffIdParams,
      response: { 200: StaffView },
      handler: async ({ caller, params, request }, reply) =>
        valueOf(
          await staff.deactivate(params.id, { id: caller.id, address: request.ip }, await now()),
          reply,
        ),
    }),

    defineRoute({
      method: 'POST',
      url: '/v1/staff/:id/second-factor/reset',
      tags,
      summary:
        'Remove a staff member’s authenticator and recovery codes (a lost phone); they enrol again at the next sign-in when required (admin)',
      roles: ['admin'],
      params: StaffIdParams,
      response: { 200: StaffView },
      handler: async ({ caller, params, request }, reply) =>
        valueOf(
          await staff.resetSecondFactor(
            params.id,
            { id: caller.id, address: request.ip },
            await now(),
          ),
          reply,
        ),
    }),

    defineRoute({
      method: 'PUT',
      url: '/v1/staff/:id/second-factor/required',
      tags,
      summary: 'Require (or stop requiring) a second factor of one staff member (admin)',
      roles: ['admin'],
      params: StaffIdParams,
      body: RequireSecondFactorBody,
      response: { 200: StaffView },
      handler: async ({ caller, params, body, request }, reply) =>
        valueOf(
          await staff.setRequireSecondFactor(
            params.id,
            body.required,
            { id: caller.id, address: request.ip },
            await now(),
          ),
          reply,
        ),
    }),

    defineRoute({
      method: 'PUT',
      url: '/v1/staff/settings',
      tags,
      summary: 'Deployment-wide staff sign-in settings: a second factor for everyone (admin)',
      roles: ['admin'],
      body: StaffSettingsBody,
      response: { 200: StaffSettingsView },
      handler: async ({ caller, body, request }) => {
        await staff.setRequireSecondFactorForAll(
          body.requireSecondFactorForAll,
          { id: caller.id, address: request.ip },
          await now(),
        )
        return { requireSecondFactorForAll: await staff.requiresSecondFactorForAll() }
      },
    }),

    defineRoute({
      method: 'POST',
      url: '/v1/staff/me/totp',
      tags,
      summary:
        'Start setting up an authenticator app: a new secret and its otpauth URI; confirm it with a code (agent, admin)',
      roles: ['agent', 'admin'],
      response: { 200: TotpSecretView },
      handler: async ({ caller }, reply) =>
        valueOf(await staffSignIn.startTotpEnrolment(caller.id), reply),
    }),

    defineRoute({
      method: 'POST',
      url: '/v1/staff/me/totp/confirm',
      tags,
      summary:
        'Confirm the authenticator with a code it shows; the answer has ten single-use recovery codes, shown once (agent, admin)',
      roles: ['agent', 'admin'],
      body: TotpCodeBody,
      response: { 200: TotpEnrolledView },
      handler: async ({ caller, body, request }, reply) =>
        valueOf(
          await staffSignIn.confirmTotpEnrolment(caller.id, body.code, request.ip, await now()),
          reply,
        ),
    }),

    defineRoute({
      method: 'POST',
      url: '/v1/staff/me/totp/disable',
      tags,
      summary:
        'Turn your second factor off with a current code, unless an admin requires one (agent, admin)',
      roles: ['agent', 'admin'],
      body: TotpCodeBody,
      response: { 200: StaffView },
      handler: async ({ caller, body, request }, reply) =>
        valueOf(
          await staffSignIn.disableTotp(caller.id, body.code, request.ip, await now()),
          reply,
        ),
    }),
  ]
}
