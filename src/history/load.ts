import type {AwsAccess} from '../aws/clients.js'
import {parseS3Url} from '../aws/object-lock.js'
import type {AuditReport} from '../audit/report-schema.js'
import {parseReport} from '../audit/parse-report.js'
import {ConfigError, UsageError} from '../errors.js'
import {readLocalFile} from '../files/local.js'
import {getObject} from './store.js'

export {parseReport}

/** A report from a local file or s3://BUCKET/KEY. */
export async function loadReport(source: string, opts: {aws: () => AwsAccess; region: string}): Promise<AuditReport> {
  if (!source.startsWith('s3://'))
    return parseReport(readLocalFile(source, {what: 'audit report', error: (m) => new ConfigError(m, source)}), source)
  const {bucket, prefix} = parseS3Url(source)
  const key = prefix.replace(/\/$/, '')
  const aws = opts.aws()
  try {
    const bytes = await getObject(aws, opts.region, bucket, key)
    if (!bytes) throw new ConfigError(`${source} does not exist`, source)
    return parseReport(bytes.toString('utf8'), source)
  } finally {
    aws.destroy()
  }
}

/** Both reports must be of one environment: a diff across environments means nothing. */
export function requireSameEnv(a: AuditReport, aSource: string, b: AuditReport, bSource: string): void {
  if (a.env !== b.env)
    throw new UsageError(
      `${aSource} is the audit of ${a.env}, ${bSource} of ${b.env}: a diff compares two runs of one environment.`,
    )
}
