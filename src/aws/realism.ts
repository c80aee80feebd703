/**
 * The test bed's "AWS-like" mode: the emulator answers at once and is always consistent; AWS is
 * neither (../shared/notes/moto.md, "Where moto is kinder than AWS"). This middleware, placed
 * right after the SDK's retry step like the fault injection, makes the emulator behave as AWS
 * documents:
 * - eventual consistency: for `consistencyMs` after a create, a mutating call that names the new
 *   id (or bucket, or role) is answered with AWS's own "does not exist" error, without reaching
 *   the emulator (EC2: https://docs.aws.amazon.com/ec2/latest/devguide/eventual-consistency.html;
 *   S3 NoSuchBucket and IAM "Invalid principal in policy": the retries terraform ships, cited in
 *   eventual.ts);
 * - asynchronous states: for `pendingMs` after a create, NAT gateways read `pending`, EKS clusters
 *   and Fargate profiles `CREATING`, Aurora clusters and instances `creating`, CloudFront
 *   distributions `InProgress`, certificates `PENDING_VALIDATION` (their DNS records appear only
 *   after a third of it, as ACM fills them in late).
 * Inert unless PLATFORM_TEST_REALISM is set ("consistencyMs=3000,pendingMs=4000,settleScale=0.05");
 * refused unless the endpoint is on this machine (clients.ts).
 */
import {isReadOnlyOperation} from './recorder.js'

export interface RealismSpec {
  consistencyMs: number
  pendingMs: number
  /** Shrinks the waits for AWS to settle (eventual.ts) to the test bed's times. */
  settleScale: number
}

export function parseRealismSpec(text: string | undefined): RealismSpec | undefined {
  if (!text) return undefined
  const kv = Object.fromEntries(text.split(',').map((p) => p.split('=') as [string, string]))
  return {
    consistencyMs: Number(kv.consistencyMs ?? 3_000),
    pendingMs: Number(kv.pendingMs ?? 4_000),
    settleScale: Number(kv.settleScale ?? 0.05),
  }
}

/** EC2 id prefixes and the code AWS answers while such an id has not propagated. */
const EC2_NOT_FOUND: Record<string, string> = {
  vpc: 'InvalidVpcID.NotFound',
  subnet: 'InvalidSubnetID.NotFound',
  rtb: 'InvalidRouteTableID.NotFound',
  igw: 'InvalidInternetGatewayID.NotFound',
  sg: 'InvalidGroup.NotFound',
  eipalloc: 'InvalidAllocationID.NotFound',
  nat: 'InvalidNatGatewayID.NotFound',
}
const EC2_ID = /^(vpc|subnet|rtb|igw|sg|eipalloc|nat)-[0-9a-f]+$/
/** The id each EC2 create makes (its answer also names older ids, which are not new). */
const EC2_CREATES: Record<string, string> = {
  CreateVpc: 'vpc',
  CreateSubnet: 'subnet',
  CreateRouteTable: 'rtb',
  CreateInternetGateway: 'igw',
  CreateSecurityGroup: 'sg',
  AllocateAddress: 'eipalloc',
  CreateNatGateway: 'nat',
}

/** What was created when, by id (EC2), bucket name, role/provider ARN, or async resource name. */
export class AwsLikeState {
  readonly created = new Map<string, number>()
  /**
   * Parameter changes waiting for a reboot, as RDS keeps them: by cluster (a new cluster
   * parameter group) or by group (a pending-reboot parameter), each with the instances rebooted
   * since. Not timed: on AWS they wait for a reboot however long it takes.
   */
  readonly rebootNeeded = {clusters: new Map<string, Set<string>>(), groups: new Map<string, Set<string>>()}
  /** Answers this mode gave instead of the emulator's, by kind, for the test's figures. */
  readonly injected = {notFound: 0, pending: 0}

  constructor(
    readonly spec: RealismSpec,
    private readonly now: () => number = Date.now,
  ) {}

  made(key: string): void {
    if (!this.created.has(key)) this.created.set(key, this.now())
  }

  /** Created less than `ms` ago. */
  fresh(key: string, ms: number): boolean {
    const t = this.created.get(key)
    return t !== undefined && this.now() - t < ms
  }
}

