import type {LayerDef} from '../reconcile/types.js'
import {iamLayer} from './iam/index.js'
import {kmsLayer} from './kms/index.js'
import {networkLayer} from './network/index.js'
import {securityGroupsLayer} from './security-groups/index.js'

/** Every layer, in an order that respects dependsOn (the engine checks it anyway). */
export const LAYERS: LayerDef[] = [networkLayer, securityGroupsLayer, kmsLayer, iamLayer]
export const LAYER_NAMES = LAYERS.map((l) => l.name)
