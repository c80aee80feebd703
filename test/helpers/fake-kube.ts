import {createHash} from 'node:crypto'
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import {parseAllDocuments} from 'yaml'
import {CLUSTER_ID_HEADER, tokenUrl} from '../../src/kube/token.js'
import {POD_SG_ANNOTATION, SGP_API} from '../../src/kube/pod-security.js'

type Obj = Record<string, unknown> & {
  apiVersion: string
  kind: string
  metadata: {name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>}
}

export interface FakeKubeRequest {
  method: string
  path: string
  status: number
}

/**
 * The test bed's stand-in for an EKS cluster's Kubernetes API (moto has none: gap
 * eks-no-kubernetes-api). It answers the reads the audit makes, as the API server does:
 * - only a well-formed EKS token (a presigned STS GetCallerIdentity URL signing x-k8s-aws-id)
 *   is accepted, anything else is 401; `deny` plays a caller without an access entry (401)
 *   or without the access policy (403);
 * - lists are paginated with `limit` and `metadata.continue`;
 * - `apply` plays `kubectl apply`, and Fargate: a Deployment's pods are scheduled at once and
 *   carry the groups of the SecurityGroupPolicies selecting them at that moment (annotation
 *   fargate.amazonaws.com/pod-sg), or none: a policy made later reaches only new pods;
 * - anything but GET on the API is refused (the audit is read-only).
 */
export class FakeKube {
  readonly requests: FakeKubeRequest[] = []
  deny: 'unauthorized' | 'forbidden' | undefined
  private objects: Obj[] = []
  private generation = 0

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(port = 0): Promise<FakeKube> {
    const handlers: {kube?: FakeKube} = {}
    const server = createServer((req, res) => void handlers.kube!.handle(req, res))
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
    const addr = server.address()
    if (!addr || typeof addr !== 'object') throw new Error('fake kube: no address')
    handlers.kube = new FakeKube(server, `http://127.0.0.1:${addr.port}`)
    return handlers.kube
  }

