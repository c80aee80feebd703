import {DescribeAddressesCommand, DescribeNatGatewaysCommand, DescribeVpcsCommand, EC2Client} from '@aws-sdk/client-ec2'
import {DescribeDBEngineVersionsCommand, RDSClient} from '@aws-sdk/client-rds'
import {GetServiceQuotaCommand, ServiceQuotasClient} from '@aws-sdk/client-service-quotas'
import {GetCallerIdentityCommand, STSClient} from '@aws-sdk/client-sts'
import {mockClient} from 'aws-sdk-client-mock'
import 'aws-sdk-client-mock-vitest/extend'
import {beforeEach, describe, expect, it} from 'vitest'
import {AwsAccess} from '../../../src/aws/clients.js'
import {isReadOnlyOperation} from '../../../src/aws/recorder.js'
import type {PlatformConfig} from '../../../src/design/config-schema.js'
import {resolveDesign} from '../../../src/design/resolve.js'
import {ExitCode, PreflightError} from '../../../src/errors.js'
import {LAYERS} from '../../../src/layers/index.js'
import {PREFLIGHT_CHECKS, preflight} from '../../../src/preflight/index.js'
import {provision} from '../../../src/reconcile/provision.js'

const sts = mockClient(STSClient)
const ec2 = mockClient(EC2Client)
const sq = mockClient(ServiceQuotasClient)
const rds = mockClient(RDSClient)
const aws = () => new AwsAccess({credentials: async () => ({accessKeyId: 'a', secretAccessKey: 'b'})})

beforeEach(() => {
  for (const m of [sts, ec2, sq, rds]) m.reset()
  sts.on(GetCallerIdentityCommand).resolves({Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/ops'})
  ec2.on(DescribeAddressesCommand).resolves({Addresses: []})
  ec2.on(DescribeVpcsCommand).resolves({Vpcs: []})
  ec2.on(DescribeNatGatewaysCommand).resolves({NatGateways: []})
  sq.on(GetServiceQuotaCommand).resolves({Quota: {Value: 5}})
  rds.on(DescribeDBEngineVersionsCommand).resolves({
    DBEngineVersions: [{Engine: 'aurora-mysql', EngineVersion: '8.0.mysql_aurora.3.10.1', Status: 'available'}],
  })
})

const run = (config: PlatformConfig, env: string, dryRun = false) => {
  const a = aws()
  return {
    a,
    result: provision({
      design: resolveDesign(config, env),
      aws: a,
      layers: LAYERS,
      dryRun,
      adopt: false,
      forceUnlock: false,
      concurrency: 2,
    }),
  }
}

describe('preflight in provision: every problem at once, exit 2, before any mutating call', () => {
  const BAD: PlatformConfig = {
    project: 'medical-ai-platform1',
    environments: {
      sandbox123: {vpcCidr: '10.50.0.0/16', eksVersion: '1.28', accountId: '999999999999'},
    },
  }

  it.each([false, true])(
    'refuses (dry run: %s) with the Kubernetes version, account, names and domain together',
    async (dryRun) => {
      const {a, result} = run(BAD, 'sandbox123', dryRun)
      const err = await result.then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(err).toBeInstanceOf(PreflightError)
      const e = err as PreflightError
      expect(e.exitCode).toBe(ExitCode.CANNOT_RUN)
      expect(e.code).toBe('PREFLIGHT')
      expect(e.problems.map((p) => p.check)).toEqual(['account', 'eks-version', 'names', 'names', 'domain'])
      expect(e.message).toContain('Preflight refused the run (nothing was changed): 5 problems')
      expect(e.message).toContain('remedy: Set environments.sandbox123.eksVersion to one of')
      expect(e.message).toContain('remedy: Use credentials for account 999999999999')
      // Zero mutating calls: every command any client received is a read (the mocks stand in
      // for the recorder here; the integration test reads the recorder and the emulator).
      const sent = [sts, ec2, sq, rds].flatMap((m) => m.calls().map((c) => c.args[0].constructor.name))
      expect(sent).toContain('GetCallerIdentityCommand')
      expect(sent.filter((op) => !isReadOnlyOperation(op))).toEqual([])
      expect(a.recorder.summary().mutating).toBe(0)
    },
  )

  it('a clean design: the report names the account, its warnings and the resolved Aurora version, and the design carries it', async () => {
    const design = resolveDesign({domain: 'medical-ai.jp', environments: {staging: {eksVersion: '1.34'}}}, 'staging')
    const {report, design: checked} = await preflight({
      design,
      aws: aws(),
      identity: {account: '123456789012', arn: 'arn:aws:iam::123456789012:user/ops'},
      layers: LAYERS.map((l) => l.name),
    })
    expect(report).toEqual({
      account: '123456789012',
      callerArn: 'arn:aws:iam::123456789012:user/ops',
      accountConfigured: false,
      checks: ['design', 'account', 'eks-version', 'names', 'domain', 'quotas', 'aurora-version'],
      problems: [],
      warnings: [
        'No account is configured for staging (environments.staging.accountId): this run changes account 123456789012 as arn:aws:iam::123456789012:user/ops.',
      ],
      rdsEngineVersion: '8.0.mysql_aurora.3.10.1',
    })
    expect(design.rds.engineVersion).toBe('8.0')
    expect(checked.rds.engineVersion).toBe('8.0.mysql_aurora.3.10.1')
    expect(sq).toHaveReceivedCommandWith(GetServiceQuotaCommand, {ServiceCode: 'ec2', QuotaCode: 'L-0263D0A3'})
  })

  it('runs every check, each one a module', () => {
    expect(PREFLIGHT_CHECKS.map((c) => c.name)).toEqual([
      'design',
      'account',
      'eks-version',
      'names',
      'domain',
      'quotas',
      'aurora-version',
    ])
  })
})
