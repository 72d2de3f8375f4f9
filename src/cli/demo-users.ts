/** The people of the demo marketplace: sign in as any of them in demo mode. */
export interface DemoUser {
  readonly id: string
  readonly role: 'buyer' | 'seller' | 'agent' | 'admin'
  readonly name: string
  readonly locale: string
  readonly timeZone: string
}

export const demoUsers: readonly DemoUser[] = [
  {
    id: 'buyer-ana',
    role: 'buyer',
    name: 'Ana Souza',
    locale: 'es',
    timeZone: 'America/Mexico_City',
  },
  {
    id: 'buyer-ben',
    role: 'buyer',
    name: 'Ben Carter',
    locale: 'en',
    timeZone: 'America/New_York',
  },
  {
    id: 'seller-sam',
    role: 'seller',
    name: "Sam's Vintage",
    locale: 'en',
    timeZone: 'America/Los_Angeles',
  },
  {
    id: 'seller-lucia',
    role: 'seller',
    name: 'Lucía Moda',
    locale: 'es',
    timeZone: 'America/Sao_Paulo',
  },
  {
    id: 'agent-alex',
    role: 'agent',
    name: 'Alex Kim (agent)',
    locale: 'en',
    timeZone: 'America/New_York',
  },
  {
    id: 'agent-maria',
    role: 'agent',
    name: 'María Ruiz (agent)',
    locale: 'es',
    timeZone: 'America/Mexico_City',
  },
  { id: 'admin-ops', role: 'admin', name: 'Operations admin', locale: 'en', timeZone: 'UTC' },
]
