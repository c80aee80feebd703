import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import * as prettier from 'prettier'
import {describe, expect, it} from 'vitest'
import {ROOT} from '../../helpers/cli.js'

describe('the formatter', () => {
  it('npm run lint checks formatting before eslint, with the oclif prettier config', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
    expect(pkg.scripts.lint).toMatch(/^prettier --check \. && eslint/)
    const config = await prettier.resolveConfig(join(ROOT, 'src/resources.ts'))
    expect(config).toMatchObject({printWidth: 120, singleQuote: true, semi: false, bracketSpacing: false})
  })

  it('rejects an unformatted file and accepts the tree as committed', async () => {
    const filepath = join(ROOT, 'src/resources.ts')
    const config = {...(await prettier.resolveConfig(filepath)), filepath}
    expect(await prettier.check('export const x = {a:1,  b: "two"};\n', config)).toBe(false)
    expect(await prettier.check(readFileSync(filepath, 'utf8'), config)).toBe(true)
  })
})
