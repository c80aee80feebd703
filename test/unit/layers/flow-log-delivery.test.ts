import {CreateFlowLogsCommand, DeleteFlowLogsCommand, EC2Client, type FlowLog} from '@aws-sdk/client-ec2'
import {mockClient} from 'aws-sdk-client-mock'
import 'aws-sdk-client-mock-vitest/extend'
import {beforeEach, describe, expect, it} from 'vitest'
import {AwsAccess} from '../../../src/aws/clients.js'
import {resolveDesign} from '../../../src/design/resolve.js'
import {flowLogResource} from '../../../src/layers/network/flow-logs.js'
import {createContext} from '../../../src/reconcile/context.js'
import type {EngineContext} from '../../../src/reconcile/types.js'
import {RESOURCES} from '../../../src/resources.js'

const ec2 = mockClient(EC2Client)

function ctx(
  aws = new AwsAccess({credentials: async () => ({accessKeyId: 'a', secretAccessKey: 'b'})}),
): EngineContext {
  return createContext({
    aws,
    design: resolveDesign({}, 'dev'),
    account: '1',
    mode: 'apply',
    outputs: new Map<string, Record<string, string>>([
      [RESOURCES.vpc.id, {id: 'vpc-1'}],
      [RESOURCES.flowLogGroup.id, {name: '/platform/medical-ai-dev/vpc-flow-logs', arn: 'arn:lg'}],
      [RESOURCES.flowLogRole.id, {arn: 'arn:aws:iam::1:role/fl', name: 'fl'}],
    ]),
  })
}
const failed: FlowLog = {FlowLogId: 'fl-old', DeliverLogsStatus: 'FAILED', TrafficType: 'ALL'}
const change = [{path: 'deliverLogsStatus', expected: 'SUCCESS', actual: 'FAILED'}]

describe('a flow log that does not deliver', () => {
  beforeEach(() => {
    ec2.reset()
    ec2.on(DeleteFlowLogsCommand).resolves({Unsuccessful: []})
    ec2.on(CreateFlowLogsCommand).resolves({FlowLogIds: ['fl-new'], Unsuccessful: []})
  })

  it('FAILED: replaced (EC2 never re-checks the role and group), with a token that cannot bring the old one back', async () => {
    const c = ctx()
    await flowLogResource().update(c, failed, change)
    expect(ec2).toHaveReceivedCommandWith(DeleteFlowLogsCommand, {FlowLogIds: ['fl-old']})
    const first = ec2.commandCalls(CreateFlowLogsCommand)[0]!.args[0].input
    expect(first).toMatchObject({
      ResourceIds: ['vpc-1'],
      TrafficType: 'ALL',
      LogGroupName: '/platform/medical-ai-dev/vpc-flow-logs',
    })
    // The replacement's token differs from the original create's, in this run and the next.
    await flowLogResource().create(c)
    const original = ec2.commandCalls(CreateFlowLogsCommand)[1]!.args[0].input.ClientToken
    expect(first.ClientToken).not.toBe(original)
    await flowLogResource().create(ctx())
    expect(ec2.commandCalls(CreateFlowLogsCommand)[2]!.args[0].input.ClientToken).not.toBe(original)
  })

  it('a status not readable yet (right after the create) is left alone', async () => {
    await flowLogResource().update(ctx(), {FlowLogId: 'fl-1', TrafficType: 'ALL'}, [
      {path: 'deliverLogsStatus', expected: 'SUCCESS', actual: null},
    ])
    expect(ec2).not.toHaveReceivedCommand(DeleteFlowLogsCommand)
    expect(ec2).not.toHaveReceivedCommand(CreateFlowLogsCommand)
  })
})