type Input = Record<string, unknown>
type Output = {output?: Record<string, unknown>}
type Next = (args: unknown) => Promise<Output>
type Ctx = {clientName?: string; commandName?: string}

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value)
  else if (Array.isArray(value)) for (const v of value) strings(v, out)
  else if (value && typeof value === 'object') for (const v of Object.values(value)) strings(v, out)
  return out
}

export function awsError(code: string, message: string, status = 400): Error {
  return Object.assign(new Error(message), {name: code, $fault: 'client', $metadata: {httpStatusCode: status}})
}

/** The AWS answer a mutating call gets while something it names has not propagated, if any. */
export function notYetAnswer(state: AwsLikeState, service: string, operation: string, input: Input): Error | undefined {
  const ms = state.spec.consistencyMs
  if (isReadOnlyOperation(operation) || /^(Delete|Release|Disassociate|Detach|Deregister)/.test(operation))
    return undefined
  if (service === 'EC2') {
    const id = strings(input).find((s) => EC2_ID.test(s) && state.fresh(s, ms))
    if (!id) return undefined
    const code = EC2_NOT_FOUND[id.split('-')[0]!]!
    return awsError(code, `The ${id.split('-')[0]} ID '${id}' does not exist`)
  }
  if (service === 'S3' && operation.startsWith('Put') && state.fresh(`s3:${String(input.Bucket)}`, ms))
    return awsError('NoSuchBucket', 'The specified bucket does not exist', 404)
  if (service === 'EKS' && operation === 'CreateCluster' && state.fresh(String(input.roleArn), ms))
    return awsError('InvalidParameterException', 'Role could not be assumed because the trusted entity is not correct')
  if (service === 'EKS' && operation === 'CreateFargateProfile' && state.fresh(String(input.podExecutionRoleArn), ms))
    return awsError(
      'InvalidParameterException',
      'Misconfigured PodExecutionRole Trust Policy; Please add the eks-fargate-pods.amazonaws.com Service Principal',
    )
  if (service === 'IAM' && (operation === 'CreateRole' || operation === 'UpdateAssumeRolePolicy')) {
    const doc = decodeURIComponent(String(input.AssumeRolePolicyDocument ?? input.PolicyDocument ?? ''))
    const principal = [...state.created.keys()].find(
      (k) => k.startsWith('arn:') && doc.includes(k) && state.fresh(k, ms),
    )
    if (principal) return awsError('MalformedPolicyDocument', `Invalid principal in policy: "${principal}"`)
  }
  return undefined
}

/** Notes what a successful create made, under the key later calls name it by. */
export function recordCreation(state: AwsLikeState, service: string, operation: string, input: Input, output: Input) {
  if (!/^(Create|Allocate|Request)/.test(operation)) return
  const prefix = EC2_CREATES[operation]
  if (service === 'EC2' && prefix) {
    const id = strings(output).find((s) => s.startsWith(`${prefix}-`) && EC2_ID.test(s))
    if (id) state.made(id)
  }
  if (service === 'S3' && operation === 'CreateBucket') state.made(`s3:${String(input.Bucket)}`)
  if (service === 'IAM') {
    const role = (output.Role as {Arn?: string} | undefined)?.Arn
    if (role) state.made(role)
    if (typeof output.OpenIDConnectProviderArn === 'string') state.made(output.OpenIDConnectProviderArn)
  }
  if (service === 'EKS' && operation === 'CreateCluster') state.made(`eks:${String(input.name)}`)
  if (service === 'EKS' && operation === 'CreateFargateProfile')
    state.made(`eks-fp:${String(input.fargateProfileName)}`)
  if (service === 'RDS' && operation === 'CreateDBCluster') state.made(`rds:${String(input.DBClusterIdentifier)}`)
  if (service === 'RDS' && operation === 'CreateDBInstance') state.made(`rds:${String(input.DBInstanceIdentifier)}`)
  if (service === 'CloudFront' && operation.startsWith('CreateDistribution'))
    state.made(`cf:${String((output.Distribution as {Id?: string} | undefined)?.Id)}`)
  if (service === 'ACM' && operation === 'RequestCertificate') state.made(`acm:${String(output.CertificateArn)}`)
}

/**
 * What RDS does with cluster parameter changes: a cluster given another group, or a group given a
 * `pending-reboot` parameter, shows its members `pending-reboot` until each is rebooted
 * (Aurora UG USER_WorkingWithParamGroups.Associating and .Modifying). moto always says in-sync.
 */
