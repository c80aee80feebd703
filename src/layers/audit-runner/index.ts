import {actionsFor} from '../../iam-policy/actions.js'
import {CODE_CALLS} from '../../iam-policy/declarations.js'
import {policyFor} from '../../iam-policy/policy.js'
import type {EngineContext, LayerDef} from '../../reconcile/types.js'
import {RESOURCES} from '../../resources.js'
import {fargateProfileResource} from '../eks/index.js'
import {roleResource} from '../iam/role.js'
import type {PolicyDocument} from '../iam/policy.js'
import {irsaTrust} from '../velero/index.js'

const uniq = (xs: string[]) => [...new Set(xs)].sort()
/** Bucket-level S3 actions take the bucket's ARN; object-level ones the objects' (Service Authorization Reference, Amazon S3 resource types). */
const BUCKET_LEVEL = new Set(['s3:ListBucket', 's3:ListBucketVersions', 's3:GetBucketObjectLockConfiguration'])

/**
 * `audit --store` each night: read the previous run (the hash chain's last link, --compare-to
 * last) and write tonight's report and bundle write-once (PutObject with Object Lock headers
 * needs s3:PutObjectRetention). Only under the store's prefix: the listing is limited by the
 * s3:prefix condition key, the objects by their ARN.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/amazon-s3-policy-keys.html
 */
export function storePolicy(store: {bucket: string; prefix: string}): PolicyDocument {
  const actions = uniq([...CODE_CALLS.historyRead, ...CODE_CALLS.evidenceUpload].flatMap(actionsFor))
  const prefix = store.prefix ? `${store.prefix}/` : ''
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'StoreObjects',
        Effect: 'Allow',
        Action: actions.filter((a) => !BUCKET_LEVEL.has(a)),
        Resource: [`arn:aws:s3:::${store.bucket}/${prefix}*`],
      },
      {
        Sid: 'StoreListing',
        Effect: 'Allow',
        Action: actions.filter((a) => BUCKET_LEVEL.has(a) && a !== 's3:GetBucketObjectLockConfiguration'),
        Resource: [`arn:aws:s3:::${store.bucket}`],
        Condition: {StringLike: {'s3:prefix': [`${prefix}*`]}},
      },
      {
        Sid: 'StoreLock',
        Effect: 'Allow',
        Action: ['s3:GetBucketObjectLockConfiguration'],
        Resource: [`arn:aws:s3:::${store.bucket}`],
      },
    ],
  }
}

/** The runner's inline policies: the generated audit policy as shipped, the store, and any role it audits other accounts with. */
export function auditRunnerPolicies(ctx: EngineContext): Record<string, PolicyDocument> {
  const r = ctx.design.auditRunner
  const signingKey = ctx.design.kms.evidenceSigningAlias ? ctx.need(RESOURCES.evidenceSigningKey).arn : undefined
  return {
    // policies/audit.json: only reads, by the same rule the audit's read-only guard applies.
    audit: policyFor('audit') as PolicyDocument,
    ...(r.store ? {'evidence-store': storePolicy(r.store)} : {}),
    ...(r.assumeRoleArns.length
      ? {
          'audit-accounts': {
            Version: '2012-10-17',
            Statement: [
              {Sid: 'AuditAccounts', Effect: 'Allow', Action: ['sts:AssumeRole'], Resource: r.assumeRoleArns},
            ],
          },
        }
      : {}),
    // With evidenceSigningKey: the stored bundle is signed (audit --store --sign-key).
    ...(signingKey
      ? {
          'evidence-signing': {
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'EvidenceSigning',
                Effect: 'Allow',
                Action: uniq(CODE_CALLS.signing.flatMap(actionsFor)),
                Resource: [signingKey],
              },
            ],
          },
        }
      : {}),
  }
}

/**
 * environments.ENV.auditRunner (issue 13, off by default): the nightly audit as a Kubernetes
 * CronJob in this cluster (`platform manifests --component audit-runner`) needs an AWS identity
 * and a place to run. Fargate runs a pod only in a namespace a profile selects (EKS UG
 * fargate-profile), and a pod gets AWS credentials only through IRSA: a role whose trust names
 * the service account (EKS UG associate-service-account-role). Without the opt-in the layer
 * has no resources, so environments without it (the recorded fixtures) are unchanged.
 */
export const auditRunnerLayer: LayerDef = {
  name: 'audit-runner',
  description:
    'Only with environments.ENV.auditRunner: the nightly audit runner’s IRSA role (read-only audit policy, write to the evidence store prefix) and its Fargate profile',
  dependsOn: ['eks', 'kms', 'velero'],
  steps: (ctx) => {
    const r = ctx.design.auditRunner
    if (!r.enabled) return []
    return [
      [
        roleResource({
          key: RESOURCES.auditRunnerRole,
          name: r.role,
          description: `The nightly audit (IRSA: service account ${r.namespace}/${r.serviceAccount})`,
          requirements: ['baseline.ops.audit-runner'],
          needs: [
            RESOURCES.oidcProvider,
            RESOURCES.eksCluster,
            ...(ctx.design.kms.evidenceSigningAlias ? [RESOURCES.evidenceSigningKey] : []),
          ],
          trust: (c) => irsaTrust(c, r.namespace, r.serviceAccount),
          managedPolicies: [],
          inline: auditRunnerPolicies,
        }),
      ],
      // A step of its own: EKS refuses concurrent Fargate profile operations on one cluster.
      [fargateProfileResource(r.profile)],
    ]
  },
}
