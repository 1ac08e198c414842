/**
 * Why an ingest failed. Each code maps to one thing an operator can fix, and the message names the
 * file, address or limit involved, so the CLI and the Discord command can show it as it is.
 */
export type IngestErrorCode =
  | 'bad-input' // not a path or an http(s) URL, or an unsupported scheme
  | 'missing-file'
  | 'unreachable' // DNS failure, refused connection, TLS error
  | 'timeout'
  | 'http-status' // a non-2xx, non-redirect status
  | 'too-many-redirects'
  | 'blocked-address' // the strict policy refused the resolved address
  | 'not-html' // a content type we cannot read as an article
  | 'too-large'
  | 'no-article' // the page had no article text
  | 'invalid-article' // a Markdown file whose front matter or body does not validate
  | 'not-found' // removeArticle: no article with that id or URL
  | 'in-library' // /article add of an article the shared library already has; /article remove of a library article
  | 'over-limit'; // a per-server limit (articles, bytes, adds per hour) would be passed

/** An expected ingest failure: shown to the user as is, never a stack trace. */
export class IngestError extends Error {
  override readonly name = 'IngestError';
  constructor(
    readonly code: IngestErrorCode,
    message: string,
  ) {
    super(message);
  }
}
