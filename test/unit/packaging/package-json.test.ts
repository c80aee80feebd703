import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {ROOT} from '../../helpers/cli.js'

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  private?: boolean
  bin: Record<string, string>
  files: string[]
  scripts: Record<string, string>
  dependencies: Record<string, string>
  devDependencies: Record<string, string>
  oclif: {plugins?: string[]; additionalVersionFlags?: string[]; commands: string}
}

describe('package.json: what `npm pack` ships', () => {
  it('builds before packing, so the tarball never holds a stale dist or manifest', () => {
    expect(pkg.scripts.prepack).toBe('npm run build')
  })

  it('registers shell completion as a runtime plugin (a dependency, not a dev one)', () => {
    expect(pkg.oclif.plugins).toContain('@oclif/plugin-autocomplete')
    expect(pkg.dependencies['@oclif/plugin-autocomplete']).toBe('3.2.56')
    expect(pkg.devDependencies['@oclif/plugin-autocomplete']).toBeUndefined()
  })

  it('answers -v as --version', () => {
    expect(pkg.oclif.additionalVersionFlags).toEqual(['-v'])
  })

  it('ships the binary, the compiled commands and the manifest oclif loads them from', () => {
    expect(pkg.bin.platform).toBe('./bin/run.js')
    for (const f of ['bin', 'dist', 'oclif.manifest.json', 'schema']) expect(pkg.files).toContain(f)
    expect(pkg.oclif.commands.startsWith('./dist/')).toBe(true)
  })

  it('stays private: distributed as a tarball and an image, never published to the public registry', () => {
    expect(pkg.private).toBe(true)
  })
})
