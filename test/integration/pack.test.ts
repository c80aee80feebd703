import {spawnSync} from 'node:child_process'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {ROOT} from '../helpers/cli.js'

/**
 * scripts/pack-check.sh: `npm pack`, the tarball installed into an empty prefix (production
 * dependencies from the registry or the npm cache), and the installed `platform` run from there.
 * --no-build: the suite has built dist/ already, and a rebuild (rm -rf dist) would pull it from
 * under the integration tests running beside this one. About 20 s on the 2-core machine.
 */
describe('the packed tarball', () => {
  it('installs into an empty prefix; --version, -v, audit --help and completion run from it', () => {
    const r = spawnSync('bash', [join(ROOT, 'scripts/pack-check.sh'), '--no-build'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 170_000,
    })
    expect(r.stderr + r.stdout).toMatch(/pack-check: ok/)
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/^--version: platform\/\d+\.\d+\.\d+ /m)
    expect(r.stdout).toMatch(/^-v: platform\/\d+\.\d+\.\d+ /m)
    expect(r.stdout).toMatch(/^tarball: \d+ files, runtime only$/m)
    expect(r.stdout).toMatch(/^autocomplete script bash: ok$/m)
  }, 180_000)
})
