import {describe, expect, it, vi} from 'vitest'
import {AwsAccess} from '../../../src/aws/clients.js'
import {resolveDesign} from '../../../src/design/resolve.js'
import {NotOwnedError} from '../../../src/errors.js'
import {reconcileResource, runEngine, selectLayers} from '../../../src/reconcile/engine.js'
import {createContext} from '../../../src/reconcile/context.js'
import type {EngineContext, LayerDef, ResourceDef} from '../../../src/reconcile/types.js'
import {RESOURCES} from '../../../src/resources.js'
import {testKey} from '../../helpers/keys.js'

interface Thing {
  id: string
  cidr: string
  flag: boolean
  owner?: string
}

function ctx(mode: 'plan' | 'apply', adopt = false): EngineContext {
  return createContext({
    aws: new AwsAccess({credentials: async () => ({accessKeyId: 'a', secretAccessKey: 'b'})}),
    design: resolveDesign({}, 'dev'),
    account: '1',
    mode,
    adopt,
  })
}

function thing(live: Thing | undefined, overrides: Partial<ResourceDef<Thing, {id: string}>> = {}) {
  const calls: string[] = []
  const def: ResourceDef<Thing, {id: string}> = {
    key: testKey('l/thing'),
    name: 'thing',
    find: vi.fn(async () => live),
    create: vi.fn(async () => {
      calls.push('create')
      return {id: 't-1', cidr: '10.0.0.0/16', flag: false}
    }),
    fields: () => [
      {path: 'cidr', requirement: 'vpc.cidr', expected: '10.0.0.0/16', actual: (l) => l.cidr, immutable: true},
      {path: 'flag', requirement: 'vpc.dns-hostnames', expected: true, actual: (l) => l.flag},
    ],
    update: vi.fn(async (_c, _l, changes) => {
      calls.push(`update ${changes.map((c: {path: string}) => c.path).join(',')}`)
    }),
    outputs: (l) => ({id: l.id}),
    physicalId: (l) => l.id,
    ...overrides,
  }
  return {def, calls}
}

describe('reconcileResource', () => {
  it('absent in plan mode: planned create, nothing called but find', async () => {
    const {def, calls} = thing(undefined)
    const p = await reconcileResource('l', def, ctx('plan'))
    expect(p).toMatchObject({action: 'create', id: 'l/thing'})
    expect(calls).toEqual([])
  })

  it('absent in apply mode: create, then update the fields the create call could not set', async () => {
    const {def, calls} = thing(undefined)
    const c = ctx('apply')
    const p = await reconcileResource('l', def, c)
    expect(p).toMatchObject({action: 'create', physicalId: 't-1'})
    expect(calls).toEqual(['create', 'update flag'])
    expect(c.outputs.get('l/thing')).toEqual({id: 't-1'})
  })

  it('an immutable field differs: replace-required, with expected and actual, and nothing applied', async () => {
    const {def, calls} = thing({id: 't-1', cidr: '10.9.0.0/16', flag: false})
    const p = await reconcileResource('l', def, ctx('apply'))
    expect(p.action).toBe('replace-required')
    expect(p.changes).toEqual([
      {path: 'cidr', requirement: 'vpc.cidr', expected: '10.0.0.0/16', actual: '10.9.0.0/16', immutable: true},
      {path: 'flag', requirement: 'vpc.dns-hostnames', expected: true, actual: false},
    ])
    expect(p.note).toMatch(/never does so silently/)
    expect(calls).toEqual([])
  })

  it('a mutable drift: update with the changed fields only; in plan mode nothing is called', async () => {
    const {def, calls} = thing({id: 't-1', cidr: '10.0.0.0/16', flag: false})
    expect((await reconcileResource('l', def, ctx('plan'))).action).toBe('update')
    expect(calls).toEqual([])
    const p = await reconcileResource('l', def, ctx('apply'))
    expect(p).toMatchObject({action: 'update', changes: [{path: 'flag', expected: true, actual: false}]})
    expect(calls).toEqual(['update flag'])
  })

  it('matching: no-op, no update', async () => {
    const {def, calls} = thing({id: 't-1', cidr: '10.0.0.0/16', flag: true})
    expect((await reconcileResource('l', def, ctx('apply'))).action).toBe('no-op')
    expect(calls).toEqual([])
  })

  it('inputs only known after apply: planned create without calling find', async () => {
    const {def} = thing({id: 't-1', cidr: '10.0.0.0/16', flag: true}, {needs: [testKey('l/parent')]})
    const p = await reconcileResource('l', def, ctx('plan'))
    expect(p).toMatchObject({action: 'create', note: 'after l/parent exist'})
    expect(def.find).not.toHaveBeenCalled()
  })

  it('a resource with our name but not our tags stops the run, unless --adopt', async () => {
    const live = {id: 't-1', cidr: '10.0.0.0/16', flag: true, owner: 'someone'}
    const {def} = thing(live, {owned: (l) => l.owner === 'us'})
    await expect(reconcileResource('l', def, ctx('apply'))).rejects.toBeInstanceOf(NotOwnedError)
    expect((await reconcileResource('l', def, ctx('apply', true))).action).toBe('no-op')
  })
})

