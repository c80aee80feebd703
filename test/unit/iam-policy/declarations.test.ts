import {describe, expect, it} from 'vitest'
import {CODE_CALLS, FILE_GROUPS} from '../../../src/iam-policy/declarations.js'
import {LAYER_CALLS} from '../../../src/layers/aws-calls.js'
import {ROOT} from '../../helpers/cli.js'
import {scanSources} from './scan.js'

const scanned = scanSources(ROOT)
const groupOf = (file: string): string =>
  file.startsWith('src/layers/')
    ? file.split('/').length > 3
      ? `layer:${file.split('/')[2]}`
      : 'layer:shared'
    : `code:${FILE_GROUPS[file] ?? `UNDECLARED ${file}`}`
const declared = (group: string): readonly string[] => {
  const [kind, name] = group.split(':') as [string, string]
  return kind === 'layer' ? (LAYER_CALLS[name] ?? []) : ((CODE_CALLS as Record<string, readonly string[]>)[name] ?? [])
}

describe('declared AWS calls against the source', () => {
  it('finds the calls the scan must see (sanity of the scanner itself)', () => {
    expect(scanned.get('src/aws/identity.ts')).toEqual(new Set(['STS.GetCallerIdentity']))
    // A paginator is a call too.
    expect(scanned.get('src/audit/inventory.ts')).toEqual(new Set(['EC2.DescribeSecurityGroups']))
    expect(scanned.size).toBeGreaterThan(30)
  })

  it('every call a file sends is declared for its layer or code group', () => {
    const missing: string[] = []
    for (const [file, calls] of scanned) {
      const group = groupOf(file)
      for (const c of calls) if (!declared(group).includes(c)) missing.push(`${file} (${group}): ${c}`)
    }
    expect(missing).toEqual([])
  })

  it('declares nothing the code no longer sends (the policies stay least-privilege)', () => {
    const sent = new Map<string, Set<string>>()
    for (const [file, calls] of scanned) {
      const g = groupOf(file)
      sent.set(g, new Set([...(sent.get(g) ?? []), ...calls]))
    }
    const stale: string[] = []
    for (const [name, calls] of Object.entries(LAYER_CALLS))
      for (const c of calls) if (!sent.get(`layer:${name}`)?.has(c)) stale.push(`layer:${name} ${c}`)
    for (const [name, calls] of Object.entries(CODE_CALLS))
      for (const c of calls) if (!sent.get(`code:${name}`)?.has(c)) stale.push(`code:${name} ${c}`)
    expect(stale).toEqual([])
  })
})
