import type {Cluster} from '@aws-sdk/client-eks'
import {AwsAccess} from '../../src/aws/clients.js'
import type {EnvOverride} from '../../src/design/config-schema.js'
import {resolveDesign} from '../../src/design/resolve.js'
import {eksLayer} from '../../src/layers/eks/index.js'
import {createContext} from '../../src/reconcile/context.js'
import type {AnyResourceDef, EngineContext, Outputs} from '../../src/reconcile/types.js'
import {RESOURCES} from '../../src/resources.js'

/** A dev context whose EKS cluster has every output it needs (subnets, group, role, key), for mocked EKS calls. */
export function eksContext(
  o: EnvOverride = {},
  opts: {mode?: 'plan' | 'apply'; account?: string; cluster?: boolean} = {},
): EngineContext {
  const outputs: Outputs = new Map<string, Record<string, string>>([
    [RESOURCES.subnet('private-1a').id, {id: 'subnet-a'}],
    [RESOURCES.subnet('private-1c').id, {id: 'subnet-c'}],
    [RESOURCES.subnet('private-1d').id, {id: 'subnet-d'}],
    [RESOURCES.securityGroup('eks').id, {id: 'sg-eks'}],
    [RESOURCES.clusterRole.id, {arn: 'arn:aws:iam::1:role/c'}],
    [RESOURCES.kmsKey.id, {id: 'k', arn: 'arn:aws:kms:ap-northeast-1:1:key/k'}],
    ...(opts.cluster
      ? [[RESOURCES.eksCluster.id, {name: 'medical-ai-dev-eks', arn: 'arn:eks', oidcIssuer: 'https://oidc'}] as const]
      : []),
  ])
  return createContext({
    aws: new AwsAccess({credentials: async () => ({accessKeyId: 'a', secretAccessKey: 'b'})}),
    design: resolveDesign({environments: {dev: {eksVersion: '1.34', ...o}}}, 'dev'),
    account: opts.account ?? '1',
    mode: opts.mode ?? 'apply',
    outputs,
  })
}

/** The dev cluster as DescribeCluster answers it when it is as designed (upgradePolicy left to `over`). */
export const liveCluster = (over: Partial<Cluster> = {}): Cluster => ({
  name: 'medical-ai-dev-eks',
  arn: 'arn:aws:eks:ap-northeast-1:1:cluster/medical-ai-dev-eks',
  status: 'ACTIVE',
  version: '1.34',
  roleArn: 'arn:aws:iam::1:role/c',
  tags: {
    project: 'medical-ai',
    environment: 'dev',
    'managed-by': 'platform',
    Name: 'medical-ai-dev-eks',
    'platform:logical-id': 'eks/cluster',
  },
  encryptionConfig: [{resources: ['secrets'], provider: {keyArn: 'arn:aws:kms:ap-northeast-1:1:key/k'}}],
  logging: {clusterLogging: [{types: ['api', 'audit', 'authenticator'], enabled: true}]},
  accessConfig: {authenticationMode: 'API_AND_CONFIG_MAP'},
  resourcesVpcConfig: {
    subnetIds: ['subnet-a', 'subnet-c', 'subnet-d'],
    securityGroupIds: ['sg-eks'],
    endpointPrivateAccess: true,
    endpointPublicAccess: true,
    publicAccessCidrs: ['0.0.0.0/0'],
  },
  ...over,
})

export const clusterDef = (c: EngineContext) => eksLayer.steps(c)[0]![0] as AnyResourceDef
