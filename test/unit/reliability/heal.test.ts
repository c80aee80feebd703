import {AllocateAddressCommand, DescribeAddressesCommand, EC2Client, ReleaseAddressCommand} from '@aws-sdk/client-ec2'
import {
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  ListKeysCommand,
  ListResourceTagsCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms'
import {mockClient} from 'aws-sdk-client-mock'
import 'aws-sdk-client-mock-vitest/extend'
import {beforeEach, describe, expect, it, vi} from 'vitest'
import {AwsAccess} from '../../../src/aws/clients.js'
import {resolveDesign} from '../../../src/design/resolve.js'
import {kmsLayer} from '../../../src/layers/kms/index.js'
import {eipResource} from '../../../src/layers/network/nat.js'
import {reconcileResource, runEngine} from '../../../src/reconcile/engine.js'
import {createContext} from '../../../src/reconcile/context.js'
import type {AnyResourceDef, EngineContext} from '../../../src/reconcile/types.js'
import {RESOURCES} from '../../../src/resources.js'
import {testKey} from '../../helpers/keys.js'

const ec2 = mockClient(EC2Client)
const kms = mockClient(KMSClient)
beforeEach(() => {
  ec2.reset()
  kms.reset()
})

const ctx = (mode: 'plan' | 'apply'): EngineContext =>
  createContext({
    aws: new AwsAccess({credentials: async () => ({accessKeyId: 'a', secretAccessKey: 'b'})}),
    design: resolveDesign({}, 'dev'),
    account: '123',
    mode,
  })
const tags = (id: string) => [
  {Key: 'project', Value: 'medical-ai'},
  {Key: 'environment', Value: 'dev'},
  {Key: 'managed-by', Value: 'platform'},
  {Key: 'platform:logical-id', Value: id},
]
const eipTags = tags(RESOURCES.elasticIp('1a').id)

describe('healing duplicates of a resource (EIPs through the real layer)', () => {
  it('plan: the associated EIP is kept, the other is planned delete-duplicate with why, nothing deleted', async () => {
    ec2.on(DescribeAddressesCommand).resolves({
      Addresses: [
        {AllocationId: 'eipalloc-a', Tags: eipTags},
        {AllocationId: 'eipalloc-b', AssociationId: 'eipassoc-1', Tags: eipTags},
      ],
    })
    const p = await reconcileResource('network', eipResource('1a'), ctx('plan'))
    expect(p.physicalId).toBe('eipalloc-b')
    expect(p.duplicates).toEqual([
      expect.objectContaining({
        action: 'delete-duplicate',
        physicalId: 'eipalloc-a',
        note: 'same ownership tags as eipalloc-b, kept as which others depend on',
      }),
    ])
    expect(ec2).not.toHaveReceivedCommand(ReleaseAddressCommand)
  })

  it('apply: none in use, the lowest id is kept and the other released', async () => {
    ec2.on(DescribeAddressesCommand).resolves({
      Addresses: [
        {AllocationId: 'eipalloc-b', Tags: eipTags},
        {AllocationId: 'eipalloc-a', Tags: eipTags},
      ],
    })
    ec2.on(ReleaseAddressCommand).resolves({})
    const p = await reconcileResource('network', eipResource('1a'), ctx('apply'))
    expect(p.physicalId).toBe('eipalloc-a')
    expect(p.duplicates?.map((d) => d.physicalId)).toEqual(['eipalloc-b'])
    expect(ec2).toHaveReceivedCommandWith(ReleaseAddressCommand, {AllocationId: 'eipalloc-b'})
    expect(ec2).toHaveReceivedCommandTimes(ReleaseAddressCommand, 1)
  })

  it('two copies each in use: the run stops naming both, nothing deleted', async () => {
    ec2.on(DescribeAddressesCommand).resolves({
      Addresses: [
        {AllocationId: 'eipalloc-a', AssociationId: 'x', Tags: eipTags},
        {AllocationId: 'eipalloc-b', AssociationId: 'y', Tags: eipTags},
      ],
    })
    await expect(reconcileResource('network', eipResource('1a'), ctx('apply'))).rejects.toThrow(
      /Found 2 Elastic IPs for 1a .*eipalloc-a, eipalloc-b, each in use/,
    )
    expect(ec2).not.toHaveReceivedCommand(ReleaseAddressCommand)
  })

  it('the plan of a run lists each duplicate after the resource kept', async () => {
    ec2.on(DescribeAddressesCommand).resolves({
      Addresses: [
        {AllocationId: 'eipalloc-a', Tags: eipTags},
        {AllocationId: 'eipalloc-b', Tags: eipTags},
      ],
    })
    const layer = {name: 'network', description: '', dependsOn: [], steps: () => [[eipResource('1a')]]}
    const run = await runEngine({layers: [layer], ctx: ctx('plan'), concurrency: 2})
    expect(run.resources.map((r) => r.physicalId)).toEqual(['eipalloc-a', 'eipalloc-b'])
    expect(run.resources[1]!.action).toBe('delete-duplicate')
  })
})

describe('never for resources that hold data', () => {
  it('two tagged buckets (or databases) stop the run naming both; nothing is deleted', async () => {
    const del = vi.fn()
    const bucket: AnyResourceDef = {
      key: testKey('s3/models'),
      name: 'models',
      find: async (c: EngineContext) => {
        c.duplicates?.push({live: {name: 'models-copy'}, why: 'same ownership tags'})
        return {name: 'models-main'}
      },
      create: vi.fn(),
      fields: () => [],
      update: vi.fn(),
      delete: del,
      holdsData: async () => 'versioned objects',
      outputs: (l: {name: string}) => ({name: l.name}),
      physicalId: (l: {name: string}) => l.name,
    }
    await expect(reconcileResource('s3', bucket, ctx('apply'))).rejects.toThrow(
      /Found 2 of .* models carrying the same ownership tags: models-main and models-copy\. It holds data/,
    )
    expect(del).not.toHaveBeenCalled()
  })
})

describe('leaked KMS keys (tagged, no alias points to them)', () => {
  const arn = (id: string) => `arn:aws:kms:ap-northeast-1:123:key/${id}`
  const arrange = () => {
    kms.on(DescribeKeyCommand).callsFake((input: {KeyId: string}) => {
      const id = input.KeyId === 'alias/medical-ai-dev' ? 'k-1' : input.KeyId
      return {KeyMetadata: {KeyId: id, Arn: arn(id), KeyState: 'Enabled', CreationDate: new Date(0)}}
    })
    kms.on(ListKeysCommand).resolves({Keys: [{KeyId: 'k-1'}, {KeyId: 'k-2'}, {KeyId: 'other'}]})
    kms.on(ListResourceTagsCommand).callsFake((input: {KeyId: string}) => ({
      Tags: (input.KeyId === 'other' ? tags('kms/another') : tags(RESOURCES.kmsKey.id)).map((t) => ({
        TagKey: t.Key,
        TagValue: t.Value,
      })),
    }))
    kms.on(GetKeyRotationStatusCommand).resolves({KeyRotationEnabled: true})
    kms.on(GetKeyPolicyCommand).resolves({Policy: '{}'})
    kms.on(ScheduleKeyDeletionCommand).resolves({})
  }
  const envKey = (c: EngineContext) => kmsLayer.steps(c)[0]!.find((d) => d.key.id === RESOURCES.kmsKey.id)!

  it('plan: shown as delete-duplicate, with the 30-day window in the note', async () => {
    arrange()
    const c = ctx('plan')
    const p = await reconcileResource('kms', envKey(c), c)
    expect(p.physicalId).toBe('k-1')
    expect(p.duplicates).toEqual([
      expect.objectContaining({action: 'delete-duplicate', physicalId: 'k-2', note: expect.stringMatching(/30 days/)}),
    ])
    expect(kms).not.toHaveReceivedCommand(ScheduleKeyDeletionCommand)
  })

  it('apply: the leaked key is scheduled for deletion with the longest window; the aliased one is kept', async () => {
    arrange()
    const c = ctx('apply')
    await reconcileResource('kms', envKey(c), c)
    expect(kms).toHaveReceivedCommandTimes(ScheduleKeyDeletionCommand, 1)
    expect(kms).toHaveReceivedCommandWith(ScheduleKeyDeletionCommand, {KeyId: 'k-2', PendingWindowInDays: 30})
  })
})

describe('a copy made by a retried create is healed in the same run', () => {
  it('the create returns the newer copy; the re-read keeps the canonical one and deletes the other', async () => {
    let made = false
    ec2.on(DescribeAddressesCommand).callsFake(() => ({
      Addresses: made
        ? [
            {AllocationId: 'eipalloc-a', Tags: eipTags},
            {AllocationId: 'eipalloc-b', Tags: eipTags},
          ]
        : [],
    }))
    ec2.on(AllocateAddressCommand).callsFake(() => {
      made = true
      return {AllocationId: 'eipalloc-b'}
    })
    ec2.on(ReleaseAddressCommand).resolves({})
    const p = await reconcileResource('network', eipResource('1a'), ctx('apply'))
    expect(p).toMatchObject({action: 'create', physicalId: 'eipalloc-a'})
    expect(p.duplicates?.map((d) => d.physicalId)).toEqual(['eipalloc-b'])
    expect(ec2).toHaveReceivedCommandTimes(AllocateAddressCommand, 1)
    expect(ec2).toHaveReceivedCommandWith(ReleaseAddressCommand, {AllocationId: 'eipalloc-b'})
  })
})
