import {
  createLocalJWKSet,
  errors,
  type JSONWebKeySet,
  type CompactJWSHeaderParameters,
  type FlattenedJWSInput,
  type JWTVerifyGetKey,
} from 'jose'

/**
 * How long fetched JWKS keys are used before the set is fetched again. With
 * the authenticator's memory of verified tokens (`VERIFIED_TOKEN_MS`, also
 * 30 s) a key removed from the marketplace's JWKS stops verifying within
 * 60 s: at most 30 s until the set is fetched again, then at most 30 s for a
 * token verified just before that to be forgotten (docs/authentication.md).
 */
export const JWKS_REFRESH_MS = 30_000

/** A token signed by a key not in the set fetches it again, at most this often (a new key appears at once). */
const UNKNOWN_KID_COOLDOWN_MS = 5_000

const FETCH_TIMEOUT_MS = 5_000

/**
 * The marketplace's JWKS, fetched over HTTP and kept for `JWKS_REFRESH_MS`
 * by the given clock (tests move it instead of sleeping). When the set cannot
 * be fetched again after that, tokens are refused rather than verified with
 * keys older than the promise allows.
 */
export class RemoteKeySet {
  private current: { readonly keys: JWTVerifyGetKey; readonly fetchedAt: number } | undefined
  private loading: Promise<void> | undefined

  constructor(
    private readonly url: URL,
    private readonly now: () => Promise<number>,
    /** How the set is fetched (the server's outbound rules); `fetch` by default. */
    private readonly fetchJson: (url: URL, init: RequestInit) => Promise<Response> = fetch,
    private readonly refreshMs = JWKS_REFRESH_MS,
  ) {}

  /** A jose key resolver: `jwtVerify(token, keySet.getKey, …)`. */
  readonly getKey = async (
    header: CompactJWSHeaderParameters,
    token: FlattenedJWSInput,
  ): Promise<Awaited<ReturnType<JWTVerifyGetKey>>> => {
    const now = await this.now()
    if (!this.current || now - this.current.fetchedAt >= this.refreshMs) await this.reload(now)
    const current = this.current
    if (!current) throw new errors.JWKSInvalid('the JWKS could not be fetched')
    try {
      return await current.keys(header, token)
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey)) throw error
      if (now - current.fetchedAt < UNKNOWN_KID_COOLDOWN_MS) throw error
      await this.reload(now)
      if (!this.current) throw error
      return this.current.keys(header, token)
    }
  }

  private async reload(now: number): Promise<void> {
    this.loading ??= this.fetchSet(now).finally(() => {
      this.loading = undefined
    })
    await this.loading
  }

  private async fetchSet(now: number): Promise<void> {
    try {
      const response = await this.fetchJson(this.url, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
        redirect: 'manual',
      })
      if (!response.ok) throw new Error(`JWKS answered ${response.status}`)
      const set = (await response.json()) as JSONWebKeySet
      this.current = { keys: createLocalJWKSet(set), fetchedAt: now }
    } catch {
      // Keys past their time are not used: refusing is the promise kept.
      if (this.current && now - this.current.fetchedAt >= this.refreshMs) this.current = undefined
    }
  }
}
