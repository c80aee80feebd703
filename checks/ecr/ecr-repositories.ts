import {defineCheck, stateFinding} from '../../src/audit/define.js'
import type {Result} from '../../src/audit/types.js'

export default defineCheck({
  id: 'ecr-repositories',
  title: 'Image repositories exist for the api, ml and worker workloads',
  severity: 'medium',
  area: 'ecr',
  requirements: ['arch.workloads'],
  frameworks: {fsbp: [], hipaa: []},
  remediation: {
    platform: 'platform provision --env {env}',
    manual: 'aws ecr create-repository --repository-name {project}-{env}/WORKLOAD',
  },
  run: (inv) =>
    ['api', 'ml', 'worker'].map((w): Result => {
      const item = inv.items.get(`ecr/${w}`)
      return (
        stateFinding(item, `ecr/${w}`, 'exists') ?? {
          status: 'PASS',
          resource: {type: item!.type, id: item!.name, arn: item!.arn, region: item!.region},
          expected: 'exists',
          actual: 'exists',
          message: `Repository ${item!.name} exists`,
        }
      )
    }),
})
