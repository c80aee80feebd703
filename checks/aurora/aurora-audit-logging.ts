import {defineCheck, fieldFindings} from '../../src/audit/define.js'
import {RESOURCES} from '../../src/resources.js'

/**
 * The "audit" log export (aurora-log-exports) carries nothing unless Advanced Auditing is on
 * (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Auditing.html): a
 * per-resource check of the export alone would pass an empty audit trail.
 */
export default defineCheck({
  id: 'aurora-audit-logging',
  title: 'Aurora Advanced Auditing records connections, privilege and schema changes',
  severity: 'high',
  area: 'aurora',
  requirements: ['baseline.rds.audit-logging'],
  frameworks: {fsbp: ['RDS.34'], hipaa: ['164.312(b)']},
  remediation: {
    platform: 'platform provision --env {env}',
    manual:
      'Set server_audit_logging=1 and server_audit_events=CONNECT,QUERY_DCL,QUERY_DDL in the cluster parameter group.',
  },
  run: (inv) =>
    fieldFindings(inv, RESOURCES.dbParameterGroup, [
      'parameters.server_audit_logging',
      'parameters.server_audit_events',
    ]),
})
