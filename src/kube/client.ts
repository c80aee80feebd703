import {request as httpRequest} from 'node:http'
import {request as httpsRequest} from 'node:https'
import {isLocalEmulator, isLoopback} from '../aws/emulator.js'
import {KubeApiError, UsageError} from '../errors.js'

/**
 * Where the cluster's Kubernetes API answers, as DescribeCluster returns it: `endpoint` and the
 * base64 PEM of `certificateAuthority.data`, which is the only CA the API's certificate chains to.
 * https://docs.aws.amazon.com/eks/latest/APIReference/API_Cluster.html
 */
export interface KubeTarget {
  clusterName: string
  endpoint: string
  caData?: string
}

/** The test bed's fake API server. Honoured only against the local emulator (loopback, PLATFORM_EMULATOR). */
export const KUBE_ENDPOINT_OVERRIDE = 'PLATFORM_KUBE_ENDPOINT_URL'

// A list is a few kilobytes; an API that has not answered in 15 s is not reachable from here
// (a private-only endpoint drops the connection attempt rather than refusing it).
const TIMEOUT_MS = 15_000
const PAGE = 500

/**
 * Read-only access to one cluster's Kubernetes API: GET of collections, paginated. There is
 * no other verb, so the audit cannot change the cluster whatever a caller asks. The remedies
 * name AmazonEKSAdminViewPolicy, the access policy that lists every resource type (custom
 * ones such as SecurityGroupPolicy included):
 * https://docs.aws.amazon.com/eks/latest/userguide/access-policy-permissions.html
 */
export class KubeReader {
  private readonly url: URL
  private readonly ca: string | undefined
  constructor(
    target: KubeTarget,
    private readonly token: () => Promise<string>,
  ) {
    const override = process.env[KUBE_ENDPOINT_OVERRIDE]
    if (override) {
      if (!isLocalEmulator() || !isLoopback(override))
        throw new UsageError(
          `${KUBE_ENDPOINT_OVERRIDE} is set outside the local emulator: the cluster's own endpoint is always used against AWS.`,
          `Unset ${KUBE_ENDPOINT_OVERRIDE}; it points the test bed at its fake Kubernetes API.`,
        )
      this.url = new URL(override)
    } else if (isLocalEmulator())
      // moto answers DescribeCluster with an endpoint under eks.amazonaws.com that serves
      // nothing (gap eks-no-kubernetes-api): never leave loopback for it.
      throw new KubeApiError(
        'The local emulator has no Kubernetes API for the cluster.',
        `Set ${KUBE_ENDPOINT_OVERRIDE} to the test bed's fake Kubernetes API (test/helpers/fake-kube.ts).`,
        'KUBE_EMULATOR',
      )
    else this.url = new URL(target.endpoint)
    if (!override && this.url.protocol !== 'https:')
      throw new KubeApiError(
        `The Kubernetes API endpoint of ${target.clusterName} is not HTTPS: ${target.endpoint}`,
        'Check the cluster in the EKS console.',
        'KUBE_ENDPOINT',
      )
    this.ca = target.caData ? Buffer.from(target.caData, 'base64').toString('utf8') : undefined
  }

  /** Every item of a collection (`/api/v1/namespaces/app/pods`), following `metadata.continue`. */
  async list(path: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = []
    let next: string | undefined
    do {
      const query = new URLSearchParams({limit: String(PAGE), ...(next ? {continue: next} : {})})
      const page = await this.get(`${path}?${query}`)
      if (page === undefined) return items
      items.push(...((page.items as Record<string, unknown>[] | undefined) ?? []))
      const meta = page.metadata as {continue?: string} | undefined
      next = meta?.continue || undefined
    } while (next)
    return items
  }

  /** One GET; undefined on 404 (a collection whose resource type the cluster does not serve). */
  private async get(pathAndQuery: string): Promise<Record<string, unknown> | undefined> {
    const token = await this.token()
    const url = new URL(pathAndQuery, this.url)
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest
    const {status, body} = await new Promise<{status: number; body: string}>((resolve, reject) => {
      const req = send(
        url,
        {
          method: 'GET',
          headers: {authorization: `Bearer ${token}`, accept: 'application/json'},
          ...(url.protocol === 'https:' && this.ca ? {ca: this.ca} : {}),
          timeout: TIMEOUT_MS,
        },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () => resolve({status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8')}))
          res.on('error', reject)
        },
      )
      req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), {code: 'ETIMEDOUT'})))
      req.on('error', reject)
      req.end()
    }).catch((err: NodeJS.ErrnoException) => {
      throw new KubeApiError(
        `The Kubernetes API at ${this.url.origin} could not be reached (${err.code ?? err.message}).`,
        'Run the audit where the cluster endpoint is reachable (inside the VPC for a private endpoint, or from a CIDR in publicAccessCidrs).',
        'KUBE_UNREACHABLE',
        err,
      )
    })
    if (status === 404) return undefined
    if (status === 401)
      throw new KubeApiError(
        'The Kubernetes API refused the token (401): the caller has no access entry in the cluster.',
        "Give the audit's IAM identity an access entry with AmazonEKSAdminViewPolicy (clusterAdminRoleArns in the config, or an entry of its own).",
        'KUBE_UNAUTHORIZED',
      )
    if (status === 403)
      throw new KubeApiError(
        `The Kubernetes API refused to list ${pathAndQuery.split('?')[0]} (403).`,
        "Associate AmazonEKSAdminViewPolicy with the audit identity's access entry: it reads every resource type, custom ones included.",
        'KUBE_FORBIDDEN',
      )
    if (status < 200 || status >= 300)
      throw new KubeApiError(
        `The Kubernetes API answered HTTP ${status} to ${pathAndQuery.split('?')[0]}.`,
        'Try again; if it persists, check the cluster in the EKS console.',
        `KUBE_HTTP_${status}`,
      )
    try {
      return JSON.parse(body) as Record<string, unknown>
    } catch {
      throw new KubeApiError(
        `The Kubernetes API answered ${pathAndQuery.split('?')[0]} with something that is not JSON.`,
        'Check that the endpoint is the cluster API.',
        'KUBE_NOT_JSON',
      )
    }
  }
}
