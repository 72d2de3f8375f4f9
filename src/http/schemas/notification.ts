import { Type, type Static } from 'typebox'
import { Instant, Uuid } from './common.ts'
import { notificationTypes } from '../../integrations/email-templates.ts'

const Channels = Type.Object({ email: Type.Boolean(), inApp: Type.Boolean() })
const ChannelsPatch = Type.Object(
  { email: Type.Optional(Type.Boolean()), inApp: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
)

export const NotificationView = Type.Object({
  id: Uuid,
  type: Type.String(),
  title: Type.String(),
  body: Type.String(),
  link: Type.Union([Type.String(), Type.Null()]),
  language: Type.String(),
  data: Type.Record(Type.String(), Type.Unknown()),
  createdAt: Instant,
  readAt: Type.Union([Instant, Type.Null()]),
})

export const NotificationPage = Type.Object({
  items: Type.Array(NotificationView),
  nextCursor: Type.Union([Uuid, Type.Null()]),
  unreadCount: Type.Integer(),
})
export type NotificationPage = Static<typeof NotificationPage>

export const NotificationQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 25 }),
  cursor: Type.Optional(Uuid),
  unread: Type.Optional(Type.Boolean()),
})

export const Preferences = Type.Object(
  Object.fromEntries(notificationTypes.map((t) => [t, Channels])),
  { description: 'For each notification type: by email, in the app' },
)

export const PreferencesBody = Type.Object(
  Object.fromEntries(notificationTypes.map((t) => [t, Type.Optional(ChannelsPatch)])),
  { additionalProperties: false },
)

export const Locale = Type.String({
  pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$',
  maxLength: 35,
  description:
    'BCP 47, e.g. es, pt-BR: the language messages are translated into and notifications written in',
})

export const ProfileView = Type.Object({
  id: Type.String(),
  role: Type.String(),
  name: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  locale: Type.String(),
  timeZone: Type.String(),
})

export const ProfilePatch = Type.Object(
  {
    locale: Type.Optional(Locale),
    timeZone: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: 'IANA, e.g. America/Sao_Paulo' }),
    ),
  },
  { additionalProperties: false },
)

export const UserParams = Type.Object({
  userId: Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9._:@-]+$' }),
})

export const MirrorUserBody = Type.Object(
  {
    role: Type.Union([Type.Literal('buyer'), Type.Literal('seller')]),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    email: Type.Optional(
      Type.Union([Type.String({ format: 'email', maxLength: 254 }), Type.Null()]),
    ),
    locale: Type.Optional(Locale),
    timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
)
