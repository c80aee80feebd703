import {describe, expect, it} from 'vitest'
import type {LintResult} from '../../../src/design/lint.js'
import type {DesignView} from '../../../src/design/show.js'
import {DESIGN_TEXT_WIDTH, designLintText, designShowText} from '../../../src/report/design-text.js'
import {resolveDesign} from '../../../src/design/resolve.js'
import {designView} from '../../../src/design/show.js'
import {displayWidth} from '../../../src/report/width.js'

const view: DesignView = {
  env: 'dev',
  project: 'medical-ai',
  regions: {primary: 'ap-northeast-1', global: 'us-east-1', dr: 'ap-northeast-3'},
  sections: [
    {
      section: '3.1',
      chapter: 'Network',
      items: [
        {requirement: 'vpc.cidr', value: '10.2.0.0/16', source: 'design', text: 'VPC CIDR'},
        {
          requirement: 'ha.nat',
          value: 1,
          source: '/home/op/infra/platform.config.yaml: environments.dev.natGateways',
          text: 'NAT gateways',
        },
      ],
    },
    {
      section: '5.1',
      chapter: 'Database',
      items: [
        {
          requirement: 'rds.maintenance-window',
          value: {utc: 'sat:19:00-sat:20:00'},
          source: 'decision',
          decision: 'windows',
          text: 'Maintenance window',
        },
      ],
    },
  ],
  baseline: [
    {
      requirement: 'baseline.kms.rotation',
      value: 'Customer-managed keys rotate yearly',
      source: 'baseline',
      text: 'Customer-managed keys rotate yearly',
    },
    {requirement: 'baseline.rds.log-exports', value: ['audit', 'error'], source: 'baseline', text: 'Logs'},
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
    'environments.dev.natGateways': {
      value: 1,
      source: '/home/op/infra/platform.config.yaml: environments.dev.natGateways',
    },
  },
}

describe('designShowText', () => {
  it('lists each section under its name, marking decisions and overrides with their source', () => {
    expect(designShowText(view, 'en', {cwd: '/home/op/infra'})).toEqual([
      'Design for medical-ai dev (regions: ap-northeast-1, global us-east-1, DR ap-northeast-3)',
      'The design gives production values; dev takes the same unless the configuration overrides them (marked).',
      'Markers: [decision N] the design is silent, the tool decided (notes at the end); [override: SOURCE] set by the',
      'configuration.',
      '',
      '3 Network design',
      '  3.1 VPC design',
      '    vpc.cidr                10.2.0.0/16',
      '    ha.nat                  1   [override: platform.config.yaml: environments.dev.natGateways]',
      '',
      '5 Database design',
      '  5.1 Aurora MySQL',
      '    rds.maintenance-window  utc=sat:19:00-sat:20:00   [decision 1]',
      '',
      'Security baseline (beyond the design)',
      '  baseline.kms.rotation     Customer-managed keys rotate yearly',
      '  baseline.rds.log-exports  audit, error',
      '',
      'How the design maps to what AWS does (Fargate)',
      '  [sg.eks.ingress]',
      '    design: Pods are in the EKS group.',
      '    AWS:    Fargate pods get the cluster security group.',
      '    holds:  A SecurityGroupPolicy.',
      '    source: https://docs.aws.amazon.com/eks/latest/userguide/security-groups-for-pods.html',
      '',
      'Decisions where the design is silent',
      '  [decision 1] AWS windows are in UTC: "Sunday 04:00-05:00 JST" is sat:19:00-sat:20:00. The design gives no backup',
      '               window: 18:00-19:00 UTC (03:00-04:00 JST), so it never overlaps maintenance.',
      '',
      '1 override(s), marked [override: SOURCE] above.',
    ])
  })

  it('in Japanese: the design document’s section names, 判断 and 上書き markers, baseline texts in Japanese', () => {
    const lines = designShowText(view, 'ja', {cwd: '/home/op/infra'})
    expect(lines).toContain('3 ネットワーク設計')
    expect(lines).toContain('  3.1 VPC設計')
    expect(lines).toContain('  5.1 Aurora MySQL')
    expect(lines).toContain(
      '    ha.nat                  1   [上書き: platform.config.yaml: environments.dev.natGateways]',
    )
    expect(lines).toContain('    rds.maintenance-window  utc=sat:19:00-sat:20:00   [判断1]')
    expect(lines).toContain('  baseline.kms.rotation     カスタマー管理キーが毎年自動ローテーションされる')
    expect(lines.at(-1)).toBe('上書き 1 件（上の [上書き: 出所] の行）。')
  })

  it('keeps a configuration file outside the working directory absolute', () => {
    expect(designShowText(view, 'en', {cwd: '/elsewhere'}).join('\n')).toContain(
      '[override: /home/op/infra/platform.config.yaml: environments.dev.natGateways]',
    )
  })

  it('says when nothing is overridden', () => {
    expect(designShowText({...view, overrides: {}}).at(-1)).toBe('No overrides: the design as written.')
    expect(designShowText({...view, overrides: {}}, 'ja').at(-1)).toBe('上書きなし: 設計書どおり。')
  })
})

