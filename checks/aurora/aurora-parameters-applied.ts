import {defineCheck, fieldFindings} from '../../src/audit/define.js'
import {RESOURCES} from '../../src/resources.js'

export default defineCheck({
  id: 'aurora-parameters-applied',
  title: 'No Aurora instance waits for a reboot to apply its parameters',
  severity: 'medium',
  area: 'aurora',
  requirements: ['baseline.rds.parameters-applied'],
  frameworks: {},
  remediation: {
    platform: 'platform provision --env {env} (prod: --apply-now reboots the instances one at a time)',
    manual: 'Reboot each instance shown pending-reboot (RDS console > Databases > instance > Actions > Reboot).',
  },
  run: (inv) => fieldFindings(inv, RESOURCES.dbCluster, ['parametersPendingReboot']),
})
