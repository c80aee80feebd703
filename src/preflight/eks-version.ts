import {EKS_VERSIONS, creatableVersions, supportState} from '../design/eks-versions.js'
import {envKey, outcome, type PreflightCheck} from './types.js'

/**
 * The Kubernetes version must be one EKS creates clusters on today (data: design/eks-versions.ts).
 * "On the end of extended support date, you can no longer create new Amazon EKS clusters with
 * the unsupported version" (https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html);
 * CreateCluster then fails with InvalidParameterException "unsupported Kubernetes version"
 * (https://github.com/hashicorp/terraform-provider-aws/issues/21410), twenty minutes into a run.
 * Only when the run may change the eks layer: --layer network never creates a cluster.
 */
export const eksVersionCheck: PreflightCheck = {
  name: 'eks-version',
  run(ctx) {
    if (!ctx.layers.includes('eks')) return outcome()
    const v = ctx.design.eks.version
    const supported = creatableVersions(ctx.today)
    const state = supportState(v, ctx.today)
    const key = envKey(ctx, 'eksVersion')
    if (state === 'unsupported') {
      const end = EKS_VERSIONS.find((e) => e.version === v)?.endOfExtendedSupport
      return outcome({
        problems: [
          {
            check: 'eks-version',
            what: `Kubernetes ${v} cannot be created on EKS today: its extended support ended on ${end}.`,
            why: 'EKS creates clusters only on versions in standard or extended support; CreateCluster answers InvalidParameterException "unsupported Kubernetes version".',
            remedy: `Set ${key} to one of ${supported.join(', ')} (the tool's support calendar, src/design/eks-versions.ts).`,
          },
        ],
      })
    }
    if (state === 'unknown')
      return outcome({
        warnings: [
          `Kubernetes ${v} (${key}) is not in the tool's EKS support calendar: EKS may refuse it. Versions known to be creatable today: ${supported.join(', ')}.`,
        ],
      })
    return outcome()
  },
}
