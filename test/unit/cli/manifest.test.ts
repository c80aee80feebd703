import {execFileSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {Plugin} from '@oclif/core'
import {describe, expect, it} from 'vitest'
import {ROOT} from '../../helpers/cli.js'

/** The committed manifest (git HEAD, else the file) must equal one computed from dist/commands now. */
function committedManifest(): {commands: Record<string, unknown>} {
  try {
    return JSON.parse(
      execFileSync('git', ['show', 'HEAD:oclif.manifest.json'], {
        cwd: ROOT,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }),
    )
  } catch {
    return JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8'))
  }
}

describe('oclif.manifest.json', () => {
  it('is current: regenerate it with `npm run build` and commit it', async () => {
    const plugin = new Plugin({
      root: ROOT,
      type: 'core',
      ignoreManifest: true,
      errorOnManifestCreate: true,
      isRoot: true,
    })
    await plugin.load()
    const fresh = plugin.manifest
    const committed = committedManifest()
    expect(Object.keys(committed.commands).sort()).toEqual(Object.keys(fresh.commands).sort())
    // relativePath depends on whether oclif found the .ts source; it is not part of the interface.
    const strip = (cmds: Record<string, unknown>) =>
      JSON.parse(JSON.stringify(cmds, (k, v) => (k === 'relativePath' ? undefined : v)))
    expect(strip(committed.commands)).toEqual(strip(fresh.commands))
  })
})
