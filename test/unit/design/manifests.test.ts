import YAML from 'yaml'
import {describe, expect, it} from 'vitest'
import {clusterManifests} from '../../../src/design/manifests.js'
import {resolveDesign} from '../../../src/design/resolve.js'

describe('cluster manifests', () => {
  it('hold the Velero daily schedule kept 30 days and the workloads of section 4.3', () => {
    const docs = YAML.parseAllDocuments(clusterManifests(resolveDesign({}, 'dev'), 'arn:aws:iam::1:role/v')).map((d) =>
      d.toJS(),
    )
    const schedule = docs.find((d) => d.kind === 'Schedule')
    expect(schedule.spec).toMatchObject({schedule: '0 18 * * *', template: {ttl: '720h0m0s'}})
    expect(docs.find((d) => d.kind === 'ServiceAccount').metadata.annotations['eks.amazonaws.com/role-arn']).toBe(
      'arn:aws:iam::1:role/v',
    )
    const deployments = docs
      .filter((d) => d.kind === 'Deployment')
      .map((d) => [
        d.metadata.name,
        d.metadata.namespace,
        d.spec.replicas,
        d.spec.template.spec.containers[0].resources.requests,
      ])
    expect(deployments).toEqual([
      ['api', 'app', 3, {cpu: '500m', memory: '1Gi'}],
      ['ml', 'mlops', 2, {cpu: '2000m', memory: '4Gi'}],
      ['worker', 'app', 3, {cpu: '1000m', memory: '2Gi'}],
    ])
  })
})