describe('design show of the resolved design, per language', () => {
  const prod = resolveDesign({}, 'prod')
  const dev = resolveDesign(
    {drRegion: 'ap-southeast-1', environments: {dev: {natGateways: 1, backupWindow: '17:00-18:00'}}},
    'dev',
    '/home/op/infra/platform.config.yaml',
  )
  const text = (d: typeof prod, lang: 'en' | 'ja') => designShowText(designView(d, lang), lang, {cwd: '/home/op/infra'})

  for (const lang of ['en', 'ja'] as const) {
    it(`${lang}: prod as a snapshot`, () => {
      expect(text(prod, lang).join('\n')).toMatchSnapshot()
    })

    it(`${lang}: every line fits 120 columns, Japanese counted double, and no message key shows`, () => {
      for (const d of [prod, dev])
        for (const line of text(d, lang)) {
          expect(displayWidth(line), line).toBeLessThanOrEqual(DESIGN_TEXT_WIDTH)
          expect(line).not.toMatch(/\bdesign:[a-z]/)
        }
    })
  }

  it('ja: the design document’s section names and every decision and override marked', () => {
    const lines = text(dev, 'ja')
    const all = lines.join('\n')
    for (const name of ['3.2 サブネット設計', '5.1 Aurora MySQL', '8.3 バックアップ', '7.2 WAF ルール'])
      expect(lines).toContain(`  ${name}`)
    expect(lines.find((l) => l.startsWith('    waf.rate-limit'))).toMatch(/\[判断5\]$/)
    expect(lines.find((l) => l.startsWith('    ha.nat'))).toMatch(
      /^ {4}ha\.nat +1 {3}\[上書き: platform\.config\.yaml: environments\.dev\.natGateways\]$/,
    )
    // An override replaces the decision it overrides: the backup window set in the file is no longer the tool's.
    const backup = lines.slice(lines.findIndex((l) => l.startsWith('    backup.aurora')))
    expect(backup[0]! + (backup[1] ?? '')).toContain('[上書き: platform.config.yaml: environments.dev.backupWindow]')
    expect(all).toContain('[上書き: platform.config.yaml: drRegion]')
    expect(all).toContain('設計書の値は本番環境のもの。dev も同じ値をとる')
    // Each decision used has its note, once.
    expect(all.match(/^ {2}\[判断3\] 設計書は「KMS」とのみ記載/gm)).toHaveLength(1)
  })

  it('the --json view stays English and names each decision', () => {
    const v = designView(prod)
    const item = v.sections.flatMap((s) => s.items).find((i) => i.requirement === 'waf.rate-limit')!
    expect(item).toMatchObject({source: 'decision', decision: 'rate-limit'})
    expect(v.awsMappings[0]!.design).toMatch(/^Pods are in the EKS group/)
    const lqt = v.sections.flatMap((s) => s.items).find((i) => i.requirement === 'rds.param.long-query-time')!
    expect(lqt.value).toMatchObject({name: 'long_query_time', value: '1'})
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
