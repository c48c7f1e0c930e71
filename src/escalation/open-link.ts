// Apart from links.ts so a channel can strip a link without pulling in the signing code.

/**
 * An Open link (`linksFor(...).open`) without the note token in its `?link=`: the status page
 * then asks for the admin token instead of letting any holder of the URL in.
 */
export function withoutLinkToken(url: string): string {
  const u = new URL(url);
  u.searchParams.delete("link");
  return u.toString();
}
