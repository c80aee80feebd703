/**
 * Evidence must never carry a secret. Two nets: by key name (passwords, secrets, tokens,
 * credentials, signatures) and by value (the credentials of this very process, presigned URLs).
 */
const SECRET_KEY = /(password|passwd|secret(?!arn)|token|credential|private.?key|signature|session)/i
/**
 * Names that contain a secret-like word but describe a secret rather than hold one: IAM's
 * MaxSessionDuration, KMS's SigningAlgorithms / SignatureAlgorithm, Secrets Manager's and RDS's
 * SecretStatus, ARNs and versions. They are ordinary evidence an auditor needs.
 */
const DESCRIBES_SECRET = /(Duration|Algorithms?|Status|Arn|Version(Id)?|Type|Enabled|Date|Time)$/
const isSecretKey = (k: string) => SECRET_KEY.test(k) && !DESCRIBES_SECRET.test(k)
const SECRET_HEADER = /(verify|secret|token|auth|api.?key|signature)/i
const PRESIGNED = /X-Amz-(Signature|Credential|Security-Token)=/i
export const REDACTED = '[REDACTED]'

export function secretValuesFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  return ['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN', 'AWS_ACCESS_KEY_ID']
    .map((k) => env[k])
    .filter((v): v is string => Boolean(v && v.length >= 8))
}

export function redact<T>(value: T, secrets: string[] = secretValuesFromEnv()): T {
  const walk = (v: unknown, key = ''): unknown => {
    if (typeof v === 'string') {
      if (key && isSecretKey(key)) return REDACTED
      if (PRESIGNED.test(v)) return REDACTED
      let out = v
      for (const s of secrets) if (out.includes(s)) out = out.split(s).join(REDACTED)
      return out
    }
    if (Array.isArray(v)) return v.map((x) => walk(x))
    if (v && typeof v === 'object') {
      // Tags and parameters come as {Key, Value} pairs: the secret's name is in Key, not in the property name.
      const pair = v as {Key?: unknown; TagKey?: unknown; Name?: unknown; Value?: unknown; TagValue?: unknown}
      const pairKey = [pair.Key, pair.TagKey, pair.Name].find((k) => typeof k === 'string') as string | undefined
      // HTTP headers as CloudFront (HeaderName/HeaderValue) and ELB rules (HttpHeaderName/Values)
      // hold them: the origin secret of albOriginLockdown is one.
      const header = v as {HeaderName?: unknown; HttpHeaderName?: unknown}
      const headerName = [header.HeaderName, header.HttpHeaderName].find((k) => typeof k === 'string') as
        | string
        | undefined
      if (headerName && SECRET_HEADER.test(headerName)) {
        return Object.fromEntries(
          Object.entries(v).map(([k, x]) => [
            k,
            k === 'HeaderValue' ? REDACTED : k === 'Values' && Array.isArray(x) ? x.map(() => REDACTED) : walk(x, k),
          ]),
        )
      }
      if (pairKey && SECRET_KEY.test(pairKey)) {
        return Object.fromEntries(
          Object.entries(v).map(([k, x]) => [k, k === 'Value' || k === 'TagValue' ? REDACTED : walk(x, k)]),
        )
      }
      const o: Record<string, unknown> = {}
      for (const [k, x] of Object.entries(v))
        o[k] = isSecretKey(k) && (typeof x === 'string' || typeof x === 'number') ? REDACTED : walk(x, k)
      return o
    }
    return v
  }
  return walk(value) as T
}

/** Last net over a whole file's text: any known secret value left is replaced. */
export function scrubText(text: string, secrets: string[] = secretValuesFromEnv()): string {
  let out = text
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join(REDACTED)
  return out
}
