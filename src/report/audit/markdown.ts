import {escapeXml} from './common.js'

/**
 * The little markdown that remediation and requirement texts carry (`code`, **bold**), as HTML:
 * a reader must see neither backticks nor asterisks. Escaped first, so nothing in the text
 * becomes markup of its own.
 */
export function inlineMarkdownHtml(text: string): string {
  return escapeXml(text)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/\*\*/g, '')
}

/** A remediation: a platform command is shown as code, prose through inlineMarkdownHtml. */
export function remediationHtml(text: string): string {
  return /^platform\s/.test(text) ? `<code>${escapeXml(text)}</code>` : inlineMarkdownHtml(text)
}
