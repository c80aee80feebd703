import type {Lang} from './index.js'

/**
 * Each requirement in Japanese, in the design document's own words where it has them
 * (000_f5d166c9a350215c.txt: "バックアップ保持期間 35日", "古いバージョンは90日後に削除" ...), so
 * an auditor reading a Japanese report finds the same phrase in the document. The English
 * restatement (requirements.md) is the catalogue's `text`; placeholders ({p}, {env}, 10.{n}...)
 * are kept exactly as there, because evidence resolves them per environment (controls.ts).
 * A test proves every requirement and baseline item has a text here with the same placeholders.
 */
export const REQUIREMENT_TEXTS_JA: Readonly<Record<string, string>> = {
  // 1. 概要
  region: 'リージョン: ap-northeast-1（東京）',
  environments: '環境: Production / Staging / Development（prod, staging, dev）',
  'principle.availability': '高可用性（99.9%以上）（8.x を参照）',
  'principle.security': 'セキュリティファースト（医療データ保護）',
  // 2. アーキテクチャ概要
  'arch.edge':
    'システム構成: Users -> CloudFront + WAF -> Application Load Balancer -> EKS Cluster (Fargate) -> Aurora MySQL (Multi-AZ)、S3 (Models)、ECR (Images)',
  'arch.workloads': 'EKS 上の 3 つのワークロード: API Pod, ML Pod, Worker Pod',
  'env.cidr':
    'VPC CIDR: Production（本番環境）10.0.0.0/16, Staging（検証環境）10.1.0.0/16, Development（開発環境）10.2.0.0/16',
  // 3. ネットワーク設計
  'vpc.cidr': 'VPC の CIDR は 10.{n}.0.0/16',
  'vpc.dns-hostnames': 'DNS Hostnames（DNS ホスト名）: Enabled',
  'vpc.dns-support': 'DNS Resolution（DNS 解決）: Enabled',
  'subnet.public-1a': 'public-1a: 10.{n}.1.0/24, ap-northeast-1a, 用途 ALB, NAT Gateway',
  'subnet.public-1c': 'public-1c: 10.{n}.2.0/24, ap-northeast-1c, 用途 ALB, NAT Gateway',
  'subnet.public-1d': 'public-1d: 10.{n}.3.0/24, ap-northeast-1d, 用途 ALB, NAT Gateway',
  'subnet.private-1a': 'private-1a: 10.{n}.11.0/24, ap-northeast-1a, 用途 EKS, RDS',
  'subnet.private-1c': 'private-1c: 10.{n}.12.0/24, ap-northeast-1c, 用途 EKS, RDS',
  'subnet.private-1d': 'private-1d: 10.{n}.13.0/24, ap-northeast-1d, 用途 EKS, RDS',
  'sg.alb.ingress': 'ALB Security Group Inbound: HTTPS 443 from 0.0.0.0/0（HTTPS通信）のみ',
  'sg.alb.egress': 'ALB Security Group Outbound: All to 0.0.0.0/0（全許可）',
  'sg.eks.ingress': 'EKS Security Group Inbound: TCP 443 from ALB-SG（API通信）、TCP 10250 from EKS-SG（Kubelet）',
  'sg.eks.egress': 'EKS Security Group Outbound: All（全許可）',
  'sg.rds.ingress': 'RDS Security Group Inbound: TCP 3306 from EKS-SG のみ（MySQL接続）',
  'sg.rds.egress': 'RDS Security Group Outbound: All（全許可）',
  // 4. コンピューティング設計
  'eks.version': 'Kubernetes のバージョン: 1.28',
  'eks.name': 'クラスター名 {p}-{env}-eks（設計書: medical-ai-prod-eks）',
  'eks.endpoint': 'エンドポイントアクセス: Private + Public',
  'eks.logging': 'ログタイプ: api, audit, authenticator',
  'fargate.default': 'プロファイル default: Namespace default, kube-system（システムPod）',
  'fargate.application': 'プロファイル application: Namespace app（アプリケーションPod）',
  'fargate.mlops': 'プロファイル mlops: Namespace mlops（ML推論Pod）',
  'workload.api': 'ワークロード API Server: CPU Request 500m, Memory Request 1Gi, Replicas 3',
  'workload.ml': 'ワークロード ML Inference: CPU Request 2000m, Memory Request 4Gi, Replicas 2',
  'workload.worker': 'ワークロード Worker: CPU Request 1000m, Memory Request 2Gi, Replicas 3',
  // 5. データベース設計
  'rds.engine': 'エンジン: Aurora MySQL 8.0（aurora-mysql, 8.0.mysql_aurora.3.x）',
  'rds.instance-class': 'インスタンスクラス: db.r6g.large',
  'rds.multi-az': 'マルチAZ: Enabled（ライターとリーダーを別 AZ に配置。コスト表: db.r6g.large x 2）',
  'rds.encryption': 'ストレージ暗号化: Enabled (KMS)（環境のカスタマー管理キー）',
  'rds.backup-retention': 'バックアップ保持期間: 35日',
  'rds.maintenance-window': 'メンテナンスウィンドウ: 日曜 04:00-05:00 JST = sat:19:00-sat:20:00 UTC',
  'rds.param.character-set-server': 'character_set_server = utf8mb4（文字セット）',
  'rds.param.time-zone': 'time_zone = Asia/Tokyo（タイムゾーン）',
  'rds.param.max-connections': 'max_connections = 1000（最大接続数）',
  'rds.param.slow-query-log': 'slow_query_log = 1（スロークエリログ）',
  'rds.param.long-query-time': 'long_query_time = 1（スロークエリ閾値(秒)）',
  // 6. ストレージ設計
  's3.models.encryption': '{p}-{env}-models（MLモデル保存）: 暗号化 SSE-KMS',
  's3.models.versioning': 'models: バージョニング Enabled',
  's3.data.encryption': '{p}-{env}-data（データ保存）: 暗号化 SSE-KMS',
  's3.data.versioning': 'data: バージョニング Enabled',
  's3.logs.encryption': '{p}-{env}-logs（ログ保存）: 暗号化 SSE-S3 (AES256)',
  's3.logs.versioning': 'logs: バージョニング Disabled',
  's3.models.lifecycle': 'models: 古いバージョンは90日後に削除',
  's3.data.lifecycle': 'data: 365日後にGlacierへ移行',
  's3.logs.lifecycle': 'logs: 90日後に削除',
  // 7. CDN・WAF設計
  'cloudfront.origin': 'オリジン: ALB',
  'cloudfront.certificate': 'SSL証明書: ACM (*.example.com)（ドメインは設定可能。CloudFront 用は us-east-1）',
  'cloudfront.cache-policy': 'キャッシュポリシー: Managed-CachingOptimized (658327ea-f89d-4fab-a63d-7e88639e58f6)',
  'cloudfront.price-class': '価格クラス: PriceClass_200',
  'waf.common': 'AWSManagedRulesCommonRuleSet: Block（一般的な攻撃防御）',
  'waf.bad-inputs': 'AWSManagedRulesKnownBadInputsRuleSet: Block（既知の悪意のある入力）',
  'waf.sqli': 'AWSManagedRulesSQLiRuleSet: Block（SQLインジェクション）',
  'waf.rate-limit': 'レートベース制限: 1000 req/5min（IP 単位）, Block',
  'waf.attached': 'Web ACL がディストリビューションを保護する（スコープ CLOUDFRONT, us-east-1）',
  // 8. 可用性・DR設計
  'dr.targets': '可用性 99.9%, RPO (目標復旧時点) 1時間, RTO (目標復旧時間) 4時間',
  'ha.alb': 'ALB: AZ数 3, 自動分散',
  'ha.eks': 'EKS: AZ数 3, Pod分散',
  'ha.aurora': 'Aurora: AZ数 2, 自動フェイルオーバー',
  'ha.nat': 'NAT Gateway: AZ数 3, AZ毎に配置',
  'backup.aurora': 'Aurora: 自動スナップショット, 日次, 保持期間 35日',
  'backup.s3-replication': 'S3: クロスリージョンレプリケーション, リアルタイム, 保持期間 無期限',
  'backup.eks-velero': 'EKS設定: Velero, 日次, 保持期間 30日',
  // 9. コスト見積もり
  'cost.monthly':
    '月額コスト概算（Production）合計 $1,215: EKS $500, Aurora $400 (db.r6g.large x 2), ALB $50 (1台), NAT Gateway $150 (3台), S3 $15 (500GB), CloudFront $100 (1TB転送)',
  'cost.optimisation':
    'Savings Plans の検討、スポットインスタンス活用（開発環境）、S3 Intelligent-Tiering の適用、未使用リソースの定期削除',

  // セキュリティベースライン（設計書の範囲外）: the design has no words for these, so they
  // follow the Japanese check titles (check-titles.ts) that judge them.
  'baseline.vpc.flow-logs': 'VPC フローログが全トラフィック（ALL）を保持期間付きで CloudWatch Logs に記録する',
  'baseline.vpc.default-sg-closed': 'VPC のデフォルトセキュリティグループにルールがない',
  'baseline.sg.no-open-ingress':
    '0.0.0.0/0 または ::/0 からの受信を許可するセキュリティグループがない（443 の ALB グループを除く）',
  'baseline.kms.rotation': 'カスタマー管理キーが毎年自動ローテーションされる',
  'baseline.s3.public-access-block': '全バケットがパブリックアクセスを完全にブロックしている',
  'baseline.s3.tls-only': '全バケットポリシーが TLS を使わないリクエストを拒否する',
  'baseline.eks.secrets-encryption': 'EKS のシークレットが環境のキーでエンベロープ暗号化されている',
  'baseline.eks.supported-version': 'Kubernetes のバージョンが EKS のサポート（延長サポートを含む）期間内にある',
  'baseline.eks.support-type':
    'クラスターのアップグレードポリシーが設定したサポート種別である（未設定なら STANDARD。EXTENDED は課金される）',
  'baseline.eks.public-endpoint-cidrs': 'パブリック API エンドポイントが設定した CIDR のみを許可する',
  'baseline.eks.operator-access':
    '運用者は EKS アクセスエントリ（API_AND_CONFIG_MAP）経由でクラスターに接続し、設定した管理ロールはそれぞれクラスター管理者である',
  'baseline.rds.deletion-protection': 'prod の Aurora で削除保護が有効',
  'baseline.rds.log-exports': 'Aurora が audit・error・slowquery ログを CloudWatch Logs に出力する',
  'baseline.rds.audit-logging':
    'Aurora の高度な監査（Advanced Auditing）が接続・権限・スキーマ変更を監査ログに記録する',
  'baseline.rds.parameters-applied':
    'クラスターパラメータグループの適用に再起動（pending-reboot）を待つ Aurora インスタンスがない',
  'baseline.ecr.scan-on-push': 'ECR リポジトリがプッシュ時にイメージをスキャンする',
  'baseline.ecr.immutable-tags': 'ECR リポジトリのタグが変更不可（イミュータブル）である',
  'baseline.alb.https-only': 'ALB は最新の TLS ポリシーで HTTPS を提供し、HTTP はリダイレクトのみ',
  'baseline.cloudfront.viewer-https': 'CloudFront がビューアーを HTTPS にリダイレクトし、TLSv1.2_2021 以上を要求する',
  'baseline.cloudfront.origin-https': 'CloudFront がオリジンに HTTPS のみで接続する',
  'baseline.cloudfront.origin-name':
    'CloudFront が ALB の証明書に含まれる名前で ALB に接続する（さもなければ全リクエストが 502）',
  'baseline.cloudfront.api-behaviour':
    'API パスは全メソッドを受け付け、キャッシュしない（CachingDisabled, AllViewerExceptHostHeader）',
  'baseline.waf.no-bypass': 'ALB は CloudFront からの通信のみを受け付け、Web ACL を迂回するリクエストはない',
  'baseline.waf.logging': 'Web ACL が us-east-1 の aws-waf-logs-* 宛先にログを出力する',
  'baseline.ops.audit-runner':
    'environments.ENV.auditRunner を設定した場合のみ: 夜間監査はクラスター内で、生成した読み取り専用の監査ポリシーと証跡保存先プレフィックスへの書き込み権限のみを持つ IRSA ロールにより、専用名前空間の Fargate プロファイル上で実行される',
}

/** A requirement's text in the reader's language; English (the catalogue's own text) unless ja has one. */
export function requirementText(id: string, english: string, lang: Lang): string {
  if (lang === 'en') return english
  return REQUIREMENT_TEXTS_JA[id] ?? english
}
