import type { Mailer } from '../../integrations/email.ts'
import type { OutboxMessage, OutboxResult, OutboxTopic } from '../../scheduler/outbox-runner.ts'

/** Email retries: a minute, five, half an hour, two hours, six, a day; then dead-letter. */
export const EMAIL_BACKOFF_MS = [60_000, 300_000, 1_800_000, 7_200_000, 21_600_000, 86_400_000]

/** What the outbox carries for one email, rendered when the notification was written. */
export interface EmailPayload {
  readonly notificationId: string
  readonly to: string
  readonly subject: string
  readonly text: string
  readonly language: string
}

/** The `email` outbox topic: sends one notification's email after its command committed. */
export const emailTopic = (mailer: Mailer): OutboxTopic => ({
  backoffMs: EMAIL_BACKOFF_MS,
  handle: async (message: OutboxMessage): Promise<OutboxResult> => {
    const p = message.payload as EmailPayload
    await mailer.send({
      to: p.to,
      subject: p.subject,
      text: p.text,
      language: p.language,
      headers: { 'X-Recourse-Notification': p.notificationId },
    })
    return { kind: 'done' }
  },
})
