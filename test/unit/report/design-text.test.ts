import {describe, expect, it} from 'vitest'
import type {LintResult} from '../../../src/design/lint.js'
import type {DesignView} from '../../../src/design/show.js'
import {designLintText, designShowText} from '../../../src/report/design-text.js'
import {resolveDesign} from '../../../src/design/resolve.js'
import {designView} from '../../../src/design/show.js'

const view: DesignView = {
  env: 'dev',
  project: 'medical-ai',
  regions: {primary: 'ap-northeast-1', global: 'us-east-1', dr: 'ap-northeast-3'},
  sections: [
    {
      section: '2',
      chapter: 'Network',
      items: [
        {requirement: 'vpc.cidr', value: '10.2.0.0/16', source: 'design', text: 'VPC CIDR'},
        {
          requirement: 'ha.nat',
          value: 1,
          source: 'platform.config.yaml: environments.dev.natGateways',
          text: 'NAT gateways',
        },
      ],
    },
  ],
  baseline: [
    {requirement: 'baseline.kms.rotation', value: true, source: 'baseline'},
    {requirement: 'baseline.rds.log-exports', value: ['audit', 'error'], source: 'decision'},
  ],
  awsMappings: [
    {
      requirements: ['sg.eks.ingress'],
      design: 'Pods are in the EKS group.',
      aws: 'Fargate pods get the cluster security group.',
      howItHolds: 'A SecurityGroupPolicy.',
      source: ['https://docs.aws.amazon.com/eks/latest/userguide/security-groups-for-pods.html'],
    },
  ],
  overrides: {
    'environments.dev.natGateways': {value: 1, source: 'platform.config.yaml: environments.dev.natGateways'},
  },
}

describe('designShowText', () => {
  it('lists each section by requirement ID, marking values that are not the design itself', () => {
    expect(designShowText(view)).toEqual([
      'Design for medical-ai dev (regions: ap-northeast-1, global us-east-1, DR ap-northeast-3)',
      '',
      '2 Network',
      '  vpc.cidr                         10.2.0.0/16',
      '  ha.nat                           1   [platform.config.yaml: environments.dev.natGateways]',
      '',
      'Security baseline (beyond the design)',
      '  baseline.kms.rotation                true',
      '  baseline.rds.log-exports             audit, error   [decision]',
      '',
      'How the design maps to what AWS does (Fargate)',
      '  [sg.eks.ingress]',
      '    design: Pods are in the EKS group.',
      '    AWS:    Fargate pods get the cluster security group.',
      '    holds:  A SecurityGroupPolicy.',
      '    source: https://docs.aws.amazon.com/eks/latest/userguide/security-groups-for-pods.html',
      '',
      '1 override(s), marked [file: path] above.',
    ])
  })

  it('says when nothing is overridden', () => {
    expect(designShowText({...view, overrides: {}}).at(-1)).toBe('No overrides: the design as written.')
  })
})

describe('design show: the security-group table against what AWS does for Fargate', () => {
  it("says pods get the cluster group unless the SecurityGroupPolicy of platform manifests applies the design's EKS group", () => {
    const [sg, tg, dns] = designView(resolveDesign({}, 'prod')).awsMappings
    expect(sg!.requirements).toEqual(['sg.eks.ingress', 'sg.eks.egress', 'sg.rds.ingress', 'sg.alb.egress'])
    expect(sg!.design).toBe(
      'Pods are in the EKS group medical-ai-prod-eks-sg: medical-ai-prod-rds-sg admits 3306 from it, it admits tcp/443 from medical-ai-prod-alb-sg.',
    )
    expect(sg!.aws).toBe(
      "Fargate pods get the cluster security group EKS creates with medical-ai-prod-eks, not medical-ai-prod-eks-sg; on their own the design's rules would never match a pod.",
    )
    expect(sg!.howItHolds).toMatch(
      /^platform manifests prints a SecurityGroupPolicy \(vpcresources\.k8s\.aws\/v1beta1\) per workload namespace \(app, mlops\) naming medical-ai-prod-eks-sg and the cluster security group/,
    )
    expect(sg!.source).toContain('https://docs.aws.amazon.com/eks/latest/userguide/security-groups-for-pods.html')
    expect(tg!.howItHolds).toContain('IRSA role medical-ai-prod-lb-controller-role')
    expect(dns!.aws).toContain('eks.amazonaws.com/compute-type: ec2')
  })
})

describe('designLintText', () => {
  it('shows each finding with its requirement IDs, the message beneath, then the counts', () => {
    const result: LintResult = {
      env: 'dev',
      errors: 1,
      warnings: 0,
      advisories: 1,
      findings: [
        {level: 'error', code: 'cidr-overlap', requirements: ['vpc.cidr', 'subnets'], message: 'Subnets overlap.'},
        {level: 'advisory', code: 'backup-overlaps-maintenance', requirements: [], message: 'Windows overlap.'},
      ],
    }
    expect(designLintText(result)).toEqual([
      'ERROR     cidr-overlap [vpc.cidr, subnets]',
      '          Subnets overlap.',
      'ADVISORY  backup-overlaps-maintenance []',
      '          Windows overlap.',
      '',
      '1 error(s), 0 warning(s), 1 advisory(ies)',
    ])
  })
})
