import type {EngineContext, LayerDef} from '../../reconcile/types.js'
import {trustPolicy} from './policy.js'
import {roleResource} from './role.js'
import {RESOURCES} from '../../resources.js'

const bucketArn = (name: string) => `arn:aws:s3:::${name}`

/** Least privilege for S3 replication of models and data to their DR replicas, with the keys. */
function replicationPolicy(ctx: EngineContext) {
  const sources = ctx.design.s3.buckets.filter((b) => b.replicate)
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ReadSourceConfiguration',
        Effect: 'Allow',
        Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'],
        Resource: sources.map((b) => bucketArn(b.name)),
      },
      {
        Sid: 'ReadSourceVersions',
        Effect: 'Allow',
        Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
        Resource: sources.map((b) => `${bucketArn(b.name)}/*`),
      },
      {
        Sid: 'WriteReplicas',
        Effect: 'Allow',
        Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'],
        Resource: sources.map((b) => `${bucketArn(b.replicaName!)}/*`),
      },
      {Sid: 'DecryptSource', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [ctx.ref(RESOURCES.kmsKey)?.arn]},
      {
        Sid: 'EncryptReplica',
        Effect: 'Allow',
        Action: ['kms:Encrypt', 'kms:GenerateDataKey'],
        Resource: [ctx.ref(RESOURCES.drKmsKey)?.arn],
      },
    ],
  }
}

export const iamLayer: LayerDef = {
  name: 'iam',
  description: 'Roles for the EKS control plane, Fargate pods and S3 replication',
  dependsOn: ['kms'],
  steps: (ctx) => [
    [
      roleResource({
        key: RESOURCES.clusterRole,
        name: ctx.design.iam.clusterRole,
        description: 'EKS control plane',
        requirements: ['eks.name'],
        trust: () => trustPolicy('eks.amazonaws.com'),
        managedPolicies: ['AmazonEKSClusterPolicy'],
        inline: () => ({}),
      }),
      roleResource({
        key: RESOURCES.podExecutionRole,
        name: ctx.design.iam.podExecutionRole,
        description: 'EKS Fargate pod execution',
        requirements: ['fargate.default', 'fargate.application', 'fargate.mlops'],
        // Only Fargate profiles of this environment's cluster may assume it (confused deputy).
        trust: (c) =>
          trustPolicy('eks-fargate-pods.amazonaws.com', {
            ArnLike: {
              'aws:SourceArn': `arn:aws:eks:${c.design.region}:${c.account}:fargateprofile/${c.design.eks.name}/*`,
            },
          }),
        managedPolicies: ['AmazonEKSFargatePodExecutionRolePolicy'],
        inline: () => ({}),
      }),
      roleResource({
        key: RESOURCES.replicationRole,
        name: ctx.design.iam.replicationRole,
        description: 'S3 cross-region replication of models and data',
        requirements: ['backup.s3-replication'],
        needs: [RESOURCES.kmsKey, RESOURCES.drKmsKey],
        trust: () => trustPolicy('s3.amazonaws.com'),
        managedPolicies: [],
        inline: (c) => ({replication: replicationPolicy(c)}),
      }),
    ],
  ],
}
