import type {GuidelineItem, GuidelineSource} from './types.js'

/**
 * 厚生労働省「医療情報システムの安全管理に関するガイドライン 第6.0版」: the items this environment
 * can evidence. Each number was read in a public transcription of the published volumes (or of the
 * drafts whose numbering the published migration table 第5.2版→第6.0版項目移行対応表 repeats); the
 * page is in `seenAt`. Where no page showed the number, `confirmed` is false.
 */
const TITLE = '医療情報システムの安全管理に関するガイドライン 第6.0版'
const URL = 'https://www.mhlw.go.jp/stf/shingi/0000516275_00006.html'
const WIC = 'https://wic-net.com/material/document/'
const src = (seenAt: string): GuidelineSource => ({title: TITLE, url: URL, seenAt: WIC + seenAt})

const VOLUMES = {
  governance: {ja: '経営管理編', en: 'Governance'},
  planning: {ja: '企画管理編', en: 'Management'},
  'system-operation': {ja: 'システム運用編', en: 'System operation'},
  qa: {ja: 'Q&A', en: 'Q&A'},
} as const

type Volume = keyof typeof VOLUMES
type Text = {ja: string; en: string}

function item(
  volume: Volume,
  number: string,
  title: Text,
  seenAt: string,
  opts: {confirmed?: boolean; evidence?: Text; slug?: string} = {},
): GuidelineItem {
  return {
    id: `mhlw-6.0:${volume}:${opts.slug ?? number}`,
    framework: 'mhlw-6.0',
    volume,
    volumeTitle: VOLUMES[volume],
    number,
    title,
    source: src(seenAt),
    confirmed: opts.confirmed ?? true,
    kind: opts.evidence ? 'manual' : 'auto',
    ...(opts.evidence ? {evidence: opts.evidence} : {}),
  }
}

