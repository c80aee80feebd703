import {
  CreateRoleCommand,
  GetRoleCommand,
  IAMClient,
  NoSuchEntityException,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam'
import {mockClient} from 'aws-sdk-client-mock'
import 'aws-sdk-client-mock-vitest/extend'
import {beforeEach, describe, expect, it} from 'vitest'
import {AwsAccess} from '../../../src/aws/clients.js'
import {resolveDesign} from '../../../src/design/resolve.js'
import {
  LB_CONTROLLER_READ_ACTIONS,
  LB_CONTROLLER_TARGET_ACTIONS,
  PUBLISHED_POLICY_ACTIONS,
} from '../../../src/layers/velero/lb-controller-policy.js'
import {veleroLayer} from '../../../src/layers/velero/index.js'
import {reconcileResource} from '../../../src/reconcile/engine.js'
import {createContext} from '../../../src/reconcile/context.js'
import type {AnyResourceDef, EngineContext, Outputs} from '../../../src/reconcile/types.js'
import {RESOURCES} from '../../../src/resources.js'

const iam = mockClient(IAMClient)
const ISSUER = 'oidc.eks.ap-northeast-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE'
const PROVIDER = `arn:aws:iam::111122223333:oidc-provider/${ISSUER}`

function ctx(): EngineContext {
  const outputs: Outputs = new Map<string, Record<string, string>>([
    [RESOURCES.eksCluster.id, {name: 'c', arn: 'arn:eks', oidcIssuer: `https://${ISSUER}`, endpoint: ''}],
    [RESOURCES.oidcProvider.id, {arn: PROVIDER}],
    [RESOURCES.kmsKey.id, {id: 'k', arn: 'arn:aws:kms:ap-northeast-1:111122223333:key/k'}],
  ])
  return createContext({
    aws: new AwsAccess({credentials: async () => ({accessKeyId: 'a', secretAccessKey: 'b'})}),
    design: resolveDesign({}, 'prod'),
    account: '111122223333',
    mode: 'apply',
    outputs,
  })
}
const roleDef = (c: EngineContext) =>
  veleroLayer
    .steps(c)
    .flat()
    .find((d) => d.key.id === RESOURCES.lbControllerRole.id) as AnyResourceDef

describe("the AWS Load Balancer Controller's IRSA role", () => {
  beforeEach(() => iam.reset())

  it('is created trusting only kube-system/aws-load-balancer-controller through the cluster OIDC provider, with the narrowed policy', async () => {
    const c = ctx()
    iam
      .on(GetRoleCommand)
      .rejects(new NoSuchEntityException({message: 'The role with name x cannot be found.', $metadata: {}}))
    iam.on(CreateRoleCommand).resolves({
      Role: {
        RoleName: 'medical-ai-prod-lb-controller-role',
        Arn: 'arn:aws:iam::111122223333:role/medical-ai-prod-lb-controller-role',
        Path: '/',
        RoleId: 'R',
        CreateDate: new Date(),
      },
    })
    iam.on(PutRolePolicyCommand).resolves({})
    const planned = await reconcileResource('velero', roleDef(c), c)
    expect(planned.action).toBe('create')

    const create = iam.commandCalls(CreateRoleCommand)
    expect(create).toHaveLength(1)
    expect(create[0]!.args[0].input.RoleName).toBe('medical-ai-prod-lb-controller-role')
    expect(JSON.parse(create[0]!.args[0].input.AssumeRolePolicyDocument!)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: {Federated: PROVIDER},
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: {
              [`${ISSUER}:sub`]: 'system:serviceaccount:kube-system:aws-load-balancer-controller',
              [`${ISSUER}:aud`]: 'sts.amazonaws.com',
            },
          },
        },
      ],
    })

    const put = iam.commandCalls(PutRolePolicyCommand)
    expect(put.map((p) => p.args[0].input.PolicyName)).toEqual(['aws-load-balancer-controller'])
    const policy = JSON.parse(put[0]!.args[0].input.PolicyDocument!)
    expect(policy.Statement).toEqual([
      {Sid: 'DiscoverTargets', Effect: 'Allow', Action: [...LB_CONTROLLER_READ_ACTIONS], Resource: '*'},
      {
        Sid: 'RegisterApiPods',
        Effect: 'Allow',
        Action: ['elasticloadbalancing:DeregisterTargets', 'elasticloadbalancing:RegisterTargets'],
        Resource: 'arn:aws:elasticloadbalancing:ap-northeast-1:111122223333:targetgroup/medical-ai-prod-api-tg/*',
      },
    ])
  })

  it('grants only actions of the policy AWS publishes, no write beyond registering targets, and no security group changes', () => {
    const granted = [...LB_CONTROLLER_READ_ACTIONS, ...LB_CONTROLLER_TARGET_ACTIONS]
    expect(granted.filter((a) => !(PUBLISHED_POLICY_ACTIONS as readonly string[]).includes(a))).toEqual([])
    expect(granted.filter((a) => !/:(Describe|Get|List)/.test(a))).toEqual([
      'elasticloadbalancing:DeregisterTargets',
      'elasticloadbalancing:RegisterTargets',
    ])
    expect(
      granted.some((a) =>
        /SecurityGroup(Ingress|Egress)|CreateSecurityGroup|LoadBalancer$|Listener|Rule$|ModifyTargetGroup/.test(a),
      ),
    ).toBe(false)
  })
})
