/**
 * AWS is eventually consistent: right after a create, the next call about the new resource (or
 * one that names it) may answer "not found", and right after a delete, what depended on it may
 * still hold on for minutes. This is the one place that retries exactly those answers, with
 * backoff, for a bounded time: an error that means "not yet" by AWS's documentation (or by the
 * retries terraform-provider-aws ships for it), for the operations where it can mean that.
 * Anything else fails at once. Used by provision and destroy only: the audit reads what is there
 * and never waits for AWS to settle (clients.ts installs this only on mutating access).
 */
import {errorCode} from './errors.js'
import {whileWaiting} from '../reconcile/slots.js'

export interface NotYetRule {
  /** SDK client name without "Client": EC2, S3, IAM, EKS, WAFV2, ElasticLoadBalancingV2, ACM. */
  service: string
  operations: RegExp
  codes: RegExp
  /** Only when the message also says this (one code, many meanings: InvalidParameterException). */
  message?: RegExp
  /** How long AWS is documented (or observed) to take to settle. */
  timeoutMs: number
  /** Shown while waiting: what AWS is still doing. */
  why: string
}

const MINUTE = 60_000

/** EC2 mutations that name another resource: not deletes, which take NotFound as "already gone". */
const EC2_MUTATIONS_NAMING_A_RESOURCE =
  /^(Create(?!Vpc$|InternetGateway$)|Modify|Associate|Attach|Authorize|RevokeSecurityGroup|Replace)/
/** The codes EC2 answers while a new id has not propagated (terraform's ec2/errors.go lists the same). */
const EC2_NEW_ID_NOT_FOUND =
  /^(Invalid(Vpc|Subnet|RouteTable|InternetGateway|Gateway|Allocation|NatGateway|SecurityGroup|PrefixList|NetworkAcl)ID\.NotFound|InvalidGroup\.NotFound|NatGatewayNotFound)$/

export const NOT_YET_RULES: readonly NotYetRule[] = [
  {
    // https://docs.aws.amazon.com/ec2/latest/devguide/eventual-consistency.html: "if you run a command
    // to modify or describe the resource that you just created, its ID might not have propagated
    // throughout the system, and you will get an error responding that the resource does not exist."
    // terraform: ec2PropagationTimeout = 5 minutes, citing the same page.
    service: 'EC2',
    operations: EC2_MUTATIONS_NAMING_A_RESOURCE,
    codes: EC2_NEW_ID_NOT_FOUND,
    timeoutMs: 5 * MINUTE,
    why: 'a new EC2 id has not propagated yet',
  },
  {
    // A security group, subnet, internet gateway or VPC is held by network interfaces that AWS
    // removes minutes after the load balancer, NAT gateway or Fargate pod that owned them
    // (hashicorp/terraform#3758, #11047: "there is a delay between the instance being destroyed and
    // its network interface being destroyed"); terraform waits up to 20 minutes for subnets.
    service: 'EC2',
    operations: /^(Delete(SecurityGroup|Subnet|Vpc|InternetGateway|RouteTable)|DetachInternetGateway)$/,
    codes: /^DependencyViolation$/,
    timeoutMs: 20 * MINUTE,
    why: 'network interfaces of a deleted resource still hold it',
  },
  {
    // terraform s3/bucket.go: every bucket sub-resource Put retries NoSuchBucket for
    // bucketPropagationTimeout (2 minutes), citing
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/Welcome.html#ConsistencyModel
    // ("Bucket configurations have an eventual consistency model"); PutBucketEncryption also
    // retries OperationAborted.
    service: 'S3',
    operations: /^Put(Bucket|PublicAccessBlock)/,
    codes: /^(NoSuchBucket|OperationAborted)$/,
    timeoutMs: 2 * MINUTE,
    why: 'a new bucket has not propagated yet',
  },
  {
    // S3 UG (same page): "If you enable versioning on a bucket for the first time, it might take a
    // short amount of time for the change to be fully propagated"; terraform retries
    // PutBucketReplication's InvalidRequest "Versioning must be 'Enabled' on the bucket".
    service: 'S3',
    operations: /^PutBucketReplication$/,
    codes: /^InvalidRequest$/,
    message: /Versioning must be 'Enabled'/,
    timeoutMs: 2 * MINUTE,
    why: 'versioning just enabled has not propagated yet',
  },
  {
    // IAM eventual consistency
    // (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency);
    // terraform iam/role.go retries CreateRole and UpdateAssumeRolePolicy on MalformedPolicyDocument
    // "Invalid principal in policy" for propagationTimeout (2 minutes): a role trusting an OIDC
    // provider or a role created seconds earlier.
    service: 'IAM',
    operations: /^(CreateRole|UpdateAssumeRolePolicy)$/,
    codes: /^MalformedPolicyDocument(Exception)?$/,
    message: /Invalid principal in policy/,
    timeoutMs: 2 * MINUTE,
    why: 'a principal created seconds ago is not visible to IAM yet',
  },
  {
    // terraform eks/cluster.go wraps CreateCluster in a retry on InvalidParameterException whose
    // message says the new role is not usable yet ("does not exist", "Role could not be assumed
    // because the trusted entity is not correct", "Error in role params", "The provided role
    // doesn't have the Amazon EKS Managed Policies associated with it", "IAM role's policy must
    // include"); Fargate profiles meet the same with their pod execution role.
    service: 'EKS',
    operations: /^(CreateCluster|CreateFargateProfile|CreateAccessEntry)$/,
    codes: /^InvalidParameterException$/,
    message:
      /does not exist|Role could not be assumed|Error in role params|doesn't have the Amazon EKS Managed Policies|IAM role's policy must include|Misconfigured PodExecutionRole Trust Policy/,
    timeoutMs: 2 * MINUTE,
    why: 'a role created seconds ago is not usable by EKS yet',
  },
  {
    // terraform wafv2/web_acl.go and web_acl_association.go retry WAFUnavailableEntityException for
    // 5 minutes (hashicorp/terraform-provider-aws#17527): "AWS WAF couldn't retrieve the resource
    // that you requested. Retry your request." PutLoggingConfiguration is retried defensively: no
    // source documents it there, and the message itself says to retry.
    service: 'WAFV2',
    operations: /^(CreateWebACL|UpdateWebACL|AssociateWebACL|PutLoggingConfiguration)$/,
    codes: /^WAFUnavailableEntityException$/,
    timeoutMs: 5 * MINUTE,
    why: 'WAF has not propagated the web ACL yet',
  },
  {
    // A certificate just issued is not yet visible to the load balancer: terraform retries
    // CreateListener (hashicorp/terraform#10180, 5 minutes) and ModifyListener
    // (hashicorp/terraform-provider-aws#3901) on CertificateNotFound.
    service: 'ElasticLoadBalancingV2',
    operations: /^(CreateListener|ModifyListener)$/,
    codes: /^CertificateNotFound(Exception)?$/,
    timeoutMs: 5 * MINUTE,
    why: 'the certificate is not visible to the load balancer yet',
  },
  {
    // A target group stays "in use" until the listener that forwarded to it is gone from every
    // load balancer node; the load balancer's deletion releases its listeners asynchronously.
    service: 'ElasticLoadBalancingV2',
    operations: /^DeleteTargetGroup$/,
    codes: /^ResourceInUse(Exception)?$/,
    timeoutMs: 10 * MINUTE,
    why: 'a deleted listener still references the target group',
  },
  {
    // ACM keeps a certificate "in use" (InUseBy) until CloudFront or the load balancer that used
    // it has released it, minutes after their own deletion
    // (https://docs.aws.amazon.com/acm/latest/APIReference/API_DeleteCertificate.html:
    // "You cannot delete an ACM certificate that is being used by another AWS service").
    service: 'ACM',
    operations: /^DeleteCertificate$/,
    codes: /^ResourceInUseException$/,
    timeoutMs: 30 * MINUTE,
    why: 'a deleted distribution or load balancer still holds the certificate',
  },
]

