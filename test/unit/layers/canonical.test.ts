import {describe, expect, it} from 'vitest'
import {canonicalPolicy, parsePolicy} from '../../../src/layers/iam/policy.js'
import {canonicalProtocol, fromDesign, fromLive} from '../../../src/layers/sg-rules.js'
import {tagsField} from '../../../src/layers/tags.js'
import {asSet, diffFields, sameValue} from '../../../src/reconcile/diff.js'

describe('security-group rule canonicaliser', () => {
  it.each([
    ['-1', 'all'],
    ['6', 'tcp'],
    ['TCP', 'tcp'],
    ['17', 'udp'],
    ['1', 'icmp'],
    ['tcp', 'tcp'],
  ])('protocol %s -> %s', (raw, canon) => expect(canonicalProtocol(raw)).toBe(canon))

  it.each([
    [
      'numbered protocol, CIDR',
      {IpProtocol: '6', FromPort: 443, ToPort: 443, CidrIpv4: '0.0.0.0/0', IsEgress: false},
      {protocol: 'tcp', fromPort: 443, toPort: 443, source: 'cidr:0.0.0.0/0'},
    ],
    [
      'all traffic: ports are not meaningful',
      {IpProtocol: '-1', FromPort: 0, ToPort: 65535, CidrIpv4: '0.0.0.0/0', IsEgress: true},
      {protocol: 'all', fromPort: -1, toPort: -1, source: 'cidr:0.0.0.0/0'},
    ],
    [
      'our group by id -> logical key',
      {IpProtocol: 'tcp', FromPort: 3306, ToPort: 3306, ReferencedGroupInfo: {GroupId: 'sg-eks'}},
      {protocol: 'tcp', fromPort: 3306, toPort: 3306, source: 'sg:eks'},
    ],
    [
      'a foreign group stays an id',
      {IpProtocol: 'tcp', FromPort: 3306, ToPort: 3306, ReferencedGroupInfo: {GroupId: 'sg-other'}},
      {protocol: 'tcp', fromPort: 3306, toPort: 3306, source: 'sg:sg-other'},
    ],
    [
      'CIDR spelled with leading zeros',
      {IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv4: '010.000.0.0/8'},
      {protocol: 'tcp', fromPort: 22, toPort: 22, source: 'cidr:10.0.0.0/8'},
    ],
    [
      'IPv6',
      {IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIpv6: '::/0'},
      {protocol: 'tcp', fromPort: 443, toPort: 443, source: 'cidr6:::/0'},
    ],
  ])('%s', (_n, live, canon) => expect(fromLive(live, {'sg-eks': 'eks'})).toEqual(canon))

  it('a design rule and its live form compare equal, descriptions aside', () => {
    const design = fromDesign({
      protocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      source: {group: 'alb'},
      description: 'API from ALB',
    })
    const live = fromLive(
      {
        IpProtocol: '6',
        FromPort: 443,
        ToPort: 443,
        ReferencedGroupInfo: {GroupId: 'sg-1'},
        Description: 'changed by hand',
      },
      {'sg-1': 'alb'},
    )
    expect(sameValue(design, live)).toBe(true)
  })

  it('rule order never shows as drift', () => {
    const a = [
      {protocol: 'tcp', fromPort: 1, toPort: 1, source: 'x'},
      {protocol: 'tcp', fromPort: 2, toPort: 2, source: 'y'},
    ]
    expect(sameValue(asSet(a), asSet([...a].reverse()))).toBe(true)
  })
})

describe('IAM policy canonicaliser', () => {
  const written = {
    Version: '2012-10-17',
    Statement: [{Effect: 'Allow', Principal: {Service: 'eks.amazonaws.com'}, Action: 'sts:AssumeRole'}],
  }
  it('URL-encoded, arrays for single values and key order are all one policy', () => {
    const returned = encodeURIComponent(
      JSON.stringify({
        Statement: [{Action: ['sts:AssumeRole'], Principal: {Service: ['eks.amazonaws.com']}, Effect: 'Allow'}],
        Version: '2012-10-17',
      }),
    )
    expect(canonicalPolicy(parsePolicy(returned))).toEqual(canonicalPolicy(written))
  })
  it('statement order and duplicate actions do not matter; a different action does', () => {
    const two = (a: string[]) => ({
      Version: '2012-10-17',
      Statement: [
        {Effect: 'Allow', Action: a, Resource: '*'},
        {Effect: 'Deny', Action: 's3:*', Resource: '*'},
      ],
    })
    const swapped = {...two(['b', 'a']), Statement: [...two(['b', 'a', 'a']).Statement].reverse()}
    expect(canonicalPolicy(swapped)).toEqual(canonicalPolicy(two(['a', 'b'])))
    expect(canonicalPolicy(two(['a', 'c']))).not.toEqual(canonicalPolicy(two(['a', 'b'])))
  })
})

describe('tags field', () => {
  it('compares our keys only: tags people add stay theirs; tag order is irrelevant', () => {
    const field = tagsField<Record<string, string>>({project: 'p', environment: 'dev'}, (l) => l)
    expect(diffFields([field], {environment: 'dev', owner: 'alice', project: 'p'})).toEqual([])
    expect(diffFields([field], {project: 'p', environment: 'prod'})).toEqual([
      {
        path: 'tags',
        requirement: undefined,
        expected: {project: 'p', environment: 'dev'},
        actual: {project: 'p', environment: 'prod'},
      },
    ])
  })
})

describe('plan text', () => {
  it('says which database changes wait for the maintenance window', async () => {
    const {planLines} = await import('../../../src/report/plan-text.js')
    const plan = [
      {
        layer: 'aurora',
        id: 'aurora/cluster',
        type: 'AWS::RDS::DBCluster',
        name: 'aurora',
        action: 'update' as const,
        requirements: [],
        changes: [
          {path: 'dbClusterParameterGroup', expected: 'a', actual: 'b', restarts: true},
          {path: 'backupRetentionPeriod', expected: 35, actual: 7},
        ],
      },
    ]
    const prod = planLines(plan, {deferRestarts: true}).join('\n')
    expect(prod).toContain(
      'dbClusterParameterGroup: expected a; actual b   (restarts the database: applied in the next maintenance window; --apply-now to apply at once)',
    )
    expect(prod).toMatch(/backupRetentionPeriod: expected 35; actual 7$/m)
    expect(planLines(plan).join('\n')).toContain('(restarts the database: applied now)')
  })
})

describe('security-group rules are read in full', () => {
  it('follows NextToken across pages and chunks many group ids', async () => {
    const {EC2Client, DescribeSecurityGroupRulesCommand} = await import('@aws-sdk/client-ec2')
    const {mockClient} = await import('aws-sdk-client-mock')
    const {allRules} = await import('../../../src/layers/sg-rules.js')
    const ec2 = mockClient(EC2Client)
    ec2
      .on(DescribeSecurityGroupRulesCommand)
      .callsFake((input: {NextToken?: string; Filters: {Values: string[]}[]}) =>
        input.NextToken
          ? {SecurityGroupRules: [{SecurityGroupRuleId: `r2-${input.Filters[0]!.Values.length}`}]}
          : {SecurityGroupRules: [{SecurityGroupRuleId: `r1-${input.Filters[0]!.Values.length}`}], NextToken: 'p2'},
      )
    const ids = Array.from({length: 150}, (_, i) => `sg-${i}`)
    const rules = await allRules(new EC2Client({region: 'ap-northeast-1'}), ids)
    expect(rules.map((r) => r.SecurityGroupRuleId)).toEqual(['r1-100', 'r2-100', 'r1-50', 'r2-50'])
    ec2.restore()
  })
})
