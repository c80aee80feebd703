import type {GuidelineItem} from './types.js'

/**
 * 経済産業省・総務省「医療情報を取り扱う情報システム・サービスの提供事業者における安全管理ガイドライン
 * 第1.1版」: what a service provider must show. Pages read are of the published 第1.1版 as transcribed
 * (wic-net.com/material/document/10201/...). Only 3.1.2, 3.2.1, 4 and 4.1 were seen with their
 * numbers; the others are placed by the order the text itself announces, and marked unconfirmed.
 */
const TITLE = '医療情報を取り扱う情報システム・サービスの提供事業者における安全管理ガイドライン 第1.1版'
const URL = 'https://www.meti.go.jp/policy/mono_info_service/healthcare/teikyoujigyousyagl.html'
const PAGE = 'https://wic-net.com/material/document/10201/'
const VOLUME = {ja: '本編', en: 'Main text'}
type Text = {ja: string; en: string}

function item(
  slug: string,
  number: string,
  title: Text,
  page: number,
  opts: {confirmed?: boolean; evidence?: Text} = {},
): GuidelineItem {
  return {
    id: `meti-mic-1.1:main:${slug}`,
    framework: 'meti-mic-1.1',
    volume: 'main',
    volumeTitle: VOLUME,
    number,
    title,
    source: {title: TITLE, url: URL, seenAt: `${PAGE}${page}`},
    confirmed: opts.confirmed ?? true,
    kind: opts.evidence ? 'manual' : 'auto',
    ...(opts.evidence ? {evidence: opts.evidence} : {}),
  }
}

export const METI_MIC_ITEMS: readonly GuidelineItem[] = [
  // 5.x cites "3.1.2 で述べた説明義務" (page 36).
  item('3.1.2', '3.1.2', {ja: '説明義務', en: 'Duty to explain'}, 36, {
    evidence: {
      ja: '医療機関等へ提出したサービス仕様適合開示書と、その説明の記録',
      en: 'The service specification conformity disclosure given to the medical institution, and the record of explaining it',
    },
  }),
  item(
    '3.2.1',
    '3.2.1',
    {
      ja: '契約前の合意形成及び契約中の合意の維持',
      en: 'Agreement before the contract and keeping it during the contract',
    },
    23,
    {
      evidence: {
        ja: '契約書・SLA・合意事項の変更履歴（再合意の記録）',
        en: 'Contract, SLA and the history of changes to what was agreed (re-agreements)',
      },
    },
  ),
  // Page 25 defines 危機管理対応時; its section number was not on the page read.
  item('3.2.2', '3.2.2', {ja: '危機管理対応', en: 'Crisis management'}, 25, {
    confirmed: false,
    evidence: {
      ja: '情報セキュリティ事故の報告手順、医療機関等への報告記録、再発防止策の提案・合意記録',
      en: 'Security incident reporting procedure, reports to the medical institution, proposed and agreed preventive measures',
    },
  }),
  item('4.1', '4.1', {ja: '医療機関等へ情報提供すべき項目', en: 'Information to provide to medical institutions'}, 26, {
    evidence: {
      ja: '表4-1 の項目ごとの提供資料（サービス仕様、安全管理策、責任分界）',
      en: 'The documents given for each item of table 4-1 (service specification, controls, division of responsibilities)',
    },
  }),
  // Chapter 4 announces, in this order: 情報提供すべき項目, 役割分担の明確化, 安全管理に係る評価, 第三者認証等 (page 26).
  item('4.2', '4.2', {ja: '医療機関等との役割分担の明確化', en: 'Clear division of roles with the institution'}, 26, {
    confirmed: false,
    evidence: {
      ja: '責任分界表（AWS・自社・医療機関等の分担）',
      en: 'Responsibility matrix (AWS, the provider, the medical institution)',
    },
  }),
  item('4.4', '4.4', {ja: '第三者認証等の取得', en: 'Third-party certification'}, 26, {
    confirmed: false,
    evidence: {
      ja: 'ISMS（ISO/IEC 27001）・ISMS クラウドセキュリティ認証・プライバシーマーク等の認証書',
      en: 'Certificates: ISMS (ISO/IEC 27001), ISMS cloud security, PrivacyMark or equivalent',
    },
  }),
  // Page 36 sets out リスク保有 and リスク対応策の設計・評価 in the risk management chapter (number not shown).
  item(
    '5-risk-assessment',
    '5',
    {ja: '安全管理のためのリスクマネジメント（リスクアセスメント）', en: 'Risk management (risk assessment)'},
    36,
    {
      confirmed: false,
      evidence: {
        ja: 'リスクアセスメント結果と、保有したリスクの一覧・承認記録',
        en: 'Risk assessment results, and the accepted residual risks with their approval',
      },
    },
  ),
  item(
    '5-risk-treatment',
    '5',
    {ja: 'リスク対応策の設計・評価（技術的対策）', en: 'Designing and evaluating risk treatments (technical controls)'},
    36,
    {confirmed: false},
  ),
  // 制度上の要求事項: the three principles of electronic storage (真正性・見読性・保存性); chapter number not seen.
  item('6-authenticity', '6', {ja: '制度上の要求事項（真正性）', en: 'Statutory requirements (authenticity)'}, 36, {
    confirmed: false,
  }),
  item('6-readability', '6', {ja: '制度上の要求事項（見読性）', en: 'Statutory requirements (readability)'}, 36, {
    confirmed: false,
  }),
  item('6-preservation', '6', {ja: '制度上の要求事項（保存性）', en: 'Statutory requirements (preservation)'}, 36, {
    confirmed: false,
  }),
]
