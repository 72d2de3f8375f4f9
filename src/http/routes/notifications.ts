import { Type } from 'typebox'
import type { ConversationServices, Recourse } from '../../app/recourse.ts'
import { sendCommand } from '../command.ts'
import { defineRoute, people, type Route } from '../route.ts'
import { IdParams, IdempotencyHeaders, Instant } from '../schemas/common.ts'
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

/** The caller's notifications, what arrives by email, and the language they read in. */
export const notificationRoutes = (recourse: Recourse, services: ConversationServices): Route[] => {
  const { runner, database } = recourse
  const { notifications } = services

  return [
    defineRoute({
      method: 'GET',
      url: '/v1/notifications',
      tags,
      summary: 'The caller’s notifications, newest first, in their language',
      roles: people,
      query: NotificationQuery,
      response: { 200: NotificationPage },
      handler: ({ caller, query }) => notifications.list(database.db, caller.id, query),
    }),

    defineRoute({
      method: 'POST',
      url: '/v1/notifications/:id/read',
      tags,
      summary: 'Mark one notification read',
      roles: people,
      params: IdParams,
      headers: IdempotencyHeaders,
      response: { 200: Type.Object({ id: Type.String(), readAt: Instant }) },
      handler: ({ caller, request, params }, reply) =>
        sendCommand(runner, request, reply, (uow) =>
          notifications.markRead(uow, caller.id, params.id),
        ),
    }),

    defineRoute({
      method: 'POST',
      url: '/v1/notifications/read-all',
      tags,
      summary: 'Mark every notification read',
      roles: people,
      headers: IdempotencyHeaders,
      response: { 200: Type.Object({ marked: Type.Integer() }) },
      handler: ({ caller, request }, reply) =>
        sendCommand(runner, request, reply, (uow) => notifications.markAllRead(uow, caller.id)),
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/me/notification-preferences',
      tags,
      summary: 'Which notifications reach the caller by email and in the app',
      roles: people,
      response: { 200: Preferences },
      handler: ({ caller }) => notifications.preferencesOf(database.db, caller.id),
    }),

    defineRoute({
      method: 'PUT',
      url: '/v1/me/notification-preferences',
      tags,
      summary: 'Change some of them; the others stay as they are',
      roles: people,
      headers: IdempotencyHeaders,
      body: PreferencesBody,
      response: { 200: Preferences },
      handler: ({ caller, request, body }, reply) =>
        sendCommand(runner, request, reply, (uow) =>
          notifications.setPreferences(uow, caller.id, body),
        ),
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/me/profile',
      tags,
      summary: 'The caller’s language, time zone and email as Recourse knows them',
      roles: people,
      response: { 200: ProfileView },
      handler: ({ caller }) => notifications.profile(database.db, caller),
    }),

    defineRoute({
      method: 'PATCH',
      url: '/v1/me/profile',
      tags,
      summary: 'Set the language messages are translated into and notifications written in',
      roles: people,
      headers: IdempotencyHeaders,
      body: ProfilePatch,
      response: { 200: ProfileView },
      handler: ({ caller, request, body }, reply) =>
        sendCommand(runner, request, reply, (uow) =>
          notifications.updateProfile(uow, caller, body),
        ),
    }),

    defineRoute({
      method: 'PUT',
      url: '/v1/users/:userId',
      tags,
      summary: 'Mirror a marketplace user: name, email, language, time zone (integration)',
      roles: ['integration', 'admin'],
      params: UserParams,
      headers: IdempotencyHeaders,
      body: MirrorUserBody,
      response: { 200: ProfileView },
      handler: ({ request, params, body }, reply) =>
        sendCommand(runner, request, reply, (uow) =>
          notifications.mirrorUser(uow, params.userId, body),
        ),
    }),
  ]
}
