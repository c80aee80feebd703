import {createInterface} from 'node:readline/promises'
import type {Readable, Writable} from 'node:stream'
import {UsageError} from '../errors.js'
import type {DestroyItem} from '../reconcile/destroy.js'
import {isPending} from '../reconcile/provision.js'
import type {PlannedResource} from '../reconcile/types.js'

/** Where a prompt reads its answer and writes its question; tests pass their own streams. */
export interface PromptStreams {
  input: Readable
  output: Writable
}

/** The question goes to stderr: stdout may be piped somewhere, and must hold only the output. */
const terminal = (): PromptStreams => ({input: process.stdin, output: process.stderr})

/** Someone can answer a prompt: stdin is a terminal, and stdout is not a JSON document for a program. */
export function isInteractive(opts: {json: boolean}): boolean {
  return Boolean(process.stdin.isTTY) && !opts.json
}

/**
 * Asks `question`, then for the word to be typed. A typed word rather than y/n: a reflexive
 * "y" must not reach production. True only for exactly that word (surrounding blanks aside).
 */
export async function askToType(question: string, word: string, streams = terminal()): Promise<boolean> {
  const rl = createInterface(streams)
  try {
    const answer = await rl.question(`${question} Type "${word}" to confirm: `)
    return answer.trim() === word
  } finally {
    rl.close()
  }
}

/** The answer to "go ahead?" for one run: resolves false to abort with nothing changed. */
export type Confirm<Subject> = (subject: Subject) => Promise<boolean>

const always: Confirm<unknown> = async () => true

/**
 * provision: only prod asks, for "prod", unless --yes. Without a terminal nobody can type it,
 * so prod is refused up front (before any AWS call) unless --yes or --dry-run.
 */
export function provisionConfirm(
  env: string,
  opts: {yes: boolean; dryRun: boolean; interactive: boolean},
  streams?: PromptStreams,
): Confirm<PlannedResource[]> {
  if (env !== 'prod' || opts.yes) return always
  if (!opts.dryRun && !opts.interactive)
    throw new UsageError(
      'Refusing to change prod without confirmation in a non-interactive shell.',
      'Review `platform provision --env prod --dry-run`, then run again with --yes.',
    )
  return (plan) =>
    askToType(`Apply ${plan.filter(isPending).length} change(s) to PRODUCTION?`, 'prod', streams ?? terminal())
}

/**
 * destroy: every environment asks for its name unless --yes; prod always asks, for "delete
 * production", and only with --i-understand-this-deletes-production in an interactive shell.
 * A dry run deletes nothing, so it never asks and is never refused.
 */
export function destroyConfirm(
  env: string,
  opts: {yes: boolean; dryRun: boolean; productionAcknowledged: boolean; interactive: boolean},
  streams?: PromptStreams,
): Confirm<DestroyItem[]> {
  const prod = env === 'prod'
  if (!opts.dryRun && prod && (!opts.productionAcknowledged || !opts.interactive))
    throw new UsageError(
      'Refusing to destroy prod.',
      'Destroying production needs --env prod --i-understand-this-deletes-production in an interactive shell, and typing the confirmation.',
    )
  if (!opts.dryRun && !prod && !opts.yes && !opts.interactive)
    throw new UsageError(
      `Refusing to destroy ${env} without confirmation in a non-interactive shell.`,
      'Review `platform destroy --env ENV --dry-run`, then run again with --yes.',
    )
  if (opts.yes && !prod) return always
  const word = prod ? 'delete production' : env
  return (items) =>
    askToType(
      `Delete ${items.filter((i) => i.action === 'delete').length} resource(s) of ${env}?`,
      word,
      streams ?? terminal(),
    )
}
