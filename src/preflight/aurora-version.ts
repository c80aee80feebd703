import {DescribeDBEngineVersionsCommand, RDSClient, type DBEngineVersion} from '@aws-sdk/client-rds'
import {emulatorHasGap} from '../aws/emulator.js'
import {envKey, outcome, type CheckOutcome, type PreflightCheck, type PreflightContext} from './types.js'

/** Aurora MySQL 3 = MySQL 8.0: 8.0.mysql_aurora.3.MM.P. */
const V3 = /^8\.0\.mysql_aurora\.3\.(\d+)\.(\d+)$/

/** Newest first: by the minor and patch of Aurora MySQL 3 (3.10.0 after 3.09.1). */
export function newestFirst(versions: string[]): string[] {
  const key = (v: string) => {
    const m = V3.exec(v)
    return m ? Number(m[1]) * 1000 + Number(m[2]) : -1
  }
  return [...versions].sort((a, b) => key(b) - key(a))
}

async function engineVersions(ctx: PreflightContext, extra: {DefaultOnly?: boolean; EngineVersion?: string}) {
  const rds = ctx.aws.client(RDSClient, ctx.design.region)
  const out: DBEngineVersion[] = []
  let Marker: string | undefined
  do {
    const r = await rds.send(new DescribeDBEngineVersionsCommand({Engine: 'aurora-mysql', Marker, ...extra}))
    out.push(...(r.DBEngineVersions ?? []))
    Marker = r.Marker
  } while (Marker)
  return out
}

/**
 * Resolves the design's "Aurora MySQL 8.0" to an engine version AWS offers today, with
 * DescribeDBEngineVersions (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBEngineVersions.html:
 * it lists "only available engine versions" unless IncludeAll; DefaultOnly returns "the default
 * version of the specified engine or the engine and major version combination"). A configured
 * rdsEngineVersion must be one of them: a retired one fails CreateDBCluster with
 * InvalidParameterCombination "Cannot find version ... for aurora-mysql"
 * (https://github.com/aws/copilot-cli/issues/5812). Without one, the default 8.0 version, else
 * the newest available 3.x. An existing cluster keeps its version: the aurora layer compares
 * only the major version (engineMajorVersion), so neither a newer default nor AWS's automatic
 * minor upgrades are planned as drift, and no downgrade or replacement is ever planned.
 */
export const auroraVersionCheck: PreflightCheck = {
  name: 'aurora-version',
  async run(ctx): Promise<CheckOutcome> {
    if (!ctx.layers.includes('aurora')) return outcome()
    const wanted = ctx.design.rds.engineVersion
    const configured = V3.test(wanted) ? wanted : undefined
    const key = envKey(ctx, 'rdsEngineVersion')
    // The emulator does not implement DescribeDBEngineVersions (an HTTP 500 with an HTML body,
    // which the SDK retries 8 times): not sent there, like every gap only against the local
    // emulator (src/aws/emulator.ts). On AWS a denied or failed read is a warning, never a pass.
    if (emulatorHasGap('rds-describe-db-engine-versions-missing'))
      return outcome({
        resolved: {rdsEngineVersion: wanted},
        facts: {rdsEngineVersion: `${wanted} (not verified: emulator gap)`},
      })
    let available: string[]
    let defaults: string[]
    try {
      const all = await engineVersions(ctx, {})
      available = newestFirst(
        all
          .filter((v) => (v.Status ?? 'available') === 'available' && V3.test(v.EngineVersion ?? ''))
          .map((v) => v.EngineVersion!),
      )
      defaults = configured
        ? []
        : (await engineVersions(ctx, {EngineVersion: '8.0', DefaultOnly: true}))
            .map((v) => v.EngineVersion ?? '')
            .filter((v) => available.includes(v))
    } catch (err) {
      const e = err as {name?: string; message?: string}
      const why = `${e.name ?? 'Error'}: ${(e.message ?? String(err)).split('\n')[0]}`
      return outcome({
        warnings: [
          `Could not list the Aurora MySQL engine versions (rds:DescribeDBEngineVersions, ${why}): ${configured ? `${key} ${configured} is not verified to exist` : 'CreateDBCluster gets "8.0", which AWS resolves to its default Aurora MySQL 3 version'}.`,
        ],
        resolved: {rdsEngineVersion: wanted},
      })
    }
    if (configured) {
      if (available.includes(configured)) return outcome({resolved: {rdsEngineVersion: configured}})
      return outcome({
        problems: [
          {
            check: 'aurora-version',
            what: `Aurora MySQL ${configured} (${key}) is not an available engine version in ${ctx.design.region}.`,
            why: 'CreateDBCluster fails with InvalidParameterCombination "Cannot find version" for a version AWS retired or never offered.',
            remedy: `Set ${key} to one of ${available.slice(0, 5).join(', ') || '(none listed)'}${available.length > 5 ? ', ...' : ''}, or remove it to use AWS's default 8.0 version.`,
          },
        ],
      })
    }
    const chosen = defaults[0] ?? available[0]
    if (!chosen)
      return outcome({
        problems: [
          {
            check: 'aurora-version',
            what: `No Aurora MySQL 8.0-compatible (8.0.mysql_aurora.3.*) engine version is available in ${ctx.design.region}.`,
            why: 'CreateDBCluster cannot create an Aurora MySQL 8.0 cluster without one.',
            remedy: `Check the region's engine versions (aws rds describe-db-engine-versions --engine aurora-mysql); set ${key} to one that exists.`,
          },
        ],
      })
    return outcome({resolved: {rdsEngineVersion: chosen}, facts: {rdsEngineVersion: chosen}})
  },
}
