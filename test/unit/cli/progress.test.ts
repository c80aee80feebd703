import {describe, expect, it} from 'vitest'
import {layerProgress, lineProgress} from '../../../src/cli/progress.js'
import {PlatformError} from '../../../src/errors.js'
import type {LayerDef, LayerSummary} from '../../../src/reconcile/types.js'

const layer = (name: string, dependsOn: string[] = []): LayerDef => ({
  name,
  description: `the ${name} layer`,
  dependsOn,
  steps: () => [],
})
const LAYERS = [layer('network'), layer('kms'), layer('eks', ['network', 'kms'])]
const summary = (name: string): LayerSummary => ({
  layer: name,
  created: 1,
  updated: 0,
  unchanged: 0,
  replaceRequired: 0,
  ms: 1,
})

/** Fails the test instead of hanging when the display never finishes. */
const within = <T>(p: Promise<T>, ms = 2000) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('did not settle')), ms))])

describe('layerProgress (silent under --json)', () => {
  it('passes the answer through, and settles once every changed layer is done', async () => {
    const progress = layerProgress({layers: LAYERS, only: ['eks'], json: true})
    const confirm = progress.startOnConfirm(async (n: number) => n === 2)
    const result = await within(
      progress.track(async () => {
        expect(await confirm(1)).toBe(false)
        expect(await confirm(2)).toBe(true)
        // network and kms are only read for eks: they are no task of the display.
        progress.sink.layerDone?.('eks', summary('eks'))
        return 'done'
      }),
    )
    expect(result).toBe('done')
  })

  it('fails the pending tasks and rethrows the run error', async () => {
    const progress = layerProgress({layers: LAYERS, json: true})
    const boom = new PlatformError('the engine stopped')
    const confirm = progress.startOnConfirm(async () => true)
    const run = progress.track(async () => {
      await confirm(undefined)
      progress.sink.layerDone?.('network', summary('network'))
      throw boom
    })
    await expect(within(run)).rejects.toBe(boom)
  })

  it('rethrows when the run stops before any confirmation (nothing was shown)', async () => {
    const progress = layerProgress({layers: LAYERS, json: true})
    const refused = new PlatformError('Aborted at the confirmation: nothing was changed.')
    await expect(
      within(
        progress.track(async () => {
          await progress.startOnConfirm(async () => false)(undefined)
          throw refused
        }),
      ),
    ).rejects.toBe(refused)
  })
})

describe('lineProgress', () => {
  it('indents each message under the listing', async () => {
    const lines: string[] = []
    const progress = lineProgress((line) => lines.push(line))
    await progress.track(async () => {
      await progress.startOnConfirm(async () => true)([])
      progress.sink('deleting AWS::EC2::VPC vpc (vpc-1)')
    })
    expect(lines).toEqual(['  deleting AWS::EC2::VPC vpc (vpc-1)'])
  })
})
