import {defineCheck, stateFinding} from '../../src/audit/define.js'
import type {Result} from '../../src/audit/types.js'
import {RESOURCE_TYPES} from '../../src/resources.js'

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
    inv.all(RESOURCE_TYPES.repository).map(
      (item): Result =>
        stateFinding(item, item, 'exists') ?? {
          status: 'PASS',
          resource: {type: item.type, id: item.name, arn: item.arn, region: item.region},
          expected: 'exists',
          actual: 'exists',
          message: `Repository ${item.name} exists`,
        },
    ),
})
