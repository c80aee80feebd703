import {DescribeDBEngineVersionsCommand, RDSClient} from '@aws-sdk/client-rds'
import {mockClient} from 'aws-sdk-client-mock'
import 'aws-sdk-client-mock-vitest/extend'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {AwsAccess} from '../../../src/aws/clients.js'
import type {EnvOverride} from '../../../src/design/config-schema.js'
import {resolveDesign} from '../../../src/design/resolve.js'
import {LAYER_NAMES} from '../../../src/layers/index.js'
import {auroraVersionCheck, newestFirst} from '../../../src/preflight/aurora-version.js'
import type {PreflightContext} from '../../../src/preflight/types.js'

const rds = mockClient(RDSClient)
const ctx = (o: EnvOverride = {}, endpointUrl?: string): PreflightContext => ({
  design: resolveDesign({environments: {dev: o}}, 'dev'),
  aws: new AwsAccess({endpointUrl, credentials: async () => ({accessKeyId: 'a', secretAccessKey: 'b'})}),
  identity: {account: '123456789012', arn: 'arn:aws:iam::123456789012:user/ops'},
  layers: LAYER_NAMES,
  today: new Date('2026-12-01'),
})
const v = (EngineVersion: string, Status = 'available') => ({Engine: 'aurora-mysql', EngineVersion, Status})
const LIST = [
  v('5.7.mysql_aurora.2.12.4'),
  v('8.0.mysql_aurora.3.04.3'),
  v('8.0.mysql_aurora.3.08.2'),
  v('8.0.mysql_aurora.3.10.1'),
  v('8.0.mysql_aurora.3.09.0'),
  v('8.0.mysql_aurora.3.05.2', 'deprecated'),
]

beforeEach(() => {
  rds.reset()
  delete process.env.PLATFORM_EMULATOR
})
afterEach(() => delete process.env.PLATFORM_EMULATOR)