export function recordRebootState(state: AwsLikeState, service: string, operation: string, input: Input) {
  if (service !== 'RDS') return
  if (operation === 'ModifyDBCluster' && typeof input.DBClusterParameterGroupName === 'string')
    state.rebootNeeded.clusters.set(String(input.DBClusterIdentifier), new Set())
  if (
    operation === 'ModifyDBClusterParameterGroup' &&
    each(input.Parameters).some((p) => p.ApplyMethod === 'pending-reboot')
  )
    state.rebootNeeded.groups.set(String(input.DBClusterParameterGroupName), new Set())
  if (operation === 'RebootDBInstance')
    for (const done of [...state.rebootNeeded.clusters.values(), ...state.rebootNeeded.groups.values()])
      done.add(String(input.DBInstanceIdentifier))
}

type Obj = Record<string, unknown>
const each = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : v && typeof v === 'object' ? [v as Obj] : [])

/** Rewrites a read (or a create's answer) to show what AWS would still be doing. */
export function presentPending(state: AwsLikeState, service: string, output: Obj): void {
  const ms = state.spec.pendingMs
  const pending = (key: string, set: () => void) => {
    if (!state.fresh(key, ms)) return
    set()
    state.injected.pending++
  }
  if (service === 'EC2')
    for (const n of [...each(output.NatGateway), ...each(output.NatGateways)])
      pending(String(n.NatGatewayId), () => (n.State = 'pending'))
  if (service === 'EKS') {
    for (const c of each(output.cluster)) pending(`eks:${String(c.name)}`, () => (c.status = 'CREATING'))
    for (const f of each(output.fargateProfile))
      pending(`eks-fp:${String(f.fargateProfileName)}`, () => (f.status = 'CREATING'))
  }
  if (service === 'RDS') {
    for (const c of [...each(output.DBCluster), ...each(output.DBClusters)])
      pending(`rds:${String(c.DBClusterIdentifier)}`, () => (c.Status = 'creating'))
    for (const c of [...each(output.DBCluster), ...each(output.DBClusters)]) {
      const rebooted =
        state.rebootNeeded.clusters.get(String(c.DBClusterIdentifier)) ??
        state.rebootNeeded.groups.get(String(c.DBClusterParameterGroup))
      if (rebooted)
        for (const m of each(c.DBClusterMembers))
          if (!rebooted.has(String(m.DBInstanceIdentifier))) {
            m.DBClusterParameterGroupStatus = 'pending-reboot'
            state.injected.pending++
          }
    }
    for (const i of [...each(output.DBInstance), ...each(output.DBInstances)])
      pending(`rds:${String(i.DBInstanceIdentifier)}`, () => (i.DBInstanceStatus = 'creating'))
  }
  if (service === 'CloudFront')
    for (const d of each(output.Distribution)) pending(`cf:${String(d.Id)}`, () => (d.Status = 'InProgress'))
  if (service === 'ACM')
    for (const c of each(output.Certificate)) {
      const key = `acm:${String(c.CertificateArn)}`
      pending(key, () => (c.Status = 'PENDING_VALIDATION'))
      // Not validated while pending; ACM publishes the records some seconds after the request.
      if (state.fresh(key, ms))
        for (const o of each(c.DomainValidationOptions)) o.ValidationStatus = 'PENDING_VALIDATION'
      if (state.fresh(key, ms / 3)) for (const o of each(c.DomainValidationOptions)) delete o.ResourceRecord
    }
}

/** The middleware: added with `relation: 'after', toMiddleware: 'retryMiddleware'`. */
export function realismMiddleware(state: AwsLikeState) {
  return (next: Next, context: Ctx) => async (args: unknown) => {
    const service = (context.clientName ?? 'Unknown').replace(/Client$/, '')
    const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '')
    const input = ((args as {input?: Input}).input ?? {}) as Input
    const refusal = notYetAnswer(state, service, operation, input)
    if (refusal) {
      state.injected.notFound++
      throw refusal
    }
    const out = await next(args)
    const output = out.output ?? {}
    recordCreation(state, service, operation, input, output)
    recordRebootState(state, service, operation, input)
    presentPending(state, service, output)
    return out
  }
}