  reset(): void {
    this.objects = []
    this.requests.length = 0
    this.deny = undefined
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  /** `kubectl apply` of a multi-document YAML (what `platform manifests` prints). */
  applyYaml(text: string): void {
    for (const doc of parseAllDocuments(text)) {
      const o = doc.toJS() as Obj | null
      if (o && typeof o === 'object' && o.kind) this.apply(o)
    }
  }

  /** As `kubectl apply`: a Deployment's pods are replaced only when it is new or its pod template changed. */
  apply(o: Obj): void {
    const same = (x: Obj) =>
      x.kind === o.kind && x.metadata.name === o.metadata.name && x.metadata.namespace === o.metadata.namespace
    const before = this.objects.find(same)
    this.objects = this.objects.filter((x) => !same(x))
    this.objects.push(structuredClone(o))
    const template = (x: Obj | undefined) => JSON.stringify((x?.spec as {template?: unknown} | undefined)?.template)
    if (o.kind === 'Deployment' && (!before || template(before) !== template(o))) this.schedule(o)
  }

  /** `kubectl rollout restart` of every Deployment (or of one): their pods are replaced by new ones. */
  restartAll(): void {
    for (const d of this.list('Deployment')) this.schedule(d)
  }

  /** `kubectl rollout restart`: the Deployment's pods are replaced by new ones. */
  restart(namespace: string, deployment: string): void {
    const d = this.objects.find(
      (x) => x.kind === 'Deployment' && x.metadata.namespace === namespace && x.metadata.name === deployment,
    )
    if (!d) throw new Error(`fake kube: no deployment ${namespace}/${deployment}`)
    this.schedule(d)
  }

  list(kind: string, namespace?: string): Obj[] {
    return this.objects.filter(
      (x) => x.kind === kind && (namespace === undefined || x.metadata.namespace === namespace),
    )
  }

  private schedule(d: Obj): void {
    const ns = d.metadata.namespace ?? 'default'
    const spec = d.spec as {replicas?: number; template: {metadata: {labels: Record<string, string>}}}
    const labels = spec.template.metadata.labels
    this.objects = this.objects.filter(
      (x) =>
        !(
          x.kind === 'Pod' &&
          x.metadata.namespace === ns &&
          x.metadata.annotations?.['fake/owner'] === d.metadata.name
        ),
    )
    const groups = this.list('SecurityGroupPolicy', ns)
      .filter((p) => {
        const sel = (p.spec as {podSelector?: {matchLabels?: Record<string, string>}}).podSelector?.matchLabels
        return sel !== undefined && Object.entries(sel).every(([k, v]) => labels[k] === v)
      })
      .flatMap((p) => (p.spec as {securityGroups: {groupIds: string[]}}).securityGroups.groupIds)
    const hash = createHash('sha256').update(`${d.metadata.name}${++this.generation}`).digest('hex').slice(0, 9)
    for (let i = 0; i < (spec.replicas ?? 1); i++)
      this.objects.push({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: `${d.metadata.name}-${hash}-${i}`,
          namespace: ns,
          labels,
          annotations: {
            'fake/owner': d.metadata.name,
            ...(groups.length > 0 ? {[POD_SG_ANNOTATION]: [...new Set(groups)].join(',')} : {}),
          },
        },
        status: {phase: 'Running'},
      })
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url)
    const reply = (status: number, body: unknown) => {
      this.requests.push({method: req.method ?? '', path: url.pathname, status})
      res.writeHead(status, {'content-type': 'application/json'})
      res.end(JSON.stringify(body))
    }
    const status = (code: number, reason: string, message: string) =>
      reply(code, {kind: 'Status', apiVersion: 'v1', status: 'Failure', reason, message, code})
    if (url.pathname.startsWith('/test-bed/')) return this.testBed(req, url, reply)
    if (!validToken(req.headers.authorization)) return status(401, 'Unauthorized', 'Unauthorized')
    if (this.deny === 'unauthorized') return status(401, 'Unauthorized', 'Unauthorized')
    if (req.method !== 'GET') return status(405, 'MethodNotAllowed', 'the fake cluster serves reads only')
    const route =
      url.pathname.match(new RegExp(`^/apis/${SGP_API}/namespaces/([^/]+)/securitygrouppolicies$`)) ??
      url.pathname.match(/^\/api\/v1\/namespaces\/([^/]+)\/(pods)$/)
    if (!route) return status(404, 'NotFound', 'the server could not find the requested resource')
    if (this.deny === 'forbidden')
      return status(403, 'Forbidden', `cannot list resource in the namespace "${decodeURIComponent(route[1]!)}"`)
    const kind = route[2] === 'pods' ? 'Pod' : 'SecurityGroupPolicy'
    const all = this.list(kind, decodeURIComponent(route[1]!))
    const limit = Number(url.searchParams.get('limit') ?? all.length) || all.length
    const from = Number(url.searchParams.get('continue') ?? 0)
    const items = all.slice(from, from + limit)
    const more = from + limit < all.length
    reply(200, {kind: `${kind}List`, metadata: more ? {continue: String(from + limit)} : {}, items})
  }

  private async testBed(req: IncomingMessage, url: URL, reply: (s: number, b: unknown) => void): Promise<void> {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const body = Buffer.concat(chunks).toString('utf8')
    if (req.method === 'POST' && url.pathname === '/test-bed/apply') {
      this.applyYaml(body)
      return reply(200, {applied: true})
    }
    if (req.method === 'POST' && url.pathname === '/test-bed/restart') {
      this.restartAll()
      return reply(200, {restarted: true})
    }
    if (req.method === 'POST' && url.pathname === '/test-bed/reset') {
      this.reset()
      return reply(200, {reset: true})
    }
    reply(404, {error: 'unknown test-bed route'})
  }
}

/** A token as aws-iam-authenticator and `aws eks get-token` make it (src/kube/token.ts). */
function validToken(authorization: string | undefined): boolean {
  const token = authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : undefined
  const url = token ? tokenUrl(token) : undefined
  if (!url) return false
  const q = url.searchParams
  return (
    url.protocol === 'https:' &&
    /^sts\.[a-z0-9-]+\.amazonaws\.com$/.test(url.hostname) &&
    q.get('Action') === 'GetCallerIdentity' &&
    q.get('Version') === '2011-06-15' &&
    q.get('X-Amz-Algorithm') === 'AWS4-HMAC-SHA256' &&
    q.get('X-Amz-Expires') === '60' &&
    (q.get('X-Amz-SignedHeaders') ?? '').split(';').includes(CLUSTER_ID_HEADER) &&
    /^[0-9a-f]{64}$/.test(q.get('X-Amz-Signature') ?? '') &&
    (q.get('X-Amz-Credential') ?? '').endsWith('/sts/aws4_request')
  )
}

/** The fake API of each moto_server a test started, by moto's URL: emulatorEnv looks it up. */
const KUBES = new Map<string, FakeKube>()
export const registerKube = (motoUrl: string, kube: FakeKube) => KUBES.set(motoUrl, kube)
export const kubeFor = (motoUrl: string) => KUBES.get(motoUrl)
