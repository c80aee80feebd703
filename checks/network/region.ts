import {defineCheck, stateFinding} from '../../src/audit/define.js'
import {RESOURCES} from '../../src/resources.js'

export default defineCheck({
  id: 'region',
  title: 'The environment lives in the primary region ap-northeast-1',
  severity: 'high',
  area: 'network',
  requirements: ['region'],
  frameworks: {fsbp: [], hipaa: []},
  remediation: {platform: 'platform provision --env {env}', manual: 'Build the environment in ap-northeast-1 (Tokyo).'},
  run: (inv, design) => {
    const vpc = inv.get(RESOURCES.vpc)
    const state = stateFinding(vpc, RESOURCES.vpc, design.region)
    if (state || !vpc) return state ? [state] : []
    return [
      {
        status: vpc.region === design.region ? 'PASS' : 'FAIL',
        resource: {type: vpc.type, id: vpc.physicalId ?? vpc.name, arn: vpc.arn, region: vpc.region},
        expected: design.region,
        actual: vpc.region,
        message: `The VPC is in ${vpc.region}`,
      },
    ]
  },
})
