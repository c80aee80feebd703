import {
  CreateOpenIDConnectProviderCommand,
  DeleteOpenIDConnectProviderCommand,
  GetOpenIDConnectProviderCommand,
  IAMClient,
  ListOpenIDConnectProvidersCommand,
  TagOpenIDConnectProviderCommand,
} from '@aws-sdk/client-iam'
import {emulatorHasGap} from '../../aws/emulator.js'
import {isOwned} from '../../aws/naming.js'
import type {EngineContext, LayerDef, ResourceDef} from '../../reconcile/types.js'
import {roleResource} from '../iam/role.js'
import {bucketResource} from '../s3/bucket.js'
import {desiredTags, tagList, tagMap, tagsField} from '../tags.js'
import {RESOURCES, type ArnOutputs} from '../../resources.js'
import {present} from '../../aws/present.js'
import {lbControllerPolicy} from './lb-controller-policy.js'

const iam = (ctx: EngineContext) => ctx.aws.client(IAMClient, ctx.design.region)
const issuerHostPath = (ctx: EngineContext) =>
  (ctx.ref(RESOURCES.eksCluster)?.oidcIssuer ?? '').replace(/^https:\/\//, '')
export const VELERO_NAMESPACE = 'velero'
export const VELERO_SERVICE_ACCOUNT = 'velero'
/** Where the controller's Helm chart puts its service account (installation guide, "Configure IAM"). */
export const LB_CONTROLLER_NAMESPACE = 'kube-system'
export const LB_CONTROLLER_SERVICE_ACCOUNT = 'aws-load-balancer-controller'

interface LiveProvider {
  arn: string
  clientIds: string[]
  tags: Record<string, string>
  /** Emulator only: another environment's provider for the same (shared) issuer. */
  borrowed?: boolean
}

/** The cluster's OIDC issuer as an IAM identity provider: pods on Fargate get AWS roles only through it (IRSA). */
function oidcProviderResource(): ResourceDef<LiveProvider, ArnOutputs> {
  const key = RESOURCES.oidcProvider
  return {
    key,
    name: 'eks oidc provider',
    requirements: ['backup.eks-velero'],
    needs: [RESOURCES.eksCluster],
    async find(ctx) {
      const list = await iam(ctx).send(new ListOpenIDConnectProvidersCommand({}))
      const arn = list.OpenIDConnectProviderList?.map((p) => p.Arn!).find((a) =>
        a.endsWith(`:oidc-provider/${issuerHostPath(ctx)}`),
      )
      if (!arn) return undefined
      const p = await iam(ctx).send(new GetOpenIDConnectProviderCommand({OpenIDConnectProviderArn: arn}))
      const tags = tagMap(p.Tags)
      if (!isOwned(tags, ctx.design.project, ctx.design.env) && emulatorHasGap('eks-oidc-issuer-not-unique')) {
        return {
          arn,
          clientIds: [...(p.ClientIDList ?? [])].sort(),
          tags: desiredTags(ctx, key, `${ctx.design.eks.name}-oidc`),
          borrowed: true,
        }
      }
      return {arn, clientIds: [...(p.ClientIDList ?? [])].sort(), tags}
    },
    async create(ctx) {
      const tags = desiredTags(ctx, key, `${ctx.design.eks.name}-oidc`)
      // No thumbprint: IAM secures EKS issuers with its own trusted root CAs.
      const res = await iam(ctx).send(
        new CreateOpenIDConnectProviderCommand({
          Url: ctx.ref(RESOURCES.eksCluster)?.oidcIssuer,
          ClientIDList: ['sts.amazonaws.com'],
          Tags: tagList(tags),
        }),
      )
      return {
        arn: present(res.OpenIDConnectProviderArn, 'OpenIDConnectProviderArn'),
        clientIds: ['sts.amazonaws.com'],
        tags,
      }
    },
    owned: (l, ctx) => isOwned(l.tags, ctx.design.project, ctx.design.env),
    fields: (ctx) => [
      {
        path: 'clientIds',
        requirement: 'backup.eks-velero',
        expected: ['sts.amazonaws.com'],
        actual: (l) => l.clientIds,
        immutable: true,
      },
      tagsField(desiredTags(ctx, key, `${ctx.design.eks.name}-oidc`), (l) => l.tags),
    ],
    async update(ctx, live, changes) {
      const t = changes.find((c) => c.path === 'tags')
      if (t)
        await iam(ctx).send(
          new TagOpenIDConnectProviderCommand({
            OpenIDConnectProviderArn: live.arn,
            Tags: tagList(t.expected as Record<string, string>),
          }),
        )
    },
    async delete(ctx, live) {
      if (live.borrowed) return
      await iam(ctx).send(new DeleteOpenIDConnectProviderCommand({OpenIDConnectProviderArn: live.arn}))
    },
    outputs: (l) => ({arn: l.arn}),
    physicalId: (l) => l.arn,
  }
}

/**
 * IRSA: only the named service account of this cluster may assume the role, with the audience
 * STS expects. https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
 */
export function irsaTrust(c: EngineContext, namespace: string, serviceAccount: string) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: {Federated: c.ref(RESOURCES.oidcProvider)?.arn},
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            [`${issuerHostPath(c)}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`,
            [`${issuerHostPath(c)}:aud`]: 'sts.amazonaws.com',
          },
        },
      },
    ],
  }
}

