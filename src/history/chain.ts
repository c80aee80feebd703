import type {AwsAccess} from '../aws/clients.js'
import {manifestSchema, sha256, type ChainLink} from '../evidence/manifest.js'
import {verifyPath} from '../evidence/open.js'
import type {TrustResolver} from '../evidence/trust.js'
import {
  deletedKeys,
  envPrefix,
  EVIDENCE,
  getObject,
  listRuns,
  MANIFEST_KEY,
  REPORT,
  runOfKey,
  type RunFolder,
  type StoreLocation,
} from './store.js'

export interface ChainRun {
  key: string
  runId: string
  /** When the run started, as its key says. */
  time: string
  status: 'OK' | 'ALTERED' | 'BROKEN_LINK' | 'INCOMPLETE' | 'DELETED'
  /** What its bundle's signature proves (as `evidence verify` says): a trusted key, or integrity only. */
  trust?: 'trusted' | 'integrity-only'
  signature?: 'valid' | 'invalid' | 'absent'
  problems: string[]
}

export interface MissingNight {
  /** When a run was due (the schedule counted from the run before the gap). */
  expected: string
  after: string | null
  before: string | null
}

/** What `evidence verify --chain --json` prints. */
export interface ChainVerifyResult {
  chain: string
  env: string
  scheduleHours: number
  intact: boolean
  runs: ChainRun[]
  missingNights: MissingNight[]
  /** Everything wrong, one line each, naming the run by key and date. */
  problems: string[]
}

const HOUR = 3_600_000
/** A run is late, not missing, until half a period past its time: cron start and audit length vary. */
const GRACE = 0.5

/**
 * Walks the runs of one environment oldest first and checks each: its bundle against its
 * manifest (and signature), its report.json against the digest in the manifest, its key against
 * the run the manifest names, and its link (the previous run's key and manifest SHA-256) against
 * the run actually before it. Gaps between runs longer than the schedule allows, and since the
 * last run until now, are named night by night.
 */
export async function verifyChain(opts: {
  aws: () => AwsAccess
  region: string
  loc: StoreLocation
  env: string
  scheduleHours: number
  now: Date
  resolveTrust?: TrustResolver
  allowUnsigned: boolean
}): Promise<ChainVerifyResult> {
  const {loc, env, region} = opts
  // One KMS lookup per signing key, not one per night (a year of runs is one key, 365 bundles).
  const anchors = new Map<string | undefined, ReturnType<TrustResolver>>()
  const resolveTrust: TrustResolver | undefined = opts.resolveTrust
    ? (claim) => {
        if (!anchors.has(claim)) anchors.set(claim, opts.resolveTrust!(claim))
        return anchors.get(claim)!
      }
    : undefined
  const aws = opts.aws()
  const chainUrl = `s3://${loc.bucket}/${envPrefix(loc, env)}`
  const problems: string[] = []
  const runs: ChainRun[] = []
  const missingNights: MissingNight[] = []
  try {
    const listed = await listRuns(aws, region, loc, env)
    for (const k of listed.strays) problems.push(`an object outside any run folder: ${k}`)
    const folders = new Map<string, RunFolder | Omit<RunFolder, 'objects'>>(listed.runs.map((r) => [r.key, r]))
    const deleted = new Map<string, number>()
    for (const k of await deletedKeys(aws, region, loc, env)) {
      const r = runOfKey(envPrefix(loc, env), k)
      if (!r) continue
      deleted.set(r.run.key, (deleted.get(r.run.key) ?? 0) + 1)
      if (!folders.has(r.run.key)) folders.set(r.run.key, r.run)
    }
    const ordered = [...folders.values()].sort((a, b) => a.key.localeCompare(b.key))
    let prev: {run: ChainRun; manifestSha256?: string} | undefined
    for (const folder of ordered) {
      const run: ChainRun = {key: folder.key, runId: folder.runId, time: folder.keyTime, status: 'OK', problems: []}
      const name = `run ${folder.key} (${folder.keyTime})`
      runs.push(run)
      const objects = 'objects' in folder ? folder.objects : new Set<string>()
      const mark = (status: ChainRun['status'], why: string) => {
        if (run.status === 'OK' || status === 'DELETED') run.status = status
        run.problems.push(why)
      }
      if (prev) gap(prev.run, run, opts.scheduleHours, missingNights)
      if (!folder.dateConsistent) mark('ALTERED', `${name}: its date folder is not the date of its run id`)
      if (objects.size === 0) {
        mark('DELETED', `${name} was deleted: a delete marker hides each of its ${deleted.get(folder.key)} objects`)
        prev = {run}
        continue
      }
      if (deleted.has(folder.key))
        mark('ALTERED', `${name}: objects deleted (delete markers hide ${deleted.get(folder.key)} of them)`)
      if (!objects.has(MANIFEST_KEY)) {
        mark('INCOMPLETE', `${name} has no ${MANIFEST_KEY}: incomplete (interrupted) or its manifest was deleted`)
        prev = {run}
        continue
      }
      const manifestBytes = (await getObject(aws, region, loc.bucket, `${folder.key}${MANIFEST_KEY}`))!
      const manifestSha256 = sha256(manifestBytes)
      let link: ChainLink | undefined
      try {
        const m = manifestSchema.parse(JSON.parse(manifestBytes.toString('utf8')))
        link = m.chain
        if (m.env !== env) mark('ALTERED', `${name}: its manifest is of environment ${m.env}`)
        if (m.audit.startedAt.utc.replace(/\.\d+Z$/, 'Z') !== folder.keyTime)
          mark('ALTERED', `${name}: its audit started ${m.audit.startedAt.utc}, not when its key says`)
      } catch {
        mark('ALTERED', `${name}: ${MANIFEST_KEY} is not an evidence manifest`)
      }
      const bundle = await verifyPath(`s3://${loc.bucket}/${folder.key}${EVIDENCE}`, {
        aws: opts.aws,
        region,
        resolveTrust,
        allowUnsigned: opts.allowUnsigned,
      })
      run.trust = bundle.trust
      run.signature = bundle.signature
      if (!bundle.intact)
        mark(
          'ALTERED',
          `${name}: its evidence bundle does not verify (${bundle.status}): ${bundle.problems.join('; ')}`,
        )
      if (link) {
        const report = await getObject(aws, region, loc.bucket, `${folder.key}${REPORT}`)
        if (!report) mark('ALTERED', `${name}: ${REPORT} is missing`)
        else if (sha256(report) !== link.reportSha256)
          mark('ALTERED', `${name}: ${REPORT} is not the report its manifest records (altered)`)
        if (link.runKey !== folder.key) mark('ALTERED', `${name}: its manifest is of run ${link.runKey} (copied here)`)
        checkLink(name, link, prev, mark)
      } else mark('ALTERED', `${name}: its manifest holds no chain link (not written by audit --store)`)
      prev = {run, manifestSha256}
    }
    if (ordered.length === 0) problems.push(`no run of ${env} under ${chainUrl}`)
    if (prev) trailingGap(prev.run, opts.now, opts.scheduleHours, missingNights)
  } finally {
    aws.destroy()
  }
  for (const r of runs) problems.push(...r.problems)
  for (const m of missingNights)
    problems.push(
      `missing night ${m.expected.slice(0, 10)}: no run near ${m.expected} (after ${m.after ?? 'none'}${m.before ? `, before ${m.before}` : ''})`,
    )
  return {
    chain: chainUrl,
    env,
    scheduleHours: opts.scheduleHours,
    intact: problems.length === 0,
    runs,
    missingNights,
    problems,
  }
}

