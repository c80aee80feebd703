import type {LayerDef} from '../reconcile/types.js'
import {albLayer} from './alb/index.js'
import {auditRunnerLayer} from './audit-runner/index.js'
import {auroraLayer} from './aurora/index.js'
import {backupLayer} from './backup/index.js'
import {certificatesLayer} from './certificates/index.js'
import {cloudfrontLayer} from './cloudfront/index.js'
import {dnsLayer} from './dns/index.js'
import {ecrLayer} from './ecr/index.js'
import {eksLayer} from './eks/index.js'
import {iamLayer} from './iam/index.js'
import {kmsLayer} from './kms/index.js'
import {networkLayer} from './network/index.js'
import {s3Layer} from './s3/index.js'
import {securityGroupsLayer} from './security-groups/index.js'
import {veleroLayer} from './velero/index.js'
import {wafLayer} from './waf/index.js'

/**
 * Every layer, in the design's order. The engine starts each once the layers in its dependsOn
 * are done: network, kms, certificates and waf at once; cloudfront and velero are among the
 * last, and destroy walks the same graph backwards.
 */
export const LAYERS: LayerDef[] = [
  networkLayer,
  securityGroupsLayer,
  kmsLayer,
  iamLayer,
  eksLayer,
  auroraLayer,
  s3Layer,
  ecrLayer,
  certificatesLayer,
  albLayer,
  wafLayer,
  cloudfrontLayer,
  dnsLayer,
  veleroLayer,
  backupLayer,
  auditRunnerLayer,
]
export const LAYER_NAMES = LAYERS.map((l) => l.name)
