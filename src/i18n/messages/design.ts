/**
 * `design show`: its headings, markers and legend, the decisions the tool took where the design
 * is silent (requirements.md, "Decisions where the design is silent"), and how the design maps
 * to what AWS does. Values stay as data (CIDRs, names): only the words around them are translated.
 */
export const design = {
  en: {
    header: 'Design for {{project}} {{env}} (regions: {{primary}}, global {{global}}, DR {{dr}})',
    'header.non-prod':
      'The design gives production values; {{env}} takes the same unless the configuration overrides them (marked).',
    legend:
      'Markers: [decision N] the design is silent, the tool decided (notes at the end); [override: SOURCE] set by the configuration.',
    'marker.decision': '[decision {{n}}]',
    'marker.override': '[override: {{source}}]',
    'decisions.title': 'Decisions where the design is silent',
    'decision.windows':
      'AWS windows are in UTC: "Sunday 04:00-05:00 JST" is sat:19:00-sat:20:00. The design gives no backup window: 18:00-19:00 UTC (03:00-04:00 JST), so it never overlaps maintenance.',
    'decision.global-region':
      'CloudFront certificates and CLOUDFRONT-scope web ACLs can only live in us-east-1; everything else is in ap-northeast-1.',
    'decision.kms-key':
      'The design says "KMS" without a key: one customer-managed key per environment (alias/PROJECT-ENV), rotated yearly, used by Aurora, the models and data buckets and EKS secrets.',
    'decision.multi-az':
      'An Aurora cluster is Multi-AZ through a reader in another AZ: two instances, as in the cost table (db.r6g.large x 2).',
    'decision.rate-limit':
      'The design says "1000 req/5min" without a key: requests are counted per client IP, over WAF\'s 300-second window.',
    'decision.replication':
      'The design names no DR region: ap-northeast-3 (Osaka). Replication needs versioning on both sides and a key there; the logs bucket cannot replicate (6.1 disables its versioning).',
    'decision.velero':
      'The design names Velero, not where it keeps backups: a bucket of its own; the daily schedule is set in the cluster.',
    'baseline.title': 'Security baseline (beyond the design)',
    'mappings.title': 'How the design maps to what AWS does (Fargate)',
    'mapping.design': 'design:',
    'mapping.aws': 'AWS:',
    'mapping.holds': 'holds:',
    'mapping.source': 'source:',
    'mapping.sg.design':
      'Pods are in the EKS group {{eks}}: {{rds}} admits 3306 from it, it admits {{fromAlb}} from {{alb}}.',
    'mapping.sg.aws':
      "Fargate pods get the cluster security group EKS creates with {{cluster}}, not {{eks}}; on their own the design's rules would never match a pod.",
    'mapping.sg.holds':
      'platform manifests prints a SecurityGroupPolicy (vpcresources.k8s.aws/v1beta1) per workload namespace ({{namespaces}}) naming {{eks}} and the cluster security group (kept so pods reach the control plane and CoreDNS); pods scheduled after it is applied carry both. Audit: pods-reach-aurora, alb-reaches-pods.',
    'mapping.tg.design': 'The ALB {{alb}} forwards to the API pods through the ip target group {{targetGroup}}.',
    'mapping.tg.aws': 'Nothing registers pod IPs in an ip target group by itself.',
    'mapping.tg.holds':
      'The AWS Load Balancer Controller (IRSA role {{role}}, made by provision) registers the API pods through the TargetGroupBinding that platform manifests prints.',
    'mapping.dns.design': 'The default Fargate profile selects kube-system, where CoreDNS runs.',
    'mapping.dns.aws':
      'EKS annotates CoreDNS to run on EC2 (eks.amazonaws.com/compute-type: ec2): on a Fargate-only cluster it stays Pending.',
    'mapping.dns.holds':
      'platform manifests prints the documented patch that removes the annotation, then a CoreDNS restart.',
    'value.principle-security': 'encryption at rest with the environment key; no public data paths',
    'value.velero-schedule': 'daily (in-cluster)',
    'value.cost.savings-plans': 'Savings Plans',
    'value.cost.spot': 'spot for dev',
    'value.cost.tiering': 'S3 Intelligent-Tiering',
    'value.cost.cleanup': 'remove unused resources',
    'overrides.none': 'No overrides: the design as written.',
    'overrides.count': '{{count}} override(s), marked [override: SOURCE] above.',
  },
  ja: {
    header: '{{project}} {{env}} の設計（リージョン: {{primary}}、グローバル {{global}}、DR {{dr}}）',
    'header.non-prod': '設計書の値は本番環境のもの。{{env}} も同じ値をとる（設定で上書きした値は印付き）。',
    legend: '凡例: [判断N] 設計書に記載がなく本ツールが決めた値（説明は末尾）、[上書き: 出所] 設定で上書きした値。',
    'marker.decision': '[判断{{n}}]',
    'marker.override': '[上書き: {{source}}]',
    'decisions.title': '設計書に記載がない点の判断',
    'decision.windows':
      'AWS のウィンドウは UTC で指定する。「日曜 04:00-05:00 JST」は sat:19:00-sat:20:00。設計書にバックアップウィンドウの記載はなく、メンテナンスと重ならない 18:00-19:00 UTC（03:00-04:00 JST）とする。',
    'decision.global-region':
      'CloudFront の証明書と CLOUDFRONT スコープの Web ACL は us-east-1 にしか置けない。それ以外はすべて ap-northeast-1。',
    'decision.kms-key':
      '設計書は「KMS」とのみ記載。環境ごとにカスタマー管理キーを 1 つ（alias/プロジェクト-環境）作り、毎年ローテーションし、Aurora・models と data バケット・EKS シークレットで使う。',
    'decision.multi-az':
      'Aurora クラスターのマルチAZは別 AZ のリーダーで実現する。コスト表（db.r6g.large x 2）どおり 2 インスタンス。',
    'decision.rate-limit':
      '設計書は「1000 req/5min」とのみ記載。クライアント IP ごとに、WAF の 300 秒の評価期間で数える。',
    'decision.replication':
      '設計書に DR リージョンの記載はなく、ap-northeast-3（大阪）とする。レプリケーションには両側のバージョニングと DR リージョンのキーが必要。logs バケットは 6.1 でバージョニングが無効のため複製できない。',
    'decision.velero':
      '設計書は Velero の保存先を記載していない。専用のバケットを作る。日次のスケジュールはクラスター内で設定する。',
    'baseline.title': 'セキュリティベースライン（設計書の範囲外）',
    'mappings.title': '設計と AWS の実際の動作の対応（Fargate）',
    'mapping.design': '設計書:',
    'mapping.aws': 'AWS:',
    'mapping.holds': '担保:',
    'mapping.source': '出典:',
    'mapping.sg.design':
      'Pod は EKS グループ {{eks}} に属する。{{rds}} はそこからの 3306 を許可し、そのグループは {{alb}} からの {{fromAlb}} を許可する。',
    'mapping.sg.aws':
      'Fargate の Pod には {{eks}} ではなく、EKS が {{cluster}} とともに作るクラスターセキュリティグループが付く。そのままでは設計書のルールはどの Pod にも当たらない。',
    'mapping.sg.holds':
      'platform manifests がワークロードの名前空間（{{namespaces}}）ごとに {{eks}} とクラスターセキュリティグループ（Pod がコントロールプレーンと CoreDNS に届くよう残す）を指定する SecurityGroupPolicy（vpcresources.k8s.aws/v1beta1）を出力する。適用後に起動した Pod は両方を持つ。監査: pods-reach-aurora, alb-reaches-pods。',
    'mapping.tg.design': 'ALB {{alb}} は ip ターゲットグループ {{targetGroup}} を通じて API Pod に転送する。',
    'mapping.tg.aws': 'ip ターゲットグループに Pod の IP を登録するものは、それだけでは存在しない。',
    'mapping.tg.holds':
      'AWS Load Balancer Controller（provision が作る IRSA ロール {{role}}）が、platform manifests の出力する TargetGroupBinding を通じて API Pod を登録する。',
    'mapping.dns.design': 'default の Fargate プロファイルは CoreDNS が動く kube-system を選択する。',
    'mapping.dns.aws':
      'EKS は CoreDNS に EC2 で動かす注釈（eks.amazonaws.com/compute-type: ec2）を付ける。Fargate のみのクラスターでは Pending のままになる。',
    'mapping.dns.holds': 'platform manifests が注釈を外す公式手順のパッチと、CoreDNS の再起動を出力する。',
    'value.principle-security': '環境のキーによる保存時の暗号化。公開されたデータ経路なし',
    'value.velero-schedule': '日次（クラスター内で設定）',
    'value.cost.savings-plans': 'Savings Plans の検討',
    'value.cost.spot': 'スポットインスタンス活用（開発環境）',
    'value.cost.tiering': 'S3 Intelligent-Tiering の適用',
    'value.cost.cleanup': '未使用リソースの定期削除',
    'overrides.none': '上書きなし: 設計書どおり。',
    'overrides.count': '上書き {{count}} 件（上の [上書き: 出所] の行）。',
  },
} as const
