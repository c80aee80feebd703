/** IPv4 CIDR arithmetic for design validation and for comparing live values canonically. */

export interface Cidr {
  base: number
  prefix: number
}

const CIDR_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/

export function parseCidr(text: string): Cidr | undefined {
  const m = CIDR_RE.exec(text.trim())
  if (!m) return undefined
  const octets = m.slice(1, 5).map(Number)
  const prefix = Number(m[5])
  if (octets.some((o) => o > 255) || prefix > 32) return undefined
  const base = (((octets[0]! << 24) | (octets[1]! << 16) | (octets[2]! << 8) | octets[3]!) >>> 0) & mask(prefix)
  return {base: base >>> 0, prefix}
}

export function isCidr(text: string): boolean {
  return parseCidr(text) !== undefined
}

/** True when the address bits below the prefix are all zero, as AWS requires for VPCs and subnets. */
export function isNetworkAddress(text: string): boolean {
  const c = parseCidr(text)
  if (!c) return false
  const m = CIDR_RE.exec(text.trim())!
  const raw = ((Number(m[1]) << 24) | (Number(m[2]) << 16) | (Number(m[3]) << 8) | Number(m[4])) >>> 0
  return raw === c.base
}

function mask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0
}

export function formatCidr(c: Cidr): string {
  const b = c.base
  return `${b >>> 24}.${(b >>> 16) & 255}.${(b >>> 8) & 255}.${b & 255}/${c.prefix}`
}

/** "010.2.1.0/24" and "10.2.1.0/24" are one network; the canonical spelling has no leading zeros. */
export function canonicalCidr(text: string): string {
  const c = parseCidr(text)
  return c ? formatCidr(c) : text.trim()
}

export function contains(outer: string, inner: string): boolean {
  const o = parseCidr(outer)
  const i = parseCidr(inner)
  if (!o || !i || i.prefix < o.prefix) return false
  return (i.base & mask(o.prefix)) >>> 0 === o.base
}

export function overlaps(a: string, b: string): boolean {
  return contains(a, b) || contains(b, a)
}

/** The /24 with third octet `third` inside a /16 VPC, e.g. (10.2.0.0/16, 11) -> 10.2.11.0/24. */
export function subnetOf(vpcCidr: string, third: number): string {
  const c = parseCidr(vpcCidr)
  if (!c) throw new Error(`not a CIDR: ${vpcCidr}`)
  return formatCidr({base: (c.base | (third << 8)) >>> 0, prefix: 24})
}
