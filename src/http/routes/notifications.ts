import { Type } from 'typebox'
import type { ConversationServices, Recourse } from '../../app/recourse.ts'
import { commandRoutes } from '../command-route.ts'
import { defineRoute, people, type Route } from '../route.ts'
import { IdParams, Instant } from '../schemas/common.ts'
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
  const command = commandRoutes(runner)
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

    command({
      method: 'POST',
      url: '/v1/notifications/:id/read',
      tags,
      summary: 'Mark one notification read',
      roles: people,
      params: IdParams,
      response: { 200: Type.Object({ id: Type.String(), readAt: Instant }) },
      run: (uow, { caller, params }) => notifications.markRead(uow, caller.id, params.id),
    }),

    command({
      method: 'POST',
      url: '/v1/notifications/read-all',
      tags,
      summary: 'Mark every notification read',
      roles: people,
      response: { 200: Type.Object({ marked: Type.Integer() }) },
      run: (uow, { caller }) => notifications.markAllRead(uow, caller.id),
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

    command({
      method: 'PUT',
      url: '/v1/me/notification-preferences',
      tags,
      summary: 'Change some of them; the others stay as they are',
      roles: people,
      body: PreferencesBody,
      response: { 200: Preferences },
      run: (uow, { caller, body }) => notifications.setPreferences(uow, caller.id, body),
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

    command({
      method: 'PATCH',
      url: '/v1/me/profile',
      tags,
      summary: 'Set the language messages are translated into and notifications written in',
      roles: people,
      body: ProfilePatch,
      response: { 200: ProfileView },
      run: (uow, { caller, body }) => notifications.updateProfile(uow, caller, body),
    }),

    command({
      method: 'PUT',
      url: '/v1/users/:userId',
      tags,
      summary: 'Mirror a marketplace user: name, email, language, time zone (integration)',
      roles: ['integration', 'admin'],
      params: UserParams,
      body: MirrorUserBody,
      response: { 200: ProfileView },
      run: (uow, { params, body }) => notifications.mirrorUser(uow, params.userId, body),
    }),
  ]
}
