// Header names of rdv's own requests to the daemon. The daemon reads them, the web server and the
// client package write them: spelt once here so the two sides cannot drift.

/** Every rdv header starts with this; the web server drops any that a browser sends. */
export const RDV_HEADER_PREFIX = 'x-rdv-';

/** The web app's service token: the daemon treats a request carrying it as the owner's. */
export const SERVICE_TOKEN_HEADER = 'x-rdv-service-token';

/**
 * The client's network address, set by the web server on every request it forwards to the
 * daemon. The daemon trusts it only on requests that carry the service token (anyone else could
 * set it to anything); it keys the failed-authentication backoff and any per-client budget.
 */
export const CLIENT_ADDRESS_HEADER = 'x-rdv-client-address';

/**
 * Set by the web server on the WebSocket it opens to terminal.sock for a share link's viewer
 * (who is not a user and sends no credentials): the daemon lets such a connection call
 * `shares.watch` and nothing else.
 */
export const SHARE_VIEWER_HEADER = 'x-rdv-share-viewer';
