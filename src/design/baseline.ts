import type {BaselineItem} from './types.js'

/**
 * The security baseline beyond the design. Provision makes each true; the audit holds the
 * environment to it; `design show` lists it apart from the design's own values.
 */
export const BASELINE: readonly BaselineItem[] = [
  {
    id: 'baseline.vpc.flow-logs',
    area: 'network',
    text: 'VPC flow logs capture ALL traffic to CloudWatch Logs with a retention',
  },
  {id: 'baseline.vpc.default-sg-closed', area: 'network', text: "The VPC's default security group has no rules"},
  {
    id: 'baseline.sg.no-open-ingress',
    area: 'network',
    text: 'No security group admits 0.0.0.0/0 or ::/0, except the ALB group on 443',
  },
  {id: 'baseline.kms.rotation', area: 'kms', text: 'Customer-managed keys rotate yearly'},
  {id: 'baseline.s3.public-access-block', area: 's3', text: 'Every bucket blocks all public access'},
  {id: 'baseline.s3.tls-only', area: 's3', text: 'Every bucket policy denies requests without TLS'},
  {
    id: 'baseline.eks.secrets-encryption',
    area: 'eks',
    text: 'EKS secrets are envelope-encrypted with the environment key',
  },
  {id: 'baseline.eks.supported-version', area: 'eks', text: 'The Kubernetes version is inside EKS (extended) support'},
  {
    id: 'baseline.eks.support-type',
    area: 'eks',
    text: 'The cluster upgrade policy is the configured support type (STANDARD unless configured: EXTENDED is billed)',
  },
  {
    id: 'baseline.eks.public-endpoint-cidrs',
    area: 'eks',
    text: 'The public API endpoint admits only the configured CIDRs',
  },
  {
    id: 'baseline.eks.operator-access',
    area: 'eks',
    text: 'Operators reach the cluster through EKS access entries (API_AND_CONFIG_MAP), each configured admin role with cluster admin',
  },
  {id: 'baseline.rds.deletion-protection', area: 'aurora', text: 'Aurora deletion protection is on in prod'},
  {
    id: 'baseline.rds.log-exports',
    area: 'aurora',
    text: 'Aurora exports audit, error and slowquery logs to CloudWatch Logs',
  },
  {
    id: 'baseline.rds.audit-logging',
    area: 'aurora',
    text: 'Aurora Advanced Auditing writes connections, privilege and schema changes to the audit log',
  },
  {
    id: 'baseline.rds.parameters-applied',
    area: 'aurora',
    text: 'No Aurora instance waits for a reboot to apply its cluster parameter group (pending-reboot)',
  },
  {id: 'baseline.ecr.scan-on-push', area: 'ecr', text: 'ECR repositories scan images on push'},
  {id: 'baseline.ecr.immutable-tags', area: 'ecr', text: 'ECR repositories have immutable tags'},
  {
    id: 'baseline.alb.https-only',
    area: 'alb',
    text: 'The ALB listens on HTTPS with a modern TLS policy; HTTP only redirects',
  },
  {
    id: 'baseline.cloudfront.viewer-https',
    area: 'cloudfront',
    text: 'CloudFront redirects viewers to HTTPS and requires TLSv1.2_2021 or newer',
  },
  {id: 'baseline.cloudfront.origin-https', area: 'cloudfront', text: 'CloudFront reaches the origin over HTTPS only'},
  {
    id: 'baseline.cloudfront.origin-name',
    area: 'cloudfront',
    text: "CloudFront reaches the ALB by a name the ALB's certificate covers (else every request is a 502)",
  },
  {
    id: 'baseline.cloudfront.api-behaviour',
    area: 'cloudfront',
    text: 'The API path accepts every method and is never cached (CachingDisabled, AllViewerExceptHostHeader)',
  },
  {
    id: 'baseline.waf.no-bypass',
    area: 'waf',
    text: 'The ALB admits only CloudFront, so requests cannot go around the web ACL',
  },
  {id: 'baseline.waf.logging', area: 'waf', text: 'The web ACL logs to an aws-waf-logs-* destination in us-east-1'},
  {
    id: 'baseline.ops.audit-runner',
    area: 'iam',
    text: 'Only with environments.ENV.auditRunner: the nightly audit runs in the cluster with an IRSA role holding the generated read-only audit policy and write access to the evidence store prefix only, on a Fargate profile of its own namespace',
  },
]