/** The link must name the run just before, by key and by the SHA-256 of its manifest as stored now. */
export function checkLink(
  name: string,
  link: ChainLink,
  prev: {run: ChainRun; manifestSha256?: string} | undefined,
  mark: (s: ChainRun['status'], why: string) => void,
): void {
  if (!prev) {
    if (link.previous)
      mark(
        'BROKEN_LINK',
        `${name} links to ${link.previous.key}, which is not in the store (the first run links to none)`,
      )
    return
  }
  const p = prev.run
  if (!link.previous) {
    mark('BROKEN_LINK', `${name} links to no run, though run ${p.key} (${p.time}) is before it`)
    return
  }
  if (link.previous.key !== p.key) {
    mark('BROKEN_LINK', `${name} links to ${link.previous.key}, but the run before it is ${p.key} (${p.time})`)
    return
  }
  if (!prev.manifestSha256) {
    mark('BROKEN_LINK', `${name} links to run ${p.key} (${p.time}), which is ${p.status.toLowerCase()}`)
    return
  }
  if (link.previous.manifestSha256 !== prev.manifestSha256) {
    mark(
      'BROKEN_LINK',
      `${name} links to run ${p.key} (${p.time}) with manifest SHA-256 ${link.previous.manifestSha256}, but that manifest now hashes to ${prev.manifestSha256}`,
    )
    if (p.status === 'OK') p.status = 'ALTERED'
    p.problems.push(`run ${p.key} (${p.time}): its manifest is not the one the next run recorded (altered)`)
  }
}

/** Every night due between two runs and not run. */
export function gap(prev: ChainRun, run: ChainRun, hours: number, out: MissingNight[]): void {
  const a = Date.parse(prev.time)
  const b = Date.parse(run.time)
  for (let t = a + hours * HOUR; b - t > GRACE * hours * HOUR; t += hours * HOUR)
    out.push({expected: new Date(t).toISOString(), after: prev.key, before: run.key})
}

/** Every night due since the last run and not run (an audit that stopped is a missing night too). */
export function trailingGap(last: ChainRun, now: Date, hours: number, out: MissingNight[]): void {
  const a = Date.parse(last.time)
  for (let t = a + hours * HOUR; now.getTime() - t > GRACE * hours * HOUR; t += hours * HOUR)
    out.push({expected: new Date(t).toISOString(), after: last.key, before: null})
}