export const MHLW_ITEMS: readonly GuidelineItem[] = [
  // 経営管理編: the chapters as its own "構成と概要" lists them (9464/5).
  item(
    'governance',
    '1',
    {ja: '安全管理に関する責任・責務', en: 'Responsibilities for security management'},
    '9464/5',
    {
      evidence: {
        ja: '医療情報システム安全管理責任者の任命記録、委託・第三者提供の責任を定めた契約書',
        en: 'Appointment of the person responsible for security; contracts stating the responsibilities of outsourcing and third-party provision',
      },
    },
  ),
  item('governance', '2', {ja: 'リスク評価を踏まえた管理', en: 'Management based on risk assessment'}, '9464/5', {
    evidence: {
      ja: 'リスクアセスメント結果（情報資産台帳を含む）と経営層による承認記録',
      en: 'Risk assessment results (with the information asset inventory) and their approval by management',
    },
  }),
  item(
    'governance',
    '3',
    {ja: '安全管理全般（統制、設計、管理等）', en: 'Security management in general (control, design, management)'},
    '9464/5',
    {
      evidence: {
        ja: '運用管理規程・情報セキュリティ方針、体制図、従業者への教育・訓練の実施記録',
        en: 'Operations rules and security policy, organisation chart, records of staff training and drills',
      },
    },
  ),
  // 企画管理編 5: its 遵守事項 ①–④ (証跡の整理・改ざん防止・レビュー) read on 9465/28.
  item('planning', '5', {ja: '安全管理におけるエビデンス', en: 'Evidence of security management'}, '9465/28'),
  // システム運用編: chapters 3 and 4 from the draft table of contents (8749/32), 5–7 unchanged in the published one (9466/3).
  item('system-operation', '3', {ja: '責任分界', en: 'Division of responsibilities'}, '8749/32', {
    evidence: {
      ja: 'クラウド事業者（AWS）との責任共有モデルの確認記録、契約・SLA、サービス仕様適合開示書',
      en: 'Record of the shared responsibility model with the cloud provider (AWS), contract and SLA, service specification conformity disclosure',
    },
  }),
  item(
    'system-operation',
    '4',
    {ja: 'リスクアセスメントを踏まえた安全管理対策の設計', en: 'Designing controls from the risk assessment'},
    '8749/32',
    {
      evidence: {
        ja: '情報資産ごとのリスクアセスメント表と、対策（設計書の各項目）との対応表',
        en: 'Risk assessment per information asset, traced to the controls (the design document items)',
      },
    },
  ),
  item(
    'system-operation',
    '6',
    {ja: '安全管理を実現するための技術的対策の体系', en: 'Structure of the technical controls'},
    '9289/20',
  ),
  item(
    'system-operation',
    '7',
    {ja: '情報管理（管理・持出し・破棄等）', en: 'Information management (custody, export, disposal)'},
    '9466/3',
  ),
  item(
    'system-operation',
    '8',
    {ja: '利用機器・サービスに対する安全管理措置', en: 'Controls on devices and services in use'},
    '6682/30',
  ),
  // The draft names "システム運用管理（通常時・非常時等）" in its structure (9289/20) without its number.
  item(
    'system-operation',
    '11',
    {ja: 'システム運用管理（通常時・非常時等）', en: 'System operation (normal times and emergencies)'},
    '9289/20',
    {
      confirmed: false,
      evidence: {
        ja: 'インシデント対応手順・BCP、連絡体制、サイバー攻撃を想定した訓練の実施記録',
        en: 'Incident response procedure and BCP, escalation contacts, records of drills assuming a cyber attack',
      },
    },
  ),
  // "11.1 通常時における運用対策" is cited by 12.2 (8593/39).
  item('system-operation', '11.1', {ja: '通常時における運用対策', en: 'Operation in normal times'}, '8593/39'),
  item('system-operation', '12', {ja: '物理的安全管理措置', en: 'Physical security'}, '6682/31', {
    evidence: {
      ja: 'データセンタの第三者認証報告書（AWS Artifact の SOC 2・ISO/IEC 27001 等）と国内リージョンの利用記録',
      en: 'Third-party reports on the data centres (AWS Artifact: SOC 2, ISO/IEC 27001) and the use of a domestic region',
    },
  }),
  item('system-operation', '12.2', {ja: 'バックアップの管理', en: 'Backup management'}, '9468/7'),
  item('system-operation', '13', {ja: 'ネットワークに関する安全管理措置', en: 'Network security'}, '6682/31'),
  item(
    'system-operation',
    '14',
    {ja: '認証・認可に関する安全管理措置', en: 'Authentication and authorisation'},
    '6682/31',
  ),
  // The title is in the draft's structure (9289/20); no page read showed its number.
  item(
    'system-operation',
    '17',
    {ja: '証跡のレビュー、システム監査', en: 'Review of audit trails, system audit'},
    '9289/20',
    {confirmed: false},
  ),
  // 12.2 refers to "18. 外部からの攻撃に対する安全管理措置" (8593/39); the migration table cites 18.1 (9468/7).
  item(
    'system-operation',
    '18',
    {ja: '外部からの攻撃に対する安全管理措置', en: 'Protection against external attacks'},
    '8593/39',
  ),
  item(
    'qa',
    'シQ-31',
    {
      ja: '不適切な保管・取扱いによる情報の滅失、破壊の防止（バックアップを履歴とともに管理し復元できる仕組み）',
      en: 'Preventing loss through improper storage (backups kept with their history and restorable)',
    },
    '9473/87',
    {slug: 'sq-31'},
  ),
  // 第6.0版 calls for "書き換えられない複数のバックアップ" (9474/6); the Q&A on write-protected generations was read
  // only in the 第5.2版 Q&A (1730/19): its 第6.0版 number is not confirmed.
  item(
    'qa',
    'シス18章',
    {
      ja: '複数世代のバックアップを書き込み禁止（論理的に書換え不能）の状態で保管すること',
      en: 'Backup generations kept write-protected (logically unmodifiable)',
    },
    '9474/6',
    {confirmed: false, slug: 'backup-generations'},
  ),
]
