/** What callers of the ingest feature need; the modules behind it stay private. */
export { IngestError, type IngestErrorCode } from './errors.js';
export { ingest, readSource, MIN_ARTICLE_WORDS, type IngestOptions, type IngestOutcome } from './ingest.js';
export { findOnShelf, ingestUrlForDiscord, removeArticle, type RemoveOutcome } from './discord.js';
export { fetchPage, formatBytes, type FetchOptions, type FetchedPage } from './fetchPage.js';
export { checkAddress, STRICT_POLICY, TRUSTING_POLICY, type AddressPolicy } from './safeAddress.js';
export { findDuplicate, normalizeUrl, writeArticle, serializeArticle, type Admission, type WriteResult } from './writeArticle.js';
