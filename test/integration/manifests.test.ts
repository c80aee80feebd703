import {
  CreateFlowLogsCommand,
  DeleteFlowLogsCommand,
  DescribeFlowLogsCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcsCommand,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2'
import {CloudWatchLogsClient, DeleteLogGroupCommand} from '@aws-sdk/client-cloudwatch-logs'
import {DescribeTargetGroupsCommand} from '@aws-sdk/client-elastic-load-balancing-v2'
import {GetRoleCommand, GetRolePolicyCommand} from '@aws-sdk/client-iam'
import {GetCallerIdentityCommand, STSClient} from '@aws-sdk/client-sts'
import {join} from 'node:path'
import YAML from 'yaml'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {AuditReport} from '../../src/audit/index.js'
import {emulatorEnv, ROOT, runCli} from '../helpers/cli.js'
import {clients, type Clients} from '../helpers/full-env.js'
import {applyManifests} from '../helpers/kube.js'
import {startMoto, type Moto} from '../helpers/moto.js'

let moto: Moto
let c: Clients
const CONFIG = ['--config', join(ROOT, 'config/local-dev.yaml')]
const p = 'medical-ai-dev'
const manifests = () =>
  runCli(['manifests', '--env', 'dev', ...CONFIG, '--image-tag', 'v1'], {env: emulatorEnv(moto.url)})
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed Kubernetes objects
type Obj = any

beforeAll(async () => {
  moto = await startMoto()
  c = clients(moto.url)
  await moto.reset()
})
afterAll(async () => moto?.stop())

describe('platform manifests against the emulator', () => {
  it('before provision: exit 2 naming the missing values, nothing printed, no write sent', async () => {
    await moto.recorder.start()
    const r = await manifests()
    await moto.recorder.stop()
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain('The dev environment is not provisioned far enough for its manifests')
    for (const id of ['velero/role', 'velero/lb-controller-role', 'security-groups/eks', 'alb/target-group'])
      expect(r.stderr).toContain(`(${id})`)
    expect(r.stderr).toContain('Remedy: Run platform provision --env dev')
    // The operation of each recorded request (query/JSON protocols: Action= or X-Amz-Target; REST: the method).
    const ops = (await moto.recorder.download()).map((q) => {
      const target = q.headers['X-Amz-Target'] ?? q.headers['x-amz-target']
      const body = q.body_encoded && q.body ? Buffer.from(q.body, 'base64').toString() : (q.body ?? '')
      return target?.split('.').pop() ?? /Action=(\w+)/.exec(body)?.[1] ?? /Action=(\w+)/.exec(q.url)?.[1] ?? q.method
    })
    expect(ops.length).toBeGreaterThan(0)
    expect(ops.filter((o) => !/^(Describe|Get|List|Head|GET|HEAD)/.test(o))).toEqual([])
  })

  describe('after provision', () => {
    let docs: Obj[]
    let stderr: string
    beforeAll(async () => {
      const prov = await runCli(['provision', '--env', 'dev', ...CONFIG, '--yes', '--json'], {
        env: emulatorEnv(moto.url),
        timeoutMs: 600_000,
      })
      expect(prov.code).toBe(0)
      const r = await manifests()
      expect(r.code).toBe(0)
      docs = YAML.parseAllDocuments(r.stdout).map((d) => d.toJS())
      stderr = r.stderr
    }, 700_000)

    it('prints role ARNs, the EKS group id and the target group ARN that independent SDK reads return', async () => {
      const role = async (name: string) => (await c.iam.send(new GetRoleCommand({RoleName: name}))).Role!
      const velero = await role(`${p}-velero-role`)
      const lb = await role(`${p}-lb-controller-role`)
      const sa = (ns: string, name: string) =>
        docs.find((d) => d.kind === 'ServiceAccount' && d.metadata.namespace === ns && d.metadata.name === name)
      expect(sa('velero', 'velero').metadata.annotations['eks.amazonaws.com/role-arn']).toBe(velero.Arn)
      expect(sa('kube-system', 'aws-load-balancer-controller').metadata.annotations['eks.amazonaws.com/role-arn']).toBe(
        lb.Arn,
      )

      const vpcs = await c.ec2.send(
        new DescribeSecurityGroupsCommand({Filters: [{Name: 'group-name', Values: [`${p}-eks-sg`]}]}),
      )
      expect(vpcs.SecurityGroups).toHaveLength(1)
      const policies = docs.filter((d) => d.kind === 'SecurityGroupPolicy')
      expect(policies.map((d) => d.metadata.namespace)).toEqual(['app', 'mlops'])
      // moto's DescribeCluster has no clusterSecurityGroupId (gap eks-no-cluster-security-group): the design's group alone.
      for (const d of policies) expect(d.spec.securityGroups.groupIds).toEqual([vpcs.SecurityGroups![0]!.GroupId])

      const tg = (await c.elb.send(new DescribeTargetGroupsCommand({Names: [`${p}-api-tg`]}))).TargetGroups![0]!
      const tgb = docs.find((d) => d.kind === 'TargetGroupBinding')
      expect(tgb.spec).toEqual({
        serviceRef: {name: 'api', port: tg.Port},
        targetGroupARN: tg.TargetGroupArn,
        targetType: 'ip',
      })
      expect(docs.find((d) => d.kind === 'Service').spec.ports[0].targetPort).toBe(tg.Port)

      const sts = new STSClient({
        region: 'ap-northeast-1',
        endpoint: moto.url,
        credentials: {accessKeyId: 'testing', secretAccessKey: 'testing'},
      })
      const account = (await sts.send(new GetCallerIdentityCommand({}))).Account
      expect(docs.filter((d) => d.kind === 'Deployment').map((d) => d.spec.template.spec.containers[0].image)).toEqual(
        ['api', 'ml', 'worker'].map((w) => `${account}.dkr.ecr.ap-northeast-1.amazonaws.com/${p}/${w}:v1`),
      )
      expect(JSON.stringify(docs)).not.toMatch(/ACCOUNT|:TAG"/)
      expect(docs.filter((d) => d.kind === 'Namespace').map((d) => d.metadata.name)).toEqual(['velero', 'app', 'mlops'])
    })

    it("the controller's role trusts only its service account and may register targets only in this target group", async () => {
      const lb = (await c.iam.send(new GetRoleCommand({RoleName: `${p}-lb-controller-role`}))).Role!
      const trust = JSON.parse(decodeURIComponent(lb.AssumeRolePolicyDocument!))
      const cond = trust.Statement[0].Condition.StringEquals
      expect(Object.entries(cond).find(([k]) => k.endsWith(':sub'))![1]).toBe(
        'system:serviceaccount:kube-system:aws-load-balancer-controller',
      )
      expect(trust.Statement[0].Principal.Federated).toMatch(/:oidc-provider\//)
      const inline = await c.iam.send(
        new GetRolePolicyCommand({RoleName: lb.RoleName, PolicyName: 'aws-load-balancer-controller'}),
      )
      const doc = JSON.parse(decodeURIComponent(inline.PolicyDocument!))
      const register = doc.Statement.find((s: Obj) => s.Sid === 'RegisterApiPods')
      const tg = (await c.elb.send(new DescribeTargetGroupsCommand({Names: [`${p}-api-tg`]}))).TargetGroups![0]!
      const pattern = new RegExp(`^${String(register.Resource).replace(/[.]/g, '\\.').replace('*', '[^/]+')}$`)
      expect(tg.TargetGroupArn).toMatch(pattern)
    })

    it('the path checks PASS after provision, FAIL when a rule of the path is revoked, PASS again after provision', async () => {
      const audit = async () => {
        const r = await runCli(
          ['audit', '--env', 'dev', ...CONFIG, '--json', '--check', 'pods-reach-aurora', '--check', 'alb-reaches-pods'],
          {env: emulatorEnv(moto.url)},
        )
        return r.json<AuditReport>().findings.map((f) => [f.checkId, f.status])
      }
      // Nothing applied in the cluster yet: the pods would carry only the cluster security group.
      expect(await audit()).toEqual([
        ['alb-reaches-pods', 'FAIL'],
        ['pods-reach-aurora', 'FAIL'],
        ['pods-reach-aurora', 'FAIL'],
        ['pods-reach-aurora', 'FAIL'],
      ])
      await applyManifests(moto, CONFIG[1]!)
      expect(await audit()).toEqual([
        ['alb-reaches-pods', 'PASS'],
        ['pods-reach-aurora', 'PASS'],
        ['pods-reach-aurora', 'PASS'],
        ['pods-reach-aurora', 'PASS'],
      ])
      // Revoke, as someone in the console would, MySQL from the EKS group and 443 from the ALB group.
      const group = async (name: string) =>
        (await c.ec2.send(new DescribeSecurityGroupsCommand({Filters: [{Name: 'group-name', Values: [name]}]})))
          .SecurityGroups![0]!.GroupId!
      for (const [name, port] of [
        [`${p}-rds-sg`, 3306],
        [`${p}-eks-sg`, 443],
      ] as const) {
        const id = await group(name)
        const rules = (
          await c.ec2.send(new DescribeSecurityGroupRulesCommand({Filters: [{Name: 'group-id', Values: [id]}]}))
        ).SecurityGroupRules!.filter((r) => !r.IsEgress && r.FromPort === port)
        expect(rules).toHaveLength(1)
        // By rule id: moto fails a revoke by permission when the rule has a description (notes/moto.md).
        await c.ec2.send(
          new RevokeSecurityGroupIngressCommand({GroupId: id, SecurityGroupRuleIds: [rules[0]!.SecurityGroupRuleId!]}),
        )
      }
      // One FAIL per workload's pods, and the drifted RDS rule itself (a field of sg.rds.ingress).
      expect(await audit()).toEqual([
        ['alb-reaches-pods', 'FAIL'],
        ['pods-reach-aurora', 'FAIL'],
        ['pods-reach-aurora', 'FAIL'],
        ['pods-reach-aurora', 'FAIL'],
        ['pods-reach-aurora', 'FAIL'],
      ])
      const prov = await runCli(['provision', '--env', 'dev', ...CONFIG, '--yes'], {env: emulatorEnv(moto.url)})
      expect(prov.code, prov.stderr).toBe(0)
      expect(await audit()).toEqual([
        ['alb-reaches-pods', 'PASS'],
        ['pods-reach-aurora', 'PASS'],
        ['pods-reach-aurora', 'PASS'],
        ['pods-reach-aurora', 'PASS'],
      ])
    }, 300_000)

    it('vpc-flow-logs-deliver FAILs on a flow log whose log group was missing (EC2 reports DeliverLogsStatus FAILED); provision replaces it', async () => {
      const check = async () => {
        const r = await runCli(['audit', '--env', 'dev', ...CONFIG, '--json', '--check', 'vpc-flow-logs-deliver'], {
          env: emulatorEnv(moto.url),
        })
        return r.json<AuditReport>().findings.map((f) => [f.status, f.actual])
      }
      expect(await check()).toEqual([['PASS', 'SUCCESS']])
      const [ours] = (
        await c.ec2.send(new DescribeFlowLogsCommand({Filter: [{Name: 'tag:environment', Values: ['dev']}]}))
      ).FlowLogs!
      const logs = new CloudWatchLogsClient({
        region: 'ap-northeast-1',
        endpoint: moto.url,
        credentials: {accessKeyId: 'testing', secretAccessKey: 'testing'},
      })
      // The same flow log made again while its log group is gone: EC2 accepts it and reports FAILED delivery.
      await c.ec2.send(new DeleteFlowLogsCommand({FlowLogIds: [ours!.FlowLogId!]}))
      await logs.send(new DeleteLogGroupCommand({logGroupName: ours!.LogGroupName!}))
      const made = await c.ec2.send(
        new CreateFlowLogsCommand({
          ResourceIds: [ours!.ResourceId!],
          ResourceType: 'VPC',
          TrafficType: 'ALL',
          LogGroupName: ours!.LogGroupName!,
          LogDestinationType: 'cloud-watch-logs',
          DeliverLogsPermissionArn: ours!.DeliverLogsPermissionArn!,
          TagSpecifications: [{ResourceType: 'vpc-flow-log', Tags: ours!.Tags}],
        }),
      )
      expect(made.Unsuccessful ?? []).toEqual([])
      // Without its group the flow log cannot even be judged (a FAIL naming the missing group);
      // provision restores the group and, as EC2 never re-checks a FAILED flow log, replaces it.
      expect((await check()).map(([status]) => status)).toEqual(['FAIL'])
      const prov = await runCli(['provision', '--env', 'dev', ...CONFIG, '--yes', '--layer', 'network'], {
        env: emulatorEnv(moto.url),
      })
      expect(prov.code, prov.stderr).toBe(0)
      expect(await check()).toEqual([['PASS', 'SUCCESS']])
      const now = (
        await c.ec2.send(new DescribeFlowLogsCommand({Filter: [{Name: 'tag:environment', Values: ['dev']}]}))
      ).FlowLogs!
      expect(now.map((f) => [f.DeliverLogsStatus, f.FlowLogId === made.FlowLogIds?.[0]])).toEqual([['SUCCESS', false]])
      // And it stays: a further run changes nothing.
      const again = await runCli(['provision', '--env', 'dev', ...CONFIG, '--yes', '--json'], {
        env: emulatorEnv(moto.url),
      })
      expect(again.json<{calls: {mutating: number}}>().calls.mutating).toBe(0)
    }, 120_000)

    it('prints the CoreDNS-on-Fargate step and the controller install (with the live VPC id) on stderr, outside the YAML kubectl applies', async () => {
      const vpc = (await c.ec2.send(new DescribeVpcsCommand({Filters: [{Name: 'tag:Name', Values: [`${p}-vpc`]}]})))
        .Vpcs!
      expect(vpc).toHaveLength(1)
      expect(stderr).toContain(`--set vpcId=${vpc[0]!.VpcId} `)
      expect(stderr).toContain('Required step: CoreDNS on Fargate')
      expect(stderr).toContain('eks.amazonaws.com~1compute-type')
      expect(docs.every((d) => typeof d.kind === 'string')).toBe(true)
    })
  })
})
