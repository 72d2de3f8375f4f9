import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { ConversationServices } from '../../app/conversations.ts'
import type { Recourse } from '../../app/recourse.ts'
import { requireRole } from '../auth.ts'
import { sendCommand } from '../command.ts'
import { IdParams, IdempotencyHeaders, Instant, problemResponses } from '../schemas/common.ts'
import {
  MirrorUserBody,
  NotificationPage,
  NotificationQuery,
  Preferences,
  PreferencesBody,
  ProfilePatch,
  ProfileView,
  UserParams,
} from '../schemas/notification.ts'

const tags = ['notifications']
const people = ['buyer', 'seller', 'agent', 'admin'] as const

/** The caller's notifications, what arrives by email, and the language they read in. */
export const notificationRoutes =
  (recourse: Recourse, services: ConversationServices): FastifyPluginAsyncTypebox =>
  async (app) => {
    const { runner, database } = recourse
    const { notifications } = services

    app.get(
      '/notifications',
      {
        schema: {
          tags,
          summary: 'The caller’s notifications, newest first, in their language',
          querystring: NotificationQuery,
          response: { 200: NotificationPage, ...problemResponses },
        },
      },
      async (request) => {
        const actor = requireRole(request, ...people)
        return notifications.list(database.db, actor.id, request.query)
      },
    )

    app.post(
      '/notifications/:id/read',
      {
        schema: {
          tags,
          summary: 'Mark one notification read',
          params: IdParams,
          headers: IdempotencyHeaders,
          response: {
            200: Type.Object({ id: Type.String(), readAt: Instant }),
            ...problemResponses,
          },
        },
      },
      async (request, reply) => {
        const actor = requireRole(request, ...people)
        return sendCommand(runner, request, reply, (uow) =>
          notifications.markRead(uow, actor.id, request.params.id),
        )
      },
    )

    app.post(
      '/notifications/read-all',
      {
        schema: {
          tags,
          summary: 'Mark every notification read',
          headers: IdempotencyHeaders,
          response: { 200: Type.Object({ marked: Type.Integer() }), ...problemResponses },
        },
      },
      async (request, reply) => {
        const actor = requireRole(request, ...people)
        return sendCommand(runner, request, reply, (uow) =>
          notifications.markAllRead(uow, actor.id),
        )
      },
    )

    app.get(
      '/me/notification-preferences',
      {
        schema: {
          tags,
          summary: 'Which notifications reach the caller by email and in the app',
          response: { 200: Preferences, ...problemResponses },
        },
      },
      async (request) => {
        const actor = requireRole(request, ...people)
        return notifications.preferencesOf(database.db, actor.id)
      },
    )

    app.put(
      '/me/notification-preferences',
      {
        schema: {
          tags,
          summary: 'Change some of them; the others stay as they are',
          headers: IdempotencyHeaders,
          body: PreferencesBody,
          response: { 200: Preferences, ...problemResponses },
        },
      },
      async (request, reply) => {
        const actor = requireRole(request, ...people)
        return sendCommand(runner, request, reply, (uow) =>
          notifications.setPreferences(uow, actor.id, request.body),
        )
      },
    )

    app.get(
      '/me/profile',
      {
        schema: {
          tags,
          summary: 'The caller’s language, time zone and email as Recourse knows them',
          response: { 200: ProfileView, ...problemResponses },
        },
      },
      async (request) => {
        const actor = requireRole(request, ...people)
        return notifications.profile(database.db, actor)
      },
    )

    app.patch(
      '/me/profile',
      {
        schema: {
          tags,
          summary: 'Set the language messages are translated into and notifications written in',
          headers: IdempotencyHeaders,
          body: ProfilePatch,
          response: { 200: ProfileView, ...problemResponses },
        },
      },
      async (request, reply) => {
        const actor = requireRole(request, ...people)
        return sendCommand(runner, request, reply, (uow) =>
          notifications.updateProfile(uow, actor, request.body),
        )
      },
    )

    app.put(
      '/users/:userId',
      {
        schema: {
          tags,
          summary: 'Mirror a marketplace user: name, email, language, time zone (integration)',
          params: UserParams,
          headers: IdempotencyHeaders,
          body: MirrorUserBody,
          response: { 200: ProfileView, ...problemResponses },
        },
      },
      async (request, reply) => {
        requireRole(request, 'integration', 'admin')
        return sendCommand(runner, request, reply, (uow) =>
          notifications.mirrorUser(uow, request.params.userId, request.body),
        )
      },
    )
  }
