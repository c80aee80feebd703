import {PassThrough, Writable} from 'node:stream'
import {describe, expect, it} from 'vitest'
import {askToType, destroyConfirm, isInteractive, provisionConfirm} from '../../../src/cli/confirm.js'
import {UsageError} from '../../../src/errors.js'
import type {DestroyItem} from '../../../src/reconcile/destroy.js'
import type {PlannedResource} from '../../../src/reconcile/types.js'

/** An operator at the terminal: types `answer` once the question has been written. */
function operator(answer: string) {
  const input = new PassThrough()
  let asked = ''
  const output = new Writable({
    write(chunk, _encoding, done) {
      asked += String(chunk)
      input.write(`${answer}\n`)
      done()
    },
  })
  return {streams: {input, output}, asked: () => asked}
}

/** Streams that fail the test if anything is asked. */
function nobody() {
  const output = new Writable({
    write(chunk) {
      throw new Error(`asked: ${String(chunk)}`)
    },
  })
  return {input: new PassThrough(), output}
}

function thrown(f: () => unknown): UsageError | undefined {
  try {
    f()
  } catch (err) {
    if (err instanceof UsageError) return err
    throw err
  }
  return undefined
}

const planned = (action: PlannedResource['action']): PlannedResource => ({
  layer: 'network',
  id: `network/${action}`,
  type: 'AWS::EC2::VPC',
  name: action,
  action,
  changes: [],
  requirements: [],
})
const plan = [planned('create'), planned('update'), planned('no-op'), planned('replace-required')]

const item = (action: DestroyItem['action']): DestroyItem => ({
  layer: 'network',
  id: `network/${action}`,
  type: 'AWS::EC2::VPC',
  name: action,
  physicalId: 'vpc-1',
  action,
})
const items = [item('delete'), item('delete'), item('keep')]

describe('askToType', () => {
  it('asks for the word and accepts exactly it, blanks aside', async () => {
    const op = operator('  prod ')
    expect(await askToType('Apply 2 change(s) to PRODUCTION?', 'prod', op.streams)).toBe(true)
    expect(op.asked()).toBe('Apply 2 change(s) to PRODUCTION? Type "prod" to confirm: ')
  })

  it('refuses anything else, "y" included', async () => {
    expect(await askToType('Go?', 'prod', operator('y').streams)).toBe(false)
    expect(await askToType('Go?', 'prod', operator('PROD').streams)).toBe(false)
  })
})

describe('isInteractive', () => {
  it('is never interactive under --json', () => {
    expect(isInteractive({json: true})).toBe(false)
  })
})

describe('provisionConfirm', () => {
  const shell = {yes: false, dryRun: false, interactive: true}

  it('does not ask outside prod', async () => {
    const confirm = provisionConfirm('dev', {...shell, interactive: false}, nobody())
    expect(await confirm(plan)).toBe(true)
  })

  it('does not ask prod with --yes, even without a terminal', async () => {
    const confirm = provisionConfirm('prod', {...shell, yes: true, interactive: false}, nobody())
    expect(await confirm(plan)).toBe(true)
  })

  it('asks prod to type "prod", counting the pending changes only', async () => {
    const op = operator('prod')
    expect(await provisionConfirm('prod', shell, op.streams)(plan)).toBe(true)
    expect(op.asked()).toBe('Apply 2 change(s) to PRODUCTION? Type "prod" to confirm: ')
    expect(await provisionConfirm('prod', shell, operator('yes').streams)(plan)).toBe(false)
  })

  it('refuses prod up front in a non-interactive shell, unless a dry run', () => {
    const refuse = () => provisionConfirm('prod', {...shell, interactive: false})
    expect(refuse).toThrow(UsageError)
    expect(refuse).toThrow('Refusing to change prod without confirmation in a non-interactive shell.')
    expect(thrown(refuse)?.remedy).toBe('Review `platform provision --env prod --dry-run`, then run again with --yes.')
    expect(() => provisionConfirm('prod', {...shell, interactive: false, dryRun: true})).not.toThrow()
  })
})

describe('destroyConfirm', () => {
  const shell = {yes: false, dryRun: false, productionAcknowledged: false, interactive: true}

  it('asks other environments to type their name, counting deletions only', async () => {
    const op = operator('dev')
    expect(await destroyConfirm('dev', shell, op.streams)(items)).toBe(true)
    expect(op.asked()).toBe('Delete 2 resource(s) of dev? Type "dev" to confirm: ')
    expect(await destroyConfirm('dev', shell, operator('prod').streams)(items)).toBe(false)
  })

  it('does not ask other environments with --yes, even without a terminal', async () => {
    const confirm = destroyConfirm('staging', {...shell, yes: true, interactive: false}, nobody())
    expect(await confirm(items)).toBe(true)
  })

  it('refuses other environments without --yes in a non-interactive shell, unless a dry run', () => {
    const refuse = () => destroyConfirm('dev', {...shell, interactive: false})
    expect(refuse).toThrow('Refusing to destroy dev without confirmation in a non-interactive shell.')
    expect(thrown(refuse)?.remedy).toBe('Review `platform destroy --env ENV --dry-run`, then run again with --yes.')
    expect(() => destroyConfirm('dev', {...shell, interactive: false, dryRun: true})).not.toThrow()
  })

  it('asks prod to type "delete production", --yes or not', async () => {
    const acknowledged = {...shell, yes: true, productionAcknowledged: true}
    const op = operator('delete production')
    expect(await destroyConfirm('prod', acknowledged, op.streams)(items)).toBe(true)
    expect(op.asked()).toBe('Delete 2 resource(s) of prod? Type "delete production" to confirm: ')
    expect(await destroyConfirm('prod', acknowledged, operator('prod').streams)(items)).toBe(false)
  })

  it('refuses prod without the acknowledgement flag, or without a terminal; a dry run is allowed', () => {
    const message = 'Refusing to destroy prod.'
    expect(() => destroyConfirm('prod', {...shell, yes: true})).toThrow(message)
    expect(() => destroyConfirm('prod', {...shell, productionAcknowledged: true, interactive: false})).toThrow(message)
    expect(thrown(() => destroyConfirm('prod', shell))?.remedy).toBe(
      'Destroying production needs --env prod --i-understand-this-deletes-production in an interactive shell, and typing the confirmation.',
    )
    expect(() => destroyConfirm('prod', {...shell, dryRun: true, interactive: false})).not.toThrow()
  })
})
