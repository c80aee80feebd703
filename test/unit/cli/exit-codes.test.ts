import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import {describe, expect, it} from 'vitest'
import {exitCodeHelp, exitCodeMarkdown, provisionExitCode} from '../../../src/cli/exit-codes.js'
import {EXIT_CODES, ExitCode} from '../../../src/errors.js'
import type {ProvisionResult} from '../../../src/reconcile/provision.js'
import type {PlannedResource} from '../../../src/reconcile/types.js'
import {ROOT} from '../../helpers/cli.js'

const COMMANDS = join(ROOT, 'commands')
const commandFiles = readdirSync(COMMANDS, {recursive: true, encoding: 'utf8'})
  .filter((f) => f.endsWith('.ts'))
  .sort()

describe('exit codes', () => {
  it('ExitCode is the table by name', () => {
    expect(Object.entries(ExitCode)).toEqual(EXIT_CODES.map((e) => [e.name, e.code]))
    expect(new Set(EXIT_CODES.map((e) => e.code)).size).toBe(EXIT_CODES.length)
  })

  it('the help section lists every code of the table with its meaning, in order', () => {
    const lines = exitCodeHelp().split('\n')
    expect(lines[0]).toBe('EXIT CODES')
    const rows = lines.slice(1).map((l) => /^ {2}(\d+) +(.+)$/.exec(l)?.slice(1))
    expect(rows).toEqual(EXIT_CODES.map((e) => [String(e.code), e.meaning]))
  })

  it.each(commandFiles)('commands/%s: --help ends with the generated exit-code section', async (file) => {
    const {default: command} = await import(pathToFileURL(join(COMMANDS, file)).href)
    expect(command.description, file).toMatch(new RegExp(`\\n\\n${escape(exitCodeHelp())}$`))
  })

  it('README.md holds the generated table: regenerate it with `npm run build` and commit it', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
    expect(readme).toContain(`\n\n${exitCodeMarkdown()}\n\n<!-- /exit-codes -->`)
    for (const e of EXIT_CODES) expect(exitCodeMarkdown()).toMatch(new RegExp(`^\\| ${e.code} \\| `, 'm'))
  })
})

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

const replacement: PlannedResource = {
  layer: 'network',
  id: 'network/vpc',
  type: 'AWS::EC2::VPC',
  name: 'vpc',
  action: 'replace-required',
  changes: [],
  requirements: [],
}
const run = (over: Partial<ProvisionResult>) =>
  ({dryRun: false, pendingChanges: 0, replaceRequired: [], ...over}) as ProvisionResult

describe('provisionExitCode', () => {
  it('is 6 whenever a replacement was left undone, dry run or not', () => {
    expect(provisionExitCode(run({replaceRequired: [replacement]}), {detailedExitcode: false})).toBe(
      ExitCode.REPLACE_REQUIRED,
    )
    expect(
      provisionExitCode(run({dryRun: true, pendingChanges: 3, replaceRequired: [replacement]}), {
        detailedExitcode: true,
      }),
    ).toBe(ExitCode.REPLACE_REQUIRED)
  })

  it('is 7 for pending changes only on a dry run with --detailed-exitcode', () => {
    expect(provisionExitCode(run({dryRun: true, pendingChanges: 3}), {detailedExitcode: true})).toBe(
      ExitCode.CHANGES_PENDING,
    )
    expect(provisionExitCode(run({dryRun: true, pendingChanges: 3}), {detailedExitcode: false})).toBe(ExitCode.OK)
    expect(provisionExitCode(run({dryRun: true, pendingChanges: 0}), {detailedExitcode: true})).toBe(ExitCode.OK)
  })
})
