import {defineCheck, fieldFindings, stateFinding} from '../../src/audit/define.js'
import type {Result} from '../../src/audit/types.js'
import {RESOURCE_TYPES, RESOURCES} from '../../src/resources.js'

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
    const instances = inv.all(RESOURCE_TYPES.dbInstance)
    const out: Result[] = instances.flatMap((i) => fieldFindings(inv, i, ['dbInstanceClass']))
    const found = instances.filter((i) => i.state === 'found')
    const azs = [...new Set(found.map((i) => i.fields.find((f) => f.path === 'availabilityZone')?.actual))]
    const blocked = instances.map((i) => stateFinding(i, i, 'available')).find((s) => s?.status === 'ERROR')
    const cluster = inv.get(RESOURCES.dbCluster)
    const clusterState = stateFinding(cluster, RESOURCES.dbCluster, 'available')
    const requirements = ['rds.multi-az', 'ha.aurora']
    out.push(
      clusterState
        ? {...clusterState, requirements}
        : blocked
          ? {...blocked, requirements}
          : {
              status: found.length >= 2 && azs.length >= 2 ? 'PASS' : 'FAIL',
              requirements,
              resource: {
                type: RESOURCE_TYPES.dbCluster,
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
