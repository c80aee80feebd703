import {readFileSync, readdirSync, statSync} from 'node:fs'
import {join, relative} from 'node:path'
import ts from 'typescript'
import {describe, expect, it} from 'vitest'
import {AwsAccess} from '../../src/aws/clients.js'
import {resolveDesign} from '../../src/design/resolve.js'
import {LAYERS} from '../../src/layers/index.js'
import {createContext} from '../../src/reconcile/context.js'
import {RESOURCE_TYPES} from '../../src/resources.js'
import {ROOT} from '../helpers/cli.js'

const CATALOGUE = 'src/resources.ts'
const LAYER_PREFIXES = LAYERS.map((l) => l.name).join('|')
/** A logical id written as a string: a quote or backtick, then `<layer>/`. */
const STRING_ID = new RegExp(`['"\`](${LAYER_PREFIXES})/`)

function sources(): string[] {
  const out: string[] = []
  const walk = (dir: string) => {
    for (const name of readdirSync(join(ROOT, dir))) {
      const p = join(dir, name)
      if (statSync(join(ROOT, p)).isDirectory()) walk(p)
      else if (p.endsWith('.ts')) out.push(p)
    }
  }
  for (const dir of ['src', 'commands', 'checks']) walk(dir)
  return out
}

describe('the resource catalogue', () => {
  it('is the only place a logical id is written as a string in src/, commands/ and checks/', () => {
    const offenders = sources()
      .filter((f) => f !== CATALOGUE)
      .flatMap((f) =>
        readFileSync(join(ROOT, f), 'utf8')
          .split('\n')
          .flatMap((line, i) => (STRING_ID.test(line) ? [`${f}:${i + 1}: ${line.trim()}`] : [])),
      )
    expect(offenders).toEqual([])
    // The pattern does find ids where they are written: in the catalogue itself.
    expect(readFileSync(join(ROOT, CATALOGUE), 'utf8')).toMatch(STRING_ID)
  })

  it('names every resource of every layer, with unique ids and catalogue types, in every environment', () => {
    const types = new Set<string>(Object.values(RESOURCE_TYPES))
    const aws = new AwsAccess({credentials: async () => ({accessKeyId: 'a', secretAccessKey: 'b'})})
    for (const env of ['prod', 'staging', 'dev']) {
      const design = resolveDesign({environments: {[env]: {evidenceSigningKey: true}}}, env)
      const ctx = createContext({aws, design, account: '1', mode: 'plan'})
      const keys = LAYERS.flatMap((l) =>
        l
          .steps(ctx)
          .flat()
          .map((def) => def.key),
      )
      expect(keys.length, env).toBeGreaterThan(50)
      expect(new Set(keys.map((k) => k.id)).size, env).toBe(keys.length)
      expect(keys.filter((k) => !types.has(k.type))).toEqual([])
    }
    aws.destroy()
  })

  it('a renamed key fails to compile where it is used', () => {
    const config = ts.getParsedCommandLineOfConfigFile(
      join(ROOT, 'tsconfig.json'),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(String(d.messageText))
        },
      },
    )
    if (!config) throw new Error('tsconfig.json did not parse')
    const catalogue = join(ROOT, CATALOGUE)
    const renamed = readFileSync(catalogue, 'utf8').replace('  vpc: key<', '  virtualPrivateCloud: key<')
    expect(renamed).toContain('virtualPrivateCloud')
    const host = ts.createCompilerHost(config.options)
    const read = host.getSourceFile.bind(host)
    host.getSourceFile = (file, lang, ...rest) =>
      file === catalogue ? ts.createSourceFile(file, renamed, lang) : read(file, lang, ...rest)
    const program = ts.createProgram({rootNames: config.fileNames, options: {...config.options, noEmit: true}, host})
    const broken = new Set(
      ts
        .getPreEmitDiagnostics(program)
        .filter((d) => d.category === ts.DiagnosticCategory.Error && d.file)
        .map((d) => relative(ROOT, d.file!.fileName)),
    )
    // Where RESOURCES.vpc is read: a layer, the audit inventory and a check.
    expect(broken).toContain('src/layers/network/vpc.ts')
    expect(broken).toContain('src/audit/inventory.ts')
    expect(broken).toContain('checks/network/vpc-cidr.ts')
  })
})