/** What the Velero AWS plugin needs: its bucket, EBS snapshots, and the key that encrypts the bucket. */
function veleroPolicy(ctx: EngineContext) {
  const bucket = `arn:aws:s3:::${ctx.design.velero.bucket}`
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Snapshots',
        Effect: 'Allow',
        Action: [
          'ec2:DescribeVolumes',
          'ec2:DescribeSnapshots',
          'ec2:CreateTags',
          'ec2:CreateVolume',
          'ec2:CreateSnapshot',
          'ec2:DeleteSnapshot',
        ],
        Resource: '*',
      },
      {
        Sid: 'BackupObjects',
        Effect: 'Allow',
        Action: [
          's3:GetObject',
          's3:DeleteObject',
          's3:PutObject',
          's3:AbortMultipartUpload',
          's3:ListMultipartUploadParts',
        ],
        Resource: [`${bucket}/*`],
      },
      {Sid: 'BackupBucket', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: [bucket]},
      {
        Sid: 'BucketKey',
        Effect: 'Allow',
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: [ctx.ref(RESOURCES.kmsKey)?.arn],
      },
    ],
  }
}

export const veleroLayer: LayerDef = {
  name: 'velero',
  description:
    'Velero (section 8.3, AWS side): backup bucket with 30-day expiry, IRSA role; the IRSA role of the AWS Load Balancer Controller',
  dependsOn: ['eks', 'kms'],
  steps: (ctx) => [
    [
      bucketResource({
        key: RESOURCES.veleroBucket,
        name: ctx.design.velero.bucket,
        region: (c) => c.design.region,
        requirements: {
          encryption: 'backup.eks-velero',
          versioning: 'backup.eks-velero',
          lifecycle: 'backup.eks-velero',
        },
        versioning: false,
        kmsKey: RESOURCES.kmsKey,
        lifecycle: [
          {
            id: `velero-expire-${ctx.design.velero.retentionDays}d`,
            status: 'Enabled',
            prefix: '',
            expirationDays: ctx.design.velero.retentionDays,
          },
        ],
        holdsData: true,
      }),
      oidcProviderResource(),
    ],
    [
      roleResource({
        key: RESOURCES.veleroRole,
        name: ctx.design.iam.veleroRole,
        description: 'Velero backups (IRSA: service account velero/velero)',
        requirements: ['backup.eks-velero'],
        needs: [RESOURCES.oidcProvider, RESOURCES.kmsKey, RESOURCES.eksCluster],
        trust: (c) => irsaTrust(c, VELERO_NAMESPACE, VELERO_SERVICE_ACCOUNT),
        managedPolicies: [],
        inline: (c) => ({velero: veleroPolicy(c)}),
      }),
      roleResource({
        key: RESOURCES.lbControllerRole,
        name: ctx.design.iam.lbControllerRole,
        description: `AWS Load Balancer Controller (IRSA: service account ${LB_CONTROLLER_NAMESPACE}/${LB_CONTROLLER_SERVICE_ACCOUNT})`,
        // Fargate pods are registered in the ip target group by this controller, nothing else (issue 10).
        requirements: ['arch.edge'],
        needs: [RESOURCES.oidcProvider, RESOURCES.eksCluster],
        trust: (c) => irsaTrust(c, LB_CONTROLLER_NAMESPACE, LB_CONTROLLER_SERVICE_ACCOUNT),
        managedPolicies: [],
        inline: (c) => ({
          'aws-load-balancer-controller': lbControllerPolicy({
            region: c.design.region,
            account: c.account,
            targetGroupName: c.design.alb.targetGroup,
          }),
        }),
      }),
    ],
  ],
}
