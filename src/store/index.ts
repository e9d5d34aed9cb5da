/** Public API of the cluster store: the Store contract, the SQLite implementation, backup/restore. */
export * from './types.js'
export {openSqliteStore, SqliteStore, type SqliteStoreOptions} from './sqlite.js'
export {backupDatabase, restoreDatabase, isDatabaseInUse, DatabaseInUseError, type BackupInfo} from './backup.js'
export {validateDatabaseFile, SCHEMA_VERSION, APPLICATION_ID, type DatabaseInfo, type DatabaseOptions} from './schema.js'
export {prefixRange, hasPrefix, type KeyRange} from './keys.js'