export function notYetRule(
  service: string,
  operation: string,
  err: unknown,
  rules: readonly NotYetRule[] = NOT_YET_RULES,
): NotYetRule | undefined {
  const code = errorCode(err)
  const message = (err as {message?: string})?.message ?? ''
  return rules.find(
    (r) =>
      r.service === service &&
      r.operations.test(operation) &&
      r.codes.test(code) &&
      (!r.message || r.message.test(message)),
  )
}

export interface SettleOptions {
  sleep?: (ms: number) => Promise<void>
  now?: () => number
  /** Scales every rule's timeout and delay: the test bed's simulated AWS settles in seconds. */
  scale?: number
  onRetry?: (service: string, rule: NotYetRule, waitedMs: number) => void
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

/**
 * Sends `call` until it answers with anything other than a "not yet" of `rules`, or the rule's
 * time is up (then AWS's own error goes to the caller, unchanged). Backoff starts at 2 s and
 * grows to 20 s, as the EC2 page advises ("starting with a couple of seconds of wait time, and
 * increasing gradually"); the sleep holds no concurrency slot.
 */
export async function untilSettled<T>(
  service: string,
  operation: string,
  call: () => Promise<T>,
  opts: SettleOptions = {},
  rules: readonly NotYetRule[] = NOT_YET_RULES,
): Promise<T> {
  const sleep = opts.sleep ?? realSleep
  const now = opts.now ?? Date.now
  const scale = opts.scale ?? 1
  const started = now()
  let delay = 2_000 * scale
  for (;;) {
    try {
      return await call()
    } catch (err) {
      const rule = notYetRule(service, operation, err, rules)
      const waited = now() - started
      if (!rule || waited + delay > rule.timeoutMs * scale) throw err
      opts.onRetry?.(service, rule, waited)
      await whileWaiting(() => sleep(delay))
      delay = Math.min(20_000 * scale, Math.round(delay * 1.5))
    }
  }
}
