/**
 * Whether a certificate name covers a host name, as TLS clients (CloudFront among them) match
 * them: RFC 6125 section 6.4.3, a wildcard stands for exactly one left-most label
 * (`*.example.com` covers `origin-dev.example.com`, not `example.com` nor `a.b.example.com`).
 * Names compare without case and without a trailing dot.
 */
export function certificateCovers(certificateName: string, host: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/\.$/, '')
  const cert = norm(certificateName)
  const name = norm(host)
  if (!cert.startsWith('*.')) return cert === name
  const dot = name.indexOf('.')
  return dot > 0 && name.slice(dot + 1) === cert.slice(2)
}
