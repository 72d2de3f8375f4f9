import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import nodemailer from 'nodemailer'

/** One email, already rendered in the recipient's language. */
export interface OutgoingEmail {
  readonly to: string
  readonly subject: string
  readonly text: string
  /** BCP 47 language of the body (`Content-Language`). */
  readonly language: string
  /** Extra headers, e.g. `X-Recourse-Notification`. */
  readonly headers: Readonly<Record<string, string>>
}

export interface SentEmail {
  readonly messageId: string
  /** Where a file mailer wrote it. */
  readonly file?: string
}

/** Sends email; the outbox retries a failure with backoff. */
export interface Mailer {
  /** `smtp` through `RECOURSE_SMTP_URL`, or `files`: `.eml` files a person can open. */
  readonly kind: 'smtp' | 'files'
  readonly describe: string
  send(email: OutgoingEmail): Promise<SentEmail>
  close(): void
}

/** The `From:` of every notification. `RECOURSE_MAIL_FROM`. */
export const DEFAULT_MAIL_FROM = 'Recourse <no-reply@recourse.localhost>'

const message = (from: string, email: OutgoingEmail) => ({
  from,
  to: email.to,
  subject: email.subject,
  text: email.text,
  headers: {
    'Content-Language': email.language,
    // RFC 3834: an automatic message; well-behaved autoresponders stay quiet.
    'Auto-Submitted': 'auto-generated',
    ...email.headers,
  },
})

/** Email over SMTP (`smtp://user:pass@host:587`, `smtps://…` for implicit TLS). */
export const smtpMailer = (url: string, from = DEFAULT_MAIL_FROM): Mailer => {
  const transport = nodemailer.createTransport(url)
  return {
    kind: 'smtp',
    describe: `SMTP ${url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')}`,
    async send(email) {
      const info = await transport.sendMail(message(from, email))
      return { messageId: String(info.messageId) }
    },
    close: () => transport.close(),
  }
}

/**
 * Without an SMTP server, each email is written as an `.eml` file (open it
 * with any mail program) under `<dataDir>/mail/`, so a new user sees what
 * Recourse would send.
 */
export const fileMailer = (dir: string, from = DEFAULT_MAIL_FROM): Mailer => {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true })
  return {
    kind: 'files',
    describe: `.eml files in ${dir}`,
    async send(email) {
      const info = await transport.sendMail(message(from, email))
      mkdirSync(dir, { recursive: true })
      const id = String(info.messageId).replace(/[<>]/g, '')
      const file = join(
        dir,
        `${new Date().toISOString().replace(/[:.]/g, '-')}-${id.replace(/[^\w.@-]/g, '_')}.eml`,
      )
      writeFileSync(file, info.message as Buffer)
      return { messageId: String(info.messageId), file }
    },
    close: () => transport.close(),
  }
}

/** `RECOURSE_SMTP_URL` set: SMTP; otherwise `.eml` files under `<dataDir>/mail`. */
export const mailerFromEnv = (env: NodeJS.ProcessEnv, dataDir: string): Mailer => {
  const from = env.RECOURSE_MAIL_FROM || DEFAULT_MAIL_FROM
  return env.RECOURSE_SMTP_URL
    ? smtpMailer(env.RECOURSE_SMTP_URL, from)
    : fileMailer(join(dataDir, 'mail'), from)
}
