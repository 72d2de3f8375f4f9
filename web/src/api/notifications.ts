import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { Static } from 'typebox'
import type {
  NotificationPage,
  Preferences as PreferencesSchema,
  PreferencesBody,
  ProfileView,
} from '../../../src/http/schemas/notification.ts'
import { api } from './api.ts'

export type Notifications = NotificationPage
export type Notification = NotificationPage['items'][number]
export type Preferences = Static<typeof PreferencesSchema>
export type PreferencesPatch = Static<typeof PreferencesBody>
export type Profile = Static<typeof ProfileView>

export const notificationKeys = {
  all: ['notifications'] as const,
  list: ['notifications', 'list'] as const,
  preferences: ['notifications', 'preferences'] as const,
  profile: ['me', 'profile'] as const,
}

/** The signed-in user's latest notifications and unread count; polled every 30 s. */
export const useNotifications = () =>
  useQuery({
    queryKey: notificationKeys.list,
    queryFn: () => api.get<Notifications>('/v1/notifications', { limit: 50 }),
    refetchInterval: 30_000,
  })

export const useMarkNotificationRead = () => {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (id: string) =>
      api.post<{ id: string; readAt: string }>(`/v1/notifications/${encodeURIComponent(id)}/read`),
    onSuccess: () => client.invalidateQueries({ queryKey: notificationKeys.list }),
  })
}

export const useMarkAllNotificationsRead = () => {
  const client = useQueryClient()
  return useMutation({
    mutationFn: () => api.post<{ marked: number }>('/v1/notifications/read-all'),
    onSuccess: () => client.invalidateQueries({ queryKey: notificationKeys.list }),
  })
}

export const useNotificationPreferences = () =>
  useQuery({
    queryKey: notificationKeys.preferences,
    queryFn: () => api.get<Preferences>('/v1/me/notification-preferences'),
  })

export const useSetNotificationPreferences = () => {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (patch: PreferencesPatch) =>
      api.put<Preferences>('/v1/me/notification-preferences', patch),
    onSuccess: (next) => client.setQueryData(notificationKeys.preferences, next),
  })
}

export const useProfile = () =>
  useQuery({
    queryKey: notificationKeys.profile,
    queryFn: () => api.get<Profile>('/v1/me/profile'),
  })

/** The language the caller reads in (translations, notifications) and their time zone. */
export const useUpdateProfile = () => {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (patch: { locale?: string; timeZone?: string }) =>
      api.patch<Profile>('/v1/me/profile', patch),
    onSuccess: async (next) => {
      client.setQueryData(notificationKeys.profile, next)
      await client.invalidateQueries({ queryKey: ['conversations'] })
    },
  })
}
