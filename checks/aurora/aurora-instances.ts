import {defineCheck, fieldFindings, stateFinding} from '../../src/audit/define.js'
import type {Result} from '../../src/audit/types.js'

export default defineCheck({
  id: 'aurora-instances',
  title: 'Aurora runs db.r6g.large instances, writer and reader in different AZs',
  severity: 'high',
  area: 'aurora',
  requirements: ['rds.instance-class', 'rds.multi-az', 'ha.aurora'],
  frameworks: {fsbp: ['RDS.15'], hipaa: ['164.308(a)(7)(ii)(B)']},
  remediation: {
    platform: 'platform provision --env {env}',
    manual: 'RDS console: add a reader in another AZ; modify the class to db.r6g.large.',
  },
  run: (inv, design) => {
    const ids = Array.from({length: design.rds.instances}, (_, i) => `aurora/instance-${i + 1}`)
    const out: Result[] = ids.flatMap((id) => fieldFindings(inv, id, ['dbInstanceClass']))
    const found = ids.map((id) => inv.items.get(id)).filter((i) => i?.state === 'found')
    const azs = [...new Set(found.map((i) => (i!.raw as {AvailabilityZone?: string}).AvailabilityZone))]
    const blocked = ids.map((id) => stateFinding(inv.items.get(id), id, 'available')).find((s) => s?.status === 'ERROR')
    const cluster = inv.items.get('aurora/cluster')
    const clusterState = stateFinding(cluster, 'aurora/cluster', 'available')
    out.push(
      clusterState
        ? {...clusterState, requirements: ['rds.multi-az', 'ha.aurora']}
        : blocked
          ? {...blocked, requirements: ['rds.multi-az', 'ha.aurora']}
          : {
              status: found.length >= 2 && azs.length >= 2 ? 'PASS' : 'FAIL',
              requirements: ['rds.multi-az', 'ha.aurora'],
              resource: {
                type: 'AWS::RDS::DBCluster',
                id: cluster?.physicalId ?? design.rds.clusterId,
                region: design.region,
              },
              expected: {instances: '>= 2', availabilityZones: '>= 2'},
              actual: {instances: found.length, availabilityZones: azs},
              message: `Aurora has ${found.length} instance(s) in ${azs.length} AZ(s)`,
            },
    )
    return out
  },
})
