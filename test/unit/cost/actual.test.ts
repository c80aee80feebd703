import {CostExplorerClient, GetCostAndUsageCommand} from '@aws-sdk/client-cost-explorer'
import {mockClient} from 'aws-sdk-client-mock'
import 'aws-sdk-client-mock-vitest/extend'
import {beforeEach, describe, expect, it} from 'vitest'
import {AwsAccess} from '../../../src/aws/clients.js'
import {lastFullMonth, readCostExplorer} from '../../../src/cost/actual.js'
import {resolveDesign} from '../../../src/design/resolve.js'

const ce = mockClient(CostExplorerClient)
const creds = async () => ({accessKeyId: 'a', secretAccessKey: 'b'})
const prod = resolveDesign({}, 'prod')
const NOW = new Date('2026-12-01T08:00:00Z')
const aws = () => new AwsAccess({credentials: creds, maxAttempts: 1, readOnly: true})

describe('Cost Explorer reading', () => {
  beforeEach(() => ce.reset())

  it('the last full calendar month, in UTC, End exclusive', () => {
    expect(lastFullMonth(NOW)).toEqual({start: '2026-11-01', end: '2026-12-01'})
    expect(lastFullMonth(new Date('2027-01-15T00:00:00Z'))).toEqual({start: '2026-12-01', end: '2027-01-01'})
  })

  it("asks for the month's unblended cost of the environment's tags, from us-east-1", async () => {
    ce.on(GetCostAndUsageCommand).resolves({
      ResultsByTime: [
        {
          TimePeriod: {Start: '2026-11-01', End: '2026-12-01'},
          Total: {UnblendedCost: {Amount: '1402.5512', Unit: 'USD'}},
          Estimated: true,
        },
      ],
    })
    const r = await readCostExplorer(aws(), prod, NOW)
    expect(r).toEqual({
      state: 'read',
      period: {start: '2026-11-01', end: '2026-12-01'},
      amountUsd: 1402.5512,
      estimated: true,
      filter: {project: 'medical-ai', environment: 'prod'},
    })
    expect(ce).toHaveReceivedCommandWith(GetCostAndUsageCommand, {
      TimePeriod: {Start: '2026-11-01', End: '2026-12-01'},
      Granularity: 'MONTHLY',
      Metrics: ['UnblendedCost'],
      Filter: {
        And: [
          {Tags: {Key: 'project', Values: ['medical-ai'], MatchOptions: ['EQUALS']}},
          {Tags: {Key: 'environment', Values: ['prod'], MatchOptions: ['EQUALS']}},
        ],
      },
    })
    expect(await (ce.call(0).thisValue as CostExplorerClient).config.region()).toBe('us-east-1')
  })

  it('no result is "empty"; a denial is an error state, never thrown', async () => {
    ce.on(GetCostAndUsageCommand).resolves({ResultsByTime: []})
    expect((await readCostExplorer(aws(), prod, NOW)).state).toBe('empty')
    ce.on(GetCostAndUsageCommand).rejects(
      Object.assign(new Error('not authorized to perform: ce:GetCostAndUsage'), {
        name: 'AccessDeniedException',
        $metadata: {httpStatusCode: 400},
      }),
    )
    expect(await readCostExplorer(aws(), prod, NOW)).toMatchObject({
      state: 'error',
      error: {code: 'AccessDeniedException'},
    })
  })
})
