import {isLocalEmulator} from '../aws/emulator.js'
import {outcome, type PreflightCheck} from './types.js'

/**
 * Domains reserved for documentation (RFC 2606, section 3: example.com, example.net,
 * example.org; https://www.rfc-editor.org/rfc/rfc2606#section-3). Nobody can validate an ACM
 * certificate for them, so a run would wait 30 minutes for DNS validation that never comes.
 */
const PLACEHOLDERS = ['example.com', 'example.net', 'example.org']

export function isPlaceholderDomain(domain: string): boolean {
  const d = domain.toLowerCase().replace(/\.$/, '')
  return PLACEHOLDERS.some((p) => d === p || d.endsWith(`.${p}`))
}

/** The placeholder domain is refused except against the local emulator (src/aws/emulator.ts). */
export const domainCheck: PreflightCheck = {
  name: 'domain',
  run(ctx) {
    const {domain} = ctx.design
    if (!isPlaceholderDomain(domain) || isLocalEmulator(ctx.aws.endpoint)) return outcome()
    return outcome({
      problems: [
        {
          check: 'domain',
          what: `The domain is the placeholder ${domain}.`,
          why: `Certificates for *.${domain} can never be validated (a reserved documentation domain, RFC 2606) and CloudFront would serve ${ctx.design.cloudfront.aliases.join(', ')}, which you do not own.`,
          remedy: 'Set `domain` in platform.config.yaml to a domain you control.',
        },
      ],
    })
  },
}
