import type {AuditReport} from '../../audit/index.js'
import {bySection, escapeXml as x, show} from './common.js'

/** JUnit XML for CI test reports: a suite per design section, a test case per finding. */
export function auditJunit(report: AuditReport): string {
  const seconds = ((Date.parse(report.finishedAt) - Date.parse(report.startedAt)) / 1000).toFixed(3)
  const count = (fs: {status: string}[], s: string) => fs.filter((f) => f.status === s).length
  const suites = [...bySection(report)].map(([section, fs], i) => {
    const cases = fs.map((f) => {
      const name = `${f.requirements.join(',') || f.checkId} ${f.resource.id}`
      const body =
        f.status === 'FAIL'
          ? `<failure message="${x(f.message)}" type="${x(f.severity)}">${x(`expected: ${show(f.expected)}\nactual: ${show(f.actual)}\nremediation: ${f.remediation.platform}`)}</failure>`
          : f.status === 'ERROR'
            ? `<error message="${x(f.message)}" type="ERROR">${x(f.message)}</error>`
            : f.status === 'MANUAL' || f.status === 'MUTED'
              ? `<skipped message="${x(f.status === 'MUTED' ? `MUTED: ${f.exception?.reason}` : `MANUAL: ${f.message}`)}"/>`
              : ''
      return `    <testcase classname="platform.${x(f.checkId)}" name="${x(name)}" time="0">${body}</testcase>`
    })
    return `  <testsuite name="${x(`${report.env} ${section}`)}" id="${i}" tests="${fs.length}" failures="${count(fs, 'FAIL')}" errors="${count(fs, 'ERROR')}" skipped="${count(fs, 'MANUAL') + count(fs, 'MUTED')}" time="0" timestamp="${report.startedAt.slice(0, 19)}" hostname="${x(report.account)}">\n${cases.join('\n')}\n  </testsuite>`
  })
  const s = report.summary
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="platform audit ${x(report.env)}" tests="${report.findings.length}" failures="${s.fail}" errors="${s.error}" skipped="${s.manual + s.muted}" time="${seconds}">\n${suites.join('\n')}\n</testsuites>\n`
}
