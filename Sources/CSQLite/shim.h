#ifndef PARLEY_CSQLITE_SHIM_H
#define PARLEY_CSQLITE_SHIM_H
#include <sqlite3.h>

// SQLITE_TRANSIENT is a cast macro Swift cannot import: SQLite copies a value bound with it.
static inline void (*parley_sqlite_transient(void))(void *) { return SQLITE_TRANSIENT; }
#endif