describe('preflight: the Aurora MySQL 8.0 engine version (DescribeDBEngineVersions)', () => {
  it("the design's 8.0 resolves to AWS's default 8.0 version (DefaultOnly), when it is available", async () => {
    rds.on(DescribeDBEngineVersionsCommand).resolves({DBEngineVersions: LIST})
    rds
      .on(DescribeDBEngineVersionsCommand, {Engine: 'aurora-mysql', EngineVersion: '8.0', DefaultOnly: true})
      .resolves({
        DBEngineVersions: [v('8.0.mysql_aurora.3.08.2')],
      })
    const o = await auroraVersionCheck.run(ctx())
    expect([o.problems, o.warnings, o.resolved]).toEqual([[], [], {rdsEngineVersion: '8.0.mysql_aurora.3.08.2'}])
    expect(rds).toHaveReceivedCommandWith(DescribeDBEngineVersionsCommand, {Engine: 'aurora-mysql'})
    expect(rds).toHaveReceivedCommandWith(DescribeDBEngineVersionsCommand, {
      Engine: 'aurora-mysql',
      EngineVersion: '8.0',
      DefaultOnly: true,
    })
  })

  it('no default answered: the newest available 3.x (3.10 after 3.09), never a deprecated one; pages followed', async () => {
    rds
      .on(DescribeDBEngineVersionsCommand, {Engine: 'aurora-mysql'})
      .resolvesOnce({DBEngineVersions: LIST.slice(0, 3), Marker: 'm1'})
      .resolvesOnce({DBEngineVersions: LIST.slice(3)})
    rds.on(DescribeDBEngineVersionsCommand, {DefaultOnly: true}).resolves({DBEngineVersions: []})
    const o = await auroraVersionCheck.run(ctx())
    expect(o.resolved).toEqual({rdsEngineVersion: '8.0.mysql_aurora.3.10.1'})
    expect(rds).toHaveReceivedCommandWith(DescribeDBEngineVersionsCommand, {Engine: 'aurora-mysql', Marker: 'm1'})
    expect(newestFirst(['8.0.mysql_aurora.3.09.1', '8.0.mysql_aurora.3.10.0', '8.0.mysql_aurora.3.09.0'])).toEqual([
      '8.0.mysql_aurora.3.10.0',
      '8.0.mysql_aurora.3.09.1',
      '8.0.mysql_aurora.3.09.0',
    ])
  })

  it('a configured rdsEngineVersion that AWS does not offer is a problem naming the key and available versions', async () => {
    rds.on(DescribeDBEngineVersionsCommand).resolves({DBEngineVersions: LIST})
    const o = await auroraVersionCheck.run(ctx({rdsEngineVersion: '8.0.mysql_aurora.3.05.2'}))
    expect(o.problems).toEqual([
      {
        check: 'aurora-version',
        what: 'Aurora MySQL 8.0.mysql_aurora.3.05.2 (environments.dev.rdsEngineVersion) is not an available engine version in ap-northeast-1.',
        why: 'CreateDBCluster fails with InvalidParameterCombination "Cannot find version" for a version AWS retired or never offered.',
        remedy:
          "Set environments.dev.rdsEngineVersion to one of 8.0.mysql_aurora.3.10.1, 8.0.mysql_aurora.3.09.0, 8.0.mysql_aurora.3.08.2, 8.0.mysql_aurora.3.04.3, or remove it to use AWS's default 8.0 version.",
      },
    ])
    // A configured version is checked, not replaced by the default.
    expect(rds).not.toHaveReceivedCommandWith(DescribeDBEngineVersionsCommand, {DefaultOnly: true})
  })

  it('a configured version that exists is kept as is', async () => {
    rds.on(DescribeDBEngineVersionsCommand).resolves({DBEngineVersions: LIST})
    const o = await auroraVersionCheck.run(ctx({rdsEngineVersion: '8.0.mysql_aurora.3.04.3'}))
    expect([o.problems, o.resolved]).toEqual([[], {rdsEngineVersion: '8.0.mysql_aurora.3.04.3'}])
  })

  it('a denied read is a warning, never a pass: CreateDBCluster gets "8.0" (AWS resolves it to its default)', async () => {
    rds.on(DescribeDBEngineVersionsCommand).rejects(
      Object.assign(
        new Error(
          'User: arn:aws:iam::123456789012:user/ops is not authorized to perform: rds:DescribeDBEngineVersions',
        ),
        {
          name: 'AccessDenied',
          $metadata: {httpStatusCode: 403},
        },
      ),
    )
    const o = await auroraVersionCheck.run(ctx())
    expect(o.problems).toEqual([])
    expect(o.resolved).toEqual({rdsEngineVersion: '8.0'})
    expect(o.warnings).toEqual([
      'Could not list the Aurora MySQL engine versions (rds:DescribeDBEngineVersions, AccessDenied: User: arn:aws:iam::123456789012:user/ops is not authorized to perform: rds:DescribeDBEngineVersions): CreateDBCluster gets "8.0", which AWS resolves to its default Aurora MySQL 3 version.',
    ])
  })

  it('the emulator gap (no DescribeDBEngineVersions: HTTP 500) is tolerated only against the local emulator, where the call is not sent', async () => {
    const html = Object.assign(new Error('Unexpected token < in JSON'), {
      name: 'SyntaxError',
      $metadata: {httpStatusCode: 500},
    })
    rds.on(DescribeDBEngineVersionsCommand).rejects(html)
    process.env.PLATFORM_EMULATOR = 'moto'
    const prev = process.env.AWS_ENDPOINT_URL
    process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:5000'
    try {
      const o = await auroraVersionCheck.run(ctx({rdsEngineVersion: '8.0.mysql_aurora.3.08.0'}))
      expect([o.problems, o.warnings, o.resolved]).toEqual([[], [], {rdsEngineVersion: '8.0.mysql_aurora.3.08.0'}])
      expect(rds.calls()).toHaveLength(0)
    } finally {
      if (prev === undefined) delete process.env.AWS_ENDPOINT_URL
      else process.env.AWS_ENDPOINT_URL = prev
    }
    delete process.env.PLATFORM_EMULATOR
    const o = await auroraVersionCheck.run(ctx({rdsEngineVersion: '8.0.mysql_aurora.3.08.0'}))
    expect(rds).toHaveReceivedCommand(DescribeDBEngineVersionsCommand)
    expect(o.warnings[0]).toContain(
      'environments.dev.rdsEngineVersion 8.0.mysql_aurora.3.08.0 is not verified to exist',
    )
  })

  it('not read when the run cannot change the aurora layer', async () => {
    const o = await auroraVersionCheck.run({...ctx(), layers: ['network']})
    expect(o).toEqual({problems: [], warnings: []})
    expect(rds.calls()).toHaveLength(0)
  })
})
