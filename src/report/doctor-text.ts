import type {DoctorReport} from '../aws/doctor.js'

/** The text beside doctor's --json result: who and where, then one line per probe, with the remedy of each failure. */
export function doctorText(report: DoctorReport): string[] {
  const lines = [
    `Account   ${report.account}`,
    `Caller    ${report.callerArn}`,
    `Regions   primary ${report.regions.primary}, global ${report.regions.global}, DR ${report.regions.dr}`,
    `Endpoint  ${report.endpoint ?? 'AWS (default endpoints)'}`,
    `Profile   ${report.profile ?? '(default credential chain)'}`,
    '',
  ]
  for (const p of report.probes) {
    lines.push(`${p.ok ? 'OK  ' : 'FAIL'}  ${p.service.padEnd(20)} ${p.region.padEnd(15)} ${p.operation}`)
    if (!p.ok) lines.push(`      ${p.error}`, `      Remedy: ${p.remedy}`)
  }
  const failed = report.probes.filter((p) => !p.ok).length
  lines.push('', failed === 0 ? 'All services answer.' : `${failed} service(s) did not answer.`)
  if (report.permissions.length > 0)
    lines.push('', 'IAM policies (policies/*.json) the caller holds, by iam:SimulatePrincipalPolicy:')
  for (const j of report.permissions) {
    if (!j.checked) lines.push(`WARN  ${j.job.padEnd(10)} could not check: ${j.warning}`)
    else if (j.missing.length === 0) lines.push(`OK    ${j.job.padEnd(10)} every action allowed`)
    else lines.push(`LACKS ${j.job.padEnd(10)} ${j.missing.length} action(s): ${j.missing.join(', ')}`)
  }
  return lines
}
