import {existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {basename, dirname, join, resolve} from 'node:path'
import {create as createTar} from 'tar'
import type {AuditReport} from '../audit/index.js'
import {podsResourceId} from '../audit/pod-groups.js'
import {clusterNameOf} from '../audit/reach.js'
import type {Inventory, InventoryItem} from '../audit/types.js'
import type {LintResult} from '../design/lint.js'
import type {ResolvedDesign} from '../design/types.js'
import {UsageError} from '../errors.js'
import type {Lang} from '../i18n/index.js'
import {stableStringify} from '../reconcile/diff.js'
import {RESOURCES} from '../resources.js'
import {auditCsv} from '../report/audit/csv.js'
import {auditOcsf} from '../report/audit/ocsf.js'
import {jsonText} from '../report/json.js'
import {controlRows, controlsCsv} from './controls.js'
import {
  fileEntries,
  MANIFEST,
  sha256,
  SIGNATURE,
  type ChainLink,
  type EvidenceManifest,
  type EvidenceSignature,
  utcAndJst,
} from './manifest.js'
import {redact, scrubText, secretValuesFromEnv} from './redact.js'
import {evidenceHtml} from './report-html.js'

export const inventoryFile = (id: string) => `inventory/${id.replace(/[^\w.-]+/g, '__')}.json`

export interface ExportResult {
  dir: string
  manifest: EvidenceManifest
  signed: boolean
  archive?: string
}

/**
 * Writes a self-describing bundle: findings in three formats, one control row per requirement,
 * the raw read-only state judged (redacted), a report page, and a manifest holding the SHA-256
 * and size of every file, optionally signed with a KMS key.
 */
export async function exportEvidence(opts: {
  outDir: string
  report: AuditReport
  inventory?: Inventory
  design: ResolvedDesign
  lint: LintResult
  tool: {name: string; version: string}
  commandLine: string[]
  sign?: (manifestBytes: Buffer) => Promise<Omit<EvidenceSignature, 'manifestSha256' | 'publicKeySha256' | 'algorithm'>>
  archive?: boolean
  /** Runs on the finished bundle (the upload) before it is moved into place; a failure leaves nothing. */
  publish?: (staged: {dir: string; archive?: string}) => Promise<void>
  now?: Date
  /** `audit --store`: this run's link of the hash chain, recorded in the manifest. */
  chain?: ChainLink
  /**
   * Language of what people read (controls.csv's headers, report.html); the data files stay
   * English and UTC. Not in the manifest: its schema is strict, and a field older verifiers do
   * not know would make them refuse the bundle.
   */
  lang?: Lang
}): Promise<ExportResult> {
  const now = (opts.now ?? new Date()).toISOString()
  const target = checkOutDir(opts.outDir)
  const archiveName = `evidence-${safeName(opts.report.env)}-${now.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}.tar.gz`
  const archiveTarget = join(dirname(target), archiveName)
  if (opts.archive && existsSync(archiveTarget))
    throw new UsageError(`${archiveTarget} already exists`, 'Remove it, or export again a second later.')
  // Everything is written into a staging directory beside --out and renamed into place only
  // once signed, archived and uploaded: a failure at any step leaves no complete-looking bundle
  // (rename within one directory is atomic, and replaces an empty directory on POSIX).
  mkdirSync(dirname(target), {recursive: true})
  const staging = mkdtempSync(join(dirname(target), `.${basename(target)}.partial-`))
  try {
    const dir = join(staging, basename(target))
    const {manifest, signed} = await writeBundle(dir, opts, now)
    let archive: string | undefined
    if (opts.archive) {
      archive = join(staging, archiveName)
      await createTar({gzip: true, file: archive, cwd: staging, portable: true}, [basename(dir)])
    }
    await opts.publish?.({dir, archive})
    renameSync(dir, target)
    if (archive) renameSync(archive, archiveTarget)
    return {dir: target, manifest, signed, archive: archive ? archiveTarget : undefined}
  } finally {
    rmSync(staging, {recursive: true, force: true})
  }
}

/** --out must be absent or an empty directory; checked before any audit runs. */
export function checkOutDir(outDir: string): string {
  const target = resolve(outDir)
  if (!existsSync(target)) {
    // Missing parents are created at export; the nearest existing one must be a directory.
    let parent = dirname(target)
    while (!existsSync(parent)) parent = dirname(parent)
    if (!statSync(parent).isDirectory())
      throw new UsageError(`${parent} is not a directory: --out cannot be created under it`, 'Choose another --out.')
    return target
  }
  if (!statSync(target).isDirectory() || readdirSync(target).length > 0)
    throw new UsageError(
      `${target} is not empty: a bundle is written into an empty directory.`,
      'Choose a new --out directory.',
    )
  return target
}

/** File names derived from report data must not carry path characters. */
const safeName = (s: string) => s.replace(/[^a-z0-9-]+/gi, '_')

async function writeBundle(
  dir: string,
  opts: Parameters<typeof exportEvidence>[0],
  now: string,
): Promise<{manifest: EvidenceManifest; signed: boolean}> {
  mkdirSync(dir)
  const secrets = secretValuesFromEnv()
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), {recursive: true})
    writeFileSync(join(dir, path), scrubText(text, secrets), {flag: 'wx'})
  }
  const report = redact(opts.report, secrets)
  const items: InventoryItem[] = opts.inventory ? [...opts.inventory.items.values()] : []
  const byResource = new Map<string, string>()
  for (const item of items) {
    const file = inventoryFile(item.id)
    for (const key of [item.physicalId, item.arn, item.name, item.id]) if (key) byResource.set(key, file)
    write(file, jsonText(redact(item, secrets)) + '\n')
  }
  // What the pod path checks judged from the cluster (pod-groups.ts): the policies and pods.
  if (opts.inventory?.cluster !== undefined) {
    const file = inventoryFile('kubernetes/pod-security-groups')
    write(file, jsonText(redact(opts.inventory.cluster, secrets)) + '\n')
    const cluster = items.find((i) => i.id === RESOURCES.eksCluster.id)
    const clusterName = cluster ? clusterNameOf(cluster) : ''
    for (const w of opts.design.workloads) byResource.set(podsResourceId(clusterName, w.name), file)
  }
  const controls = controlRows(report.findings, (id) => byResource.get(id), opts.design)
  write('findings.json', jsonText(report) + '\n')
  write('findings.ocsf.json', jsonText(auditOcsf(report)) + '\n')
  write('findings.csv', auditCsv(report))
  write('controls.csv', controlsCsv(controls, opts.lang))
  const identity: Omit<EvidenceManifest, 'files'> = {
    format: 'platform-evidence/1',
    tool: opts.tool,
    designDigest: sha256(stableStringify(opts.design)),
    env: report.env,
    project: opts.design.project,
    account: report.account,
    callerArn: report.callerArn,
    regions: report.regions,
    audit: {startedAt: utcAndJst(report.startedAt), finishedAt: utcAndJst(report.finishedAt)},
    exportedAt: utcAndJst(now),
    commandLine: redact(opts.commandLine, secrets),
    summary: report.summary,
    ...(opts.chain ? {chain: opts.chain} : {}),
  }
  write('report.html', evidenceHtml(report, controls, opts.lint, identity, {lang: opts.lang, design: opts.design}))
  const manifest: EvidenceManifest = {...identity, files: fileEntries(dir)}
  const bytes = Buffer.from(jsonText(manifest) + '\n')
  writeFileSync(join(dir, MANIFEST), bytes)
  if (!opts.sign) return {manifest, signed: false}
  const s = await opts.sign(bytes)
  const sig: EvidenceSignature = {
    ...s,
    algorithm: 'ECDSA_SHA_256',
    manifestSha256: sha256(bytes),
    publicKeySha256: sha256(Buffer.from(s.publicKey, 'base64')),
  }
  writeFileSync(join(dir, SIGNATURE), jsonText(sig) + '\n')
  return {manifest, signed: true}
}
