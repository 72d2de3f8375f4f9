import { useState, type FormEvent } from 'react'
import { asApiError } from '../../api/client.ts'
import {
  useNotificationPreferences,
  useProfile,
  useSetNotificationPreferences,
  useUpdateProfile,
} from '../../api/notifications.ts'
import { Button } from '../../components/button.tsx'
import { Field } from '../../components/field.tsx'
import { Notice, ProblemNotice } from '../../components/notice.tsx'
import { Card, PageHeader, useDocumentTitle } from '../../components/page.tsx'
import { WhenLoaded } from '../../components/when-loaded.tsx'
import { languageName } from '../conversations/conversation-thread.tsx'

/** What each notification type is about, as its owner reads it. */
const typeLabels: Readonly<Record<string, string>> = {
  case_opened: 'A buyer opens a case',
  offer_made: 'An offer waits for your answer',
  case_escalated: 'The marketplace steps in',
  case_decided: 'An agent decides',
  case_closed: 'A case closes',
  cancellation_requested: 'A buyer asks to cancel',
  cancellation_approved: 'An order is cancelled',
  cancellation_declined: 'A cancellation is declined',
  message_received: 'A new message',
  ship_by_reminder: 'Reminder: ship an order',
  response_due_reminder: 'Reminder: respond to a case within 24 hours',
  offer_expiring_reminder: 'Reminder: an offer is about to lapse',
  return_ship_by_reminder: 'Reminder: ship a return',
  abuse_appeal_decided: 'Your appeal against a record signal is decided',
  late_shipment_seller: 'An order of yours is late to ship',
  late_shipment_buyer: 'An order you bought is late to ship',
  late_delivery_seller: 'An order of yours is late to arrive',
  late_delivery_buyer: 'An order you bought is late to arrive',
  cancellation_escalated: 'The marketplace steps into a cancellation',
  cancellation_information_requested: 'An agent asks you about a cancellation',
  cancellation_decided: 'The marketplace decides a cancellation',
}

/** The languages notifications are written in and messages translated into. */
const LANGUAGES = ['en', 'es', 'pt', 'fr'] as const

const LanguageForm = () => {
  const profile = useProfile()
  const update = useUpdateProfile()
  const [locale, setLocale] = useState<string | null>(null)
  return (
    <WhenLoaded query={profile} pending={null}>
      {(me) => {
        const current = locale ?? me.locale.slice(0, 2)
        const submit = (e: FormEvent): void => {
          e.preventDefault()
          update.mutate({ locale: current })
        }
        return (
          <Card title="Language" id="language">
            <form onSubmit={submit} className="stack">
              <Field
                label="I read in"
                hint="Messages from the other side are machine-translated into it; notifications are written in it."
              >
                {(p) => (
                  <select {...p} value={current} onChange={(e) => setLocale(e.target.value)}>
                    {LANGUAGES.map((l) => (
                      <option key={l} value={l}>
                        {languageName(l)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              {update.error ? <ProblemNotice error={asApiError(update.error)} /> : null}
              {update.isSuccess ? <Notice tone="success" title="Language saved" /> : null}
              <Button type="submit" busy={update.isPending}>
                Save language
              </Button>
            </form>
            {me.email ? (
              <p className="muted small">Emails go to {me.email}.</p>
            ) : (
              <p className="muted small">
                The marketplace has no email address for you: notifications stay in the app.
              </p>
            )}
          </Card>
        )
      }}
    </WhenLoaded>
  )
}

/**
 * `/settings/notifications` (every notification email links here): for each
 * kind of notification, whether it comes by email and in the app; and the
 * language the person reads in.
 */
export const NotificationPreferencesPage = () => {
  useDocumentTitle('Notification preferences')
  const query = useNotificationPreferences()
  const save = useSetNotificationPreferences()
  const toggle = (type: string, channel: 'email' | 'inApp', value: boolean): void => {
    save.mutate({ [type]: { [channel]: value } })
  }
  return (
    <div className="page page-narrow">
      <PageHeader
        back={{ to: '/notifications', label: 'Notifications' }}
        title="Notification preferences"
        subtitle="Choose how each kind of notification reaches you. Changes save at once."
      />
      <LanguageForm />
      <WhenLoaded query={query} label="Loading preferences…">
        {(prefs) => (
          <Card title="What reaches you, and how" id="channels">
            {save.error ? <ProblemNotice error={asApiError(save.error)} /> : null}
            <table className="table preferences-table">
              <thead>
                <tr>
                  <th scope="col">Notification</th>
                  <th scope="col">Email</th>
                  <th scope="col">In the app</th>
                </tr>
              </thead>
              <tbody>
                {Object.entries(prefs).map(([type, channels]) => {
                  const label = typeLabels[type] ?? type
                  return (
                    <tr key={type}>
                      <th scope="row">{label}</th>
                      <td>
                        <input
                          type="checkbox"
                          aria-label={`${label}: email`}
                          checked={channels.email}
                          disabled={save.isPending}
                          onChange={(e) => toggle(type, 'email', e.target.checked)}
                        />
                      </td>
                      <td>
                        <input
                          type="checkbox"
                          aria-label={`${label}: in the app`}
                          checked={channels.inApp}
                          disabled={save.isPending}
                          onChange={(e) => toggle(type, 'inApp', e.target.checked)}
                        />
                      </td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </Card>
        )}
      </WhenLoaded>
    </div>
  )
}
