import {describe, expect, it} from 'vitest'
import {AwsAccess} from '../../../src/aws/clients.js'
import {waitUntil} from '../../../src/aws/wait.js'
import {resolveDesign} from '../../../src/design/resolve.js'
import {createContext} from '../../../src/reconcile/context.js'
import type {AnyResourceDef, LayerDef} from '../../../src/reconcile/types.js'
import {walkLayers} from '../../../src/reconcile/walk.js'
import {testKey} from '../../helpers/keys.js'

const ctx = () =>
  createContext({
    aws: new AwsAccess({credentials: async () => ({accessKeyId: 'a', secretAccessKey: 'b'})}),
    design: resolveDesign({}, 'dev'),
    account: '1',
    mode: 'plan',
  })

/** A resource that only has a key: the visitor under test decides what happens to it. */
const res = (id: string): AnyResourceDef => ({
  key: testKey(id),
  name: id,
  find: async () => undefined,
  create: async () => ({}),
  fields: () => [],
  update: async () => {},
  outputs: () => ({}),
  physicalId: () => id,
})

const layer = (name: string, dependsOn: string[], steps: string[][]): LayerDef => ({
  name,
  description: name,
  dependsOn,
  steps: () => steps.map((s) => s.map((id) => res(`${name}/${id}`))),
})

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

describe('walkLayers', () => {
  it('--concurrency bounds the resources in flight across all layers (not layers times resources)', async () => {
    const layers = ['a', 'b', 'c'].map((n) => layer(n, [], [['1', '2', '3']]))
    let inFlight = 0
    let most = 0
    await walkLayers({
      layers,
      ctx: ctx(),
      concurrency: 2,
      visit: async () => {
        most = Math.max(most, ++inFlight)
        await sleep(10)
        inFlight--
      },
    })
    expect(most).toBe(2)
  })

  it('a resource waiting on AWS (waitUntil between polls) frees its slot for another layer', async () => {
    // Concurrency 1: if the waiting resource kept its slot, b could never run and a never finish.
    let bDone = false
    const order: string[] = []
    const run = walkLayers({
      layers: [layer('a', [], [['slow']]), layer('b', [], [['quick']])],
      ctx: ctx(),
      concurrency: 1,
      visit: async (name) => {
        if (name === 'a') {
          await waitUntil(
            'b to finish',
            async () => bDone,
            (done) => (done ? 'done' : 'pending'),
            String,
            {timeoutMs: 5_000, minDelayMs: 5, sleep},
          )
          order.push('a ready')
        } else {
          bDone = true
          order.push('b done')
        }
      },
    })
    await expect(Promise.race([run, sleep(3_000).then(() => 'deadlock')])).resolves.not.toBe('deadlock')
    expect(order).toEqual(['b done', 'a ready'])
  })

  it('reverse (destroy): a layer after every layer that depends on it, steps backwards', async () => {
    const seen: string[] = []
    const layers = [layer('net', [], [['vpc'], ['subnet']]), layer('app', ['net'], [['lb'], ['listener']])]
    const walk = await walkLayers({
      layers,
      ctx: ctx(),
      concurrency: 4,
      direction: 'reverse',
      visit: async (_layer, def) => {
        seen.push(def.key.id)
        return def.key.id
      },
    })
    expect(seen).toEqual(['app/listener', 'app/lb', 'net/subnet', 'net/vpc'])
    expect(walk.layers.map((l) => l.layer)).toEqual(['app', 'net'])
  })

  it('forward results come in layer, step and resource order, whatever order the reads finish in', async () => {
    const walk = await walkLayers({
      layers: [layer('a', [], [['1', '2', '3']])],
      ctx: ctx(),
      concurrency: 3,
      visit: async (_layer, def) => {
        await sleep(def.key.id === 'a/1' ? 20 : 1)
        return def.key.id
      },
    })
    expect(walk.layers).toEqual([{layer: 'a', results: ['a/1', 'a/2', 'a/3']}])
  })
})
