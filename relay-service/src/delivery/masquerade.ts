// Domain masquerading (IIS "Masquerade domain"): the envelope sender as the next hop sees it.

/**
 * `sender` with its domain replaced by `domain`, for the MAIL FROM of mail relayed to another host. The null sender of
 * a bounce (`""`) stays null, and so does everything when `domain` is null. The local part is kept as written; only
 * the envelope changes (the stored message and its `From:` header are untouched, as in IIS, which masquerades the
 * MAIL FROM of the protocol on the first hop only).
 */
export function masqueradedSender(sender: string, domain: string | null): string {
  if (domain === null || sender === '') return sender;
  const at = sender.lastIndexOf('@');
  return at < 0 ? `${sender}@${domain}` : `${sender.slice(0, at)}@${domain}`;
}
