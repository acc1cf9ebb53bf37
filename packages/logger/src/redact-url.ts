// URLs often carry secrets: user info (`https://user:pass@host`) and tokens in the query
// (`?token=…`, ntfy and Discord hooks). Wherever a URL is shown or logged, only the scheme,
// host, port and path are kept.

/** "https://user:pass@host/hook?token=x#f" → "https://[redacted]@host/hook?[redacted]". Not a URL: returned as it is. */
export function redactUrl(url: string): string {
  if (!URL.canParse(url)) return url;
  const parsed = new URL(url);
  const userInfo = parsed.username || parsed.password ? "[redacted]@" : "";
  const query = parsed.search ? "?[redacted]" : "";
  return `${parsed.protocol}//${userInfo}${parsed.host}${parsed.pathname}${query}`;
}

const urlInText = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi;

/** Every URL inside a text (an error message, say) redacted as `redactUrl` does. */
export function redactUrlsIn(text: string): string {
  return text.replace(urlInText, (match) => redactUrl(match));
}
