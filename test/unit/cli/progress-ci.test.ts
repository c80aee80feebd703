import {describe, expect, it} from 'vitest'
import {layerProgress} from '../../../src/cli/progress.js'
import {PlatformError} from '../../../src/errors.js'
import type {LayerDef, LayerSummary} from '../../../src/reconcile/types.js'

const layer = (name: string, dependsOn: string[] = []): LayerDef => ({
  name,
  description: `the ${name} layer`,
  dependsOn,
  steps: () => [],
})
const LAYERS = [layer('network'), layer('kms'), layer('eks', ['network', 'kms'])]
const summary = (name: string, created = 1): LayerSummary => ({
  layer: name,
  created,
  updated: 0,
  unchanged: 2,
  replaceRequired: 0,
  ms: 1500,
})

describe('layer progress in a CI log (not a terminal)', () => {
  it('prefixes every line with its layer; the summary is the layer’s last line, whatever the interleaving', async () => {
    const lines: string[] = []
    const progress = layerProgress({layers: LAYERS, json: false, renderer: 'simple', log: (l) => lines.push(l)})
    const e = progress.sink
    await progress.track(async () => {
      // Before the confirmation nothing shows (the plan and the question must stay readable).
      e.progress?.('network', 'planning')
      await progress.startOnConfirm(async () => true)(undefined)
      e.layerStart?.('network')
      e.layerStart?.('kms')
      e.progress?.('network', 'creating AWS::EC2::VPC vpc')
      e.progress?.('kms', 'creating AWS::KMS::Key key')
      e.layerDone?.('kms', summary('kms'))
      e.progress?.('kms', 'late line after the summary')
      e.progress?.('network', 'creating AWS::EC2::Subnet private-1a\u001b[2J')
      e.layerDone?.('network', summary('network', 4))
      e.layerStart?.('eks')
      e.layerFailed?.('eks', new PlatformError('CreateCluster: AccessDenied'))
    })
    expect(lines).toEqual([
      '[network] started',
      '[kms] started',
      '[network] creating AWS::EC2::VPC vpc',
      '[kms] creating AWS::KMS::Key key',
      '[kms] done: 1 created, 0 updated, 2 unchanged (1.5s)',
      '[network] creating AWS::EC2::Subnet private-1a\\x1b[2J',
      '[network] done: 4 created, 0 updated, 2 unchanged (1.5s)',
      '[eks] started',
      '[eks] failed: CreateCluster: AccessDenied',
    ])
    for (const name of ['network', 'kms', 'eks']) {
      const own = lines.filter((l) => l.startsWith(`[${name}] `))
      expect(own.at(-1)).toMatch(new RegExp(`^\\[${name}\\] (done|failed): `))
    }
  })

  it('a run that stops marks every layer still going as failed, and rethrows', async () => {
    const lines: string[] = []
    const progress = layerProgress({layers: LAYERS, json: false, renderer: 'simple', log: (l) => lines.push(l)})
    const boom = new PlatformError('the engine stopped')
    await expect(
      progress.track(async () => {
        await progress.startOnConfirm(async () => true)(undefined)
        progress.sink.layerDone?.('network', summary('network'))
        throw boom
      }),
    ).rejects.toBe(boom)
    expect(lines).toEqual([
      '[network] done: 1 created, 0 updated, 2 unchanged (1.5s)',
      '[kms] failed: the engine stopped',
      '[eks] failed: the engine stopped',
    ])
  })

  it('only the layers the run changes (--layer eks: network and kms are read, not shown)', async () => {
    const lines: string[] = []
    const progress = layerProgress({
      layers: LAYERS,
      only: ['eks'],
      json: false,
      renderer: 'simple',
      log: (l) => lines.push(l),
    })
    await progress.track(async () => {
      await progress.startOnConfirm(async () => true)(undefined)
      progress.sink.progress?.('network', 'reading vpc')
      progress.sink.layerDone?.('eks', summary('eks'))
    })
    expect(lines).toEqual(['[eks] done: 1 created, 0 updated, 2 unchanged (1.5s)'])
  })
})
