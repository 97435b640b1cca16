/**
 * What a Node data directory holds: the database file, the file store (files.ts: `objects/`,
 * `meta/`, `tmp/`) and, while a server runs on it, its pid file. Shared by the server, the backup
 * and the restore, which must agree on it and must not load the app to learn it.
 */
export const DB_FILE = 'lang-nghe.sqlite';
export const FILES_DIR = 'files';
/** `<dataDir>/server.pid`: written at start, removed at stop; `npm run restore` refuses while it names a live process. */
export const PID_FILE = 'server.pid';
