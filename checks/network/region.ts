import {defineCheck, judge} from '../../src/audit/define.js'

export default defineCheck({
  id: 'region',
  title: 'The environment lives in the primary region ap-northeast-1',
  severity: 'high',
  area: 'network',
  requirements: ['region'],
  frameworks: {fsbp: [], hipaa: []},
  remediation: {platform: 'platform provision --env {env}', manual: 'Build the environment in ap-northeast-1 (Tokyo).'},
  run: (inv, design) =>
    judge(inv, 'network/vpc', design.region, (_raw, item) => ({
      ok: item.region === design.region,
      actual: item.region,
      message: `The VPC is in ${item.region}`,
    })),
})
