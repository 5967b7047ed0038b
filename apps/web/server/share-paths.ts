// Where a share link's viewer is served; shared by the web server and the viewer's page.

/** The viewer's own files (script, styles), served without login. */
export const SHARE_ASSET_PREFIX = '/share/';
/** The viewer's WebSocket: the web server lets only `shares.watch` through it. */
export const SHARE_TERMINAL_PATH = '/api/share-terminal';
