import type {BucketDesign} from '../../design/types.js'
import type {EngineContext, LayerDef} from '../../reconcile/types.js'
import {bucketResource, type BucketSpec} from './bucket.js'
import {lifecycleFromDesign} from './rules.js'
import {RESOURCES} from '../../resources.js'

const primary = (c: EngineContext) => c.design.region
const dr = (c: EngineContext) => c.design.drRegion

function sourceSpec(b: BucketDesign): BucketSpec {
  return {
    key: RESOURCES.bucket(b.role),
    name: b.name,
    region: primary,
    requirements: {
      encryption: `s3.${b.role}.encryption`,
      versioning: `s3.${b.role}.versioning`,
      lifecycle: `s3.${b.role}.lifecycle`,
      ...(b.replicate ? {replication: 'backup.s3-replication'} : {}),
    },
    versioning: b.versioning,
    kmsKey: b.encryption === 'aws:kms' ? RESOURCES.kmsKey : undefined,
    lifecycle: lifecycleFromDesign(b.role, b.lifecycle),
    holdsData: true,
    ...(b.replicate
      ? {
          needs: [RESOURCES.replicaBucket(b.role), RESOURCES.replicationRole, RESOURCES.drKmsKey],
          replication: (c: EngineContext) => ({
            role: c.need(RESOURCES.replicationRole).arn,
            rules: [
              {
                id: `${b.role}-to-${c.design.drRegion}`,
                status: 'Enabled',
                destination: `arn:aws:s3:::${b.replicaName}`,
                replicaKmsKey: c.need(RESOURCES.drKmsKey).arn,
                sseKmsObjects: 'Enabled',
                deleteMarkers: 'Disabled',
              },
            ],
          }),
        }
      : {}),
  }
}

/** Section 8.3: the DR copy, versioned and encrypted with the DR-region key. Kept indefinitely. */
function replicaSpec(b: BucketDesign): BucketSpec {
  return {
    key: RESOURCES.replicaBucket(b.role),
    name: b.replicaName!,
    region: dr,
    requirements: {
      encryption: 'backup.s3-replication',
      versioning: 'backup.s3-replication',
      lifecycle: 'backup.s3-replication',
    },
    versioning: true,
    kmsKey: RESOURCES.drKmsKey,
    lifecycle: [],
    holdsData: true,
  }
}

export const s3Layer: LayerDef = {
  name: 's3',
  description: 'Models, data and logs buckets (section 6), replicated to the DR region (8.3)',
  dependsOn: ['kms', 'iam'],
  steps: (ctx) => {
    const buckets = ctx.design.s3.buckets
    return [
      [
        ...buckets.filter((b) => b.replicate).map((b) => bucketResource(replicaSpec(b))),
        ...buckets.filter((b) => !b.replicate).map((b) => bucketResource(sourceSpec(b))),
      ],
      buckets.filter((b) => b.replicate).map((b) => bucketResource(sourceSpec(b))),
    ]
  },
}
