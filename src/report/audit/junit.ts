import type {AuditReport} from '../../audit/index.js'
import {formatValue} from '../text.js'
import {bySection, escapeXml} from './common.js'

/** JUnit XML for CI test reports: a suite per design section, a test case per finding. */
export function auditJunit(report: AuditReport): string {
  const seconds = ((Date.parse(report.finishedAt) - Date.parse(report.startedAt)) / 1000).toFixed(3)
  const count = (fs: {status: string}[], s: string) => fs.filter((f) => f.status === s).length
  const suites = [...bySection(report)].map(([section, fs], i) => {
    const cases = fs.map((f) => {
      const name = `${f.requirements.join(',') || f.checkId} ${f.resource.id}`
      const body =
        f.status === 'FAIL'
          ? `<failure message="${escapeXml(f.message)}" type="${escapeXml(f.severity)}">${escapeXml(`expected: ${formatValue(f.expected)}\nactual: ${formatValue(f.actual)}\nremediation: ${f.remediation.platform}`)}</failure>`
          : f.status === 'ERROR'
            ? `<error message="${escapeXml(f.message)}" type="ERROR">${escapeXml(f.message)}</error>`
            : f.status === 'MANUAL' || f.status === 'MUTED'
              ? `<skipped message="${escapeXml(f.status === 'MUTED' ? `MUTED: ${f.exception?.reason}` : `MANUAL: ${f.message}`)}"/>`
              : ''
      return `    <testcase classname="platform.${escapeXml(f.checkId)}" name="${escapeXml(name)}" time="0">${body}</testcase>`
    })
    return `  <testsuite name="${escapeXml(`${report.env} ${section}`)}" id="${i}" tests="${fs.length}" failures="${count(fs, 'FAIL')}" errors="${count(fs, 'ERROR')}" skipped="${count(fs, 'MANUAL') + count(fs, 'MUTED')}" time="0" timestamp="${report.startedAt.slice(0, 19)}" hostname="${escapeXml(report.account)}">\n${cases.join('\n')}\n  </testsuite>`
  })
  const s = report.summary
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="platform audit ${escapeXml(report.env)}" tests="${report.findings.length}" failures="${s.fail}" errors="${s.error}" skipped="${s.manual + s.muted}" time="${seconds}">\n${suites.join('\n')}\n</testsuites>\n`
}