describe('runEngine', () => {
  const layer = (name: string, dependsOn: string[], log: string[], delay = 0, needs: string[] = []): LayerDef => ({
    name,
    description: name,
    dependsOn,
    steps: () => [
      [
        {
          ...thing({id: name, cidr: '10.0.0.0/16', flag: true}).def,
          key: testKey(`${name}/x`),
          needs: needs.map(testKey),
          find: async () => (
            log.push(`start ${name}`),
            await new Promise((r) => setTimeout(r, delay)),
            log.push(`end ${name}`),
            {id: name, cidr: '10.0.0.0/16', flag: true}
          ),
        },
      ],
    ],
  })

  it('a resource waits for the resources it needs, independent ones run in parallel', async () => {
    const log: string[] = []
    const layers = [layer('a', [], log, 30), layer('b', ['a'], log, 0, ['a/x']), layer('c', [], log, 10)]
    const run = await runEngine({layers, ctx: ctx('plan'), concurrency: 4})
    expect(log.indexOf('end a')).toBeLessThan(log.indexOf('start b'))
    expect(log.indexOf('start c')).toBeLessThan(log.indexOf('end a'))
    expect(run.layers.map((l) => l.layer)).toEqual(['a', 'b', 'c'])
  })

  it('a layer after another does not wait for the resources of it that it does not need (the EKS cluster and the NAT gateways)', async () => {
    const log: string[] = []
    // b comes after a (dependsOn) but its resource needs nothing of a: it starts at once.
    const layers = [layer('a', [], log, 30), layer('b', ['a'], log)]
    await runEngine({layers, ctx: ctx('plan'), concurrency: 4})
    expect(log.indexOf('end b')).toBeLessThan(log.indexOf('end a'))
  })

  it('reading an undeclared resource is a bug, stopped before the read', async () => {
    const sneaky: LayerDef = {
      name: 'b',
      description: 'b',
      dependsOn: ['a'],
      steps: () => [
        [
          {
            ...thing({id: 'b', cidr: '10.0.0.0/16', flag: true}).def,
            key: testKey('b/x'),
            find: async (c) => (c.ref(testKey('a/x')), {id: 'b', cidr: '10.0.0.0/16', flag: true}),
          },
        ],
      ],
    }
    await expect(
      runEngine({layers: [layer('a', [], []), sneaky], ctx: ctx('plan'), concurrency: 4}),
    ).rejects.toMatchObject({
      code: 'BUG',
      message: expect.stringContaining('b/x reads a/x without declaring it in its needs'),
    })
  })

  it('--layer: named layers run, their dependencies are only read, others skipped', () => {
    const log: string[] = []
    const layers = [layer('a', [], log), layer('b', ['a'], log), layer('c', [], log)]
    expect(selectLayers(layers, ['b']).map((s) => [s.layer.name, s.readOnly])).toEqual([
      ['a', true],
      ['b', false],
    ])
    expect(() => selectLayers(layers, ['zz'])).toThrow('Unknown layer "zz"')
  })
})

describe('apply with a missing dependency', () => {
  it('refuses instead of creating with unknown inputs', async () => {
    const {def, calls} = thing(undefined, {needs: [RESOURCES.kmsKey]})
    await expect(reconcileResource('l', def, ctx('apply'))).rejects.toMatchObject({
      code: 'MISSING_DEPENDENCY',
      exitCode: 4,
    })
    expect(calls).toEqual([])
  })
})
