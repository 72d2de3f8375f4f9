import { createInterface } from 'node:readline'
import { Writable } from 'node:stream'
import type { Config } from '../config.ts'
import { openRecourse } from '../app/recourse.ts'
import { listStaff } from '../app/staff/queries.ts'
import { StaffRoles, type StaffRole } from '../domain/staff/account.ts'
import { explainStaffRejection } from '../domain/staff/rejections.ts'

const usage = `Usage: recourse staff create EMAIL [--role agent|admin] [--name NAME]
       recourse staff list

'create' asks for a password when run in a terminal (leave it empty for a link);
otherwise (CI, a script) it prints a one-time setup link instead.`

/** Reads a line without echoing it (a password typed in a terminal). */
const askHidden = async (question: string): Promise<string> => {
  let muted = false
  const output = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      if (!muted) process.stdout.write(chunk)
      done()
    },
  })
  const rl = createInterface({ input: process.stdin, output, terminal: true })
  try {
    return await new Promise<string>((resolve) => {
      rl.question(question, (answer) => {
        process.stdout.write('\n')
        resolve(answer)
      })
      muted = true
    })
  } finally {
    rl.close()
  }
}

/** `recourse staff create EMAIL --role admin`: the first admin of a new deployment, and more staff. */
export const staffCli = async (
  config: Config,
  args: readonly string[],
  flags: { readonly role?: string | undefined; readonly name?: string | undefined },
): Promise<void> => {
  const [sub, email] = args
  if (sub === 'list') {
    const recourse = await openRecourse(config)
    try {
      for (const s of await listStaff(recourse.database.db))
        console.log(`${s.id}  ${s.email}  ${s.role}  ${s.status}${s.totpEnrolled ? '  2FA' : ''}`)
    } finally {
      await recourse.close()
    }
    return
  }
  const role = (flags.role ?? 'agent') as StaffRole
  if (sub !== 'create' || !email || !StaffRoles.includes(role)) {
    console.error(usage)
    process.exitCode = 2
    return
  }
  let password: string | undefined
  if (process.stdin.isTTY) {
    const first = await askHidden(`Password for ${email} (empty: print a setup link instead): `)
    if (first) {
      const again = await askHidden('Again: ')
      if (again !== first) {
        console.error('The two passwords differ; nothing was created.')
        process.exitCode = 1
        return
      }
      password = first
    }
  }
  const recourse = await openRecourse(config)
  try {
    const result = await recourse.staff.create(
      { email, role, name: flags.name, password },
      { id: null, address: 'cli' },
      await recourse.clock.now(),
    )
    if (!result.ok) {
      console.error(explainStaffRejection(result.rejection))
      process.exitCode = 1
      return
    }
    const { staff, invitation } = result.value
    if (invitation) {
      console.log(
        `Invited ${staff.email} as ${staff.role} (${staff.id}). Open this link to choose a password; it works once, until ${invitation.expiresAt}:\n\n  ${invitation.link}\n`,
      )
    } else {
      console.log(
        `Created ${staff.email} as ${staff.role} (${staff.id}); sign in with the password.`,
      )
    }
  } finally {
    await recourse.close()
  }
}
