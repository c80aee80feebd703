import type {LayerDef} from '../../reconcile/types.js'
import {defaultSecurityGroupResource} from './default-sg.js'
import {flowLogGroupResource, flowLogResource, flowLogRoleResource} from './flow-logs.js'
import {eipResource, natGatewayResource, natZones} from './nat.js'
import {routeTableResource, routeTableSpecs} from './routes.js'
import {subnetResource} from './subnets.js'
import {internetGatewayResource, vpcResource} from './vpc.js'

/** Section 3.1-3.2 and the network baseline: VPC, subnets, IGW, NAT per AZ, routes, flow logs. */
export const networkLayer: LayerDef = {
  name: 'network',
  description: 'VPC, subnets, internet and NAT gateways, route tables, flow logs',
  dependsOn: [],
  steps: (ctx) => {
    const zones = natZones(ctx)
    const role = flowLogRoleResource(ctx.design.iam.flowLogsRole)
    return [
      [vpcResource(), flowLogGroupResource(), role, ...zones.map(eipResource)],
      [
        internetGatewayResource(),
        ...ctx.design.subnets.map(subnetResource),
        defaultSecurityGroupResource(),
        flowLogResource(),
      ],
      zones.map(natGatewayResource),
      routeTableSpecs(ctx).map(routeTableResource),
    ]
  },
}
