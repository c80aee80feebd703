import type {ResolvedDesign} from '../design/types.js'
import {RESOURCES} from '../resources.js'
import type {Outputs} from './types.js'

/**
 * What the operator must still do outside AWS's APIs for the environment to carry traffic,
 * with the values to use: DNS records when no Route 53 hosted zone is configured (CloudFront
 * reaches the ALB only by a name its certificate covers), and certificate validation records
 * while ACM waits for them. Empty when there is nothing left to do.
 */
export function requiredSteps(design: ResolvedDesign, outputs: Outputs): string[] {
  const steps: string[] = []
  const out = (id: string) => outputs.get(id)
  if (!design.dns.hostedZoneId) {
    const lb = out(RESOURCES.loadBalancer.id)
    if (lb?.dnsName)
      steps.push(
        `DNS: ${design.cloudfront.originHostname} CNAME ${lb.dnsName} (CloudFront's origin; without it every request is a 502; or set hostedZoneId and provision makes it)`,
      )
    const dist = out(RESOURCES.distribution.id)
    if (dist?.domainName)
      for (const alias of design.cloudfront.aliases)
        steps.push(`DNS: ${alias} CNAME ${dist.domainName} (the name viewers use)`)
  }
  for (const key of [RESOURCES.regionalCertificate, RESOURCES.cloudfrontCertificate]) {
    const cert = out(key.id)
    if (cert && cert.status !== 'ISSUED' && cert.validation)
      steps.push(`DNS: ${cert.validation} (ACM validation of ${design.certificate.domainName}, ${key.id})`)
  }
  return steps
}
