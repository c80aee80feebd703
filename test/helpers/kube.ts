import {expect} from 'vitest'
import {emulatorEnv, runCli} from './cli.js'
import type {Moto} from './moto.js'

/**
 * What an operator does after provision: `platform manifests ... | kubectl apply -f -`, here
 * into the test bed's fake cluster. Without it the pods carry only the cluster security group
 * and the pod path checks FAIL, as they would on AWS.
 */
export async function applyManifests(moto: Moto, config: string, opts: {env?: string; without?: string[]} = {}) {
  const r = await runCli(['manifests', '--env', opts.env ?? 'dev', '--config', config, '--image-tag', 'v1'], {
    env: emulatorEnv(moto.url),
  })
  expect(r.code, r.stderr).toBe(0)
  const without = new Set(opts.without ?? [])
  moto.kube.applyYaml(
    r.stdout
      .split(/^---$/m)
      .filter((doc) => ![...without].some((kind) => new RegExp(`^kind: ${kind}$`, 'm').test(doc)))
      .join('---\n'),
  )
}
