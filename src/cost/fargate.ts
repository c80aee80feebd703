/**
 * What Fargate bills for a pod: its requests plus 256 MB for the Kubernetes components
 * (kubelet, kube-proxy, containerd), rounded up to the nearest vCPU/memory combination Fargate
 * offers; that rounding can raise the vCPU too (1 vCPU with 8 GB becomes 2 vCPU with 9 GB).
 * https://docs.aws.amazon.com/eks/latest/userguide/fargate-pod-configuration.html
 */
export interface FargateSize {
  vcpu: number
  memoryGb: number
}

const range = (from: number, to: number, step: number) =>
  Array.from({length: Math.floor((to - from) / step) + 1}, (_, i) => from + i * step)

/** The combinations of that page, by vCPU, memory in GB. */
const COMBINATIONS: {vcpu: number; memory: number[]}[] = [
  {vcpu: 0.25, memory: [0.5, 1, 2]},
  {vcpu: 0.5, memory: [1, 2, 3, 4]},
  {vcpu: 1, memory: range(2, 8, 1)},
  {vcpu: 2, memory: range(4, 16, 1)},
  {vcpu: 4, memory: range(8, 30, 1)},
  {vcpu: 8, memory: range(16, 60, 4)},
  {vcpu: 16, memory: range(32, 120, 8)},
]

/** Kubernetes CPU quantity ("500m", "2") in vCPU. */
export function parseCpu(q: string): number {
  const m = /^(\d+(?:\.\d+)?)(m?)$/.exec(q.trim())
  if (!m) throw new Error(`not a CPU quantity: ${q}`)
  return m[2] ? Number(m[1]) / 1000 : Number(m[1])
}

/** Kubernetes memory quantity ("1Gi", "512Mi") in GiB, which is what Fargate's "GB" means. */
export function parseMemoryGb(q: string): number {
  const m = /^(\d+(?:\.\d+)?)(Gi|Mi|G|M)$/.exec(q.trim())
  if (!m) throw new Error(`not a memory quantity: ${q}`)
  const n = Number(m[1])
  return m[2] === 'Gi' ? n : m[2] === 'Mi' ? n / 1024 : m[2] === 'G' ? (n * 1e9) / 2 ** 30 : (n * 1e6) / 2 ** 30
}

export const KUBERNETES_COMPONENTS_GB = 0.25

export function fargateSize(cpu: string, memory: string): FargateSize {
  const vcpu = parseCpu(cpu)
  const need = parseMemoryGb(memory) + KUBERNETES_COMPONENTS_GB
  for (const c of COMBINATIONS) {
    if (c.vcpu < vcpu) continue
    const mem = c.memory.find((m) => m >= need)
    if (mem !== undefined) return {vcpu: c.vcpu, memoryGb: mem}
  }
  throw new Error(`no Fargate size holds ${cpu} / ${memory}`)
}
