import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

/**
 * scrypt cost parameters. The default is OWASP's Password Storage Cheat
 * Sheet's scrypt setting N=2^15, r=8, p=3: 32 MiB of memory per hash
 * (128·N·r bytes), which makes guessing on GPUs and ASICs expensive, and
 * about 0.1 s of one core on a 2024 server. p=3 triples the work without
 * more memory, so a sign-in burst cannot take the server's memory: at most
 * libuv's 4 threadpool threads hash at once (128 MiB). The parameters are
 * stored in each hash, so raising them later re-hashes each password at its
 * next successful sign-in.
 */
export interface ScryptParams {
  readonly logN: number
  readonly r: number
  readonly p: number
}

export const defaultScryptParams: ScryptParams = { logN: 15, r: 8, p: 3 }

const KEY_BYTES = 32
const SALT_BYTES = 16

const derive = (password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> => {
  const N = 2 ** params.logN
  const options: ScryptOptions = {
    N,
    r: params.r,
    p: params.p,
    // Node refuses above 32 MiB by default; allow what the parameters need and a margin.
    maxmem: 128 * N * params.r * 2 + 1024 * 1024,
  }
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  )
}

/** `scrypt$15$8$3$<salt>$<key>`, both base64url. */
export const hashPassword = async (
  password: string,
  params: ScryptParams = defaultScryptParams,
): Promise<string> => {
  const salt = randomBytes(SALT_BYTES)
  const key = await derive(password, salt, params)
  return [
    'scrypt',
    params.logN,
    params.r,
    params.p,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$')
}

const parse = (stored: string): { params: ScryptParams; salt: Buffer; key: Buffer } | null => {
  const [kind, logN, r, p, salt, key] = stored.split('$')
  if (kind !== 'scrypt' || !logN || !r || !p || !salt || !key) return null
  return {
    params: { logN: Number(logN), r: Number(r), p: Number(p) },
    salt: Buffer.from(salt, 'base64url'),
    key: Buffer.from(key, 'base64url'),
  }
}

/** A hash made with these parameters, used to spend the same time when there is no account. */
const dummies = new Map<string, Promise<string>>()

/**
 * Whether `password` matches `stored` (constant-time), and whether the hash
 * should be remade with `params`. With no stored hash the same work is done
 * against a dummy, so an unknown address takes as long as a wrong password.
 */
export const verifyPassword = async (
  stored: string | null,
  password: string,
  params: ScryptParams = defaultScryptParams,
): Promise<{ ok: boolean; rehash: boolean }> => {
  const parsed = stored ? parse(stored) : null
  if (!parsed) {
    const id = `${params.logN}/${params.r}/${params.p}`
    let dummy = dummies.get(id)
    if (!dummy) {
      dummy = hashPassword('not a password', params)
      dummies.set(id, dummy)
    }
    const fake = parse(await dummy)
    if (fake) await derive(password, fake.salt, fake.params)
    return { ok: false, rehash: false }
  }
  const key = await derive(password, parsed.salt, parsed.params)
  const ok = key.length === parsed.key.length && timingSafeEqual(key, parsed.key)
  const rehash =
    ok &&
    (parsed.params.logN !== params.logN ||
      parsed.params.r !== params.r ||
      parsed.params.p !== params.p)
  return { ok, rehash }
}
