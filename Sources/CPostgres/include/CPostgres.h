#ifndef CPOSTGRES_H
#define CPOSTGRES_H

#include <stddef.h>

// libpq is opened with dlopen on first use (CPostgres.c), so codex neither links it nor needs its
// headers to build: the SQLite store never touches it, and a PostgreSQL store needs only the
// runtime library (Debian's libpq5, installed with postgresql-client). Call cpq_load() once,
// then only these wrappers. The declarations mirror libpq-fe.h of PostgreSQL 15; the values of
// the enums used are stable across libpq versions (they are part of its ABI).

typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;
typedef unsigned int Oid;

enum {
    CPQ_CONNECTION_OK = 0,
    CPQ_PGRES_EMPTY_QUERY = 0,
    CPQ_PGRES_COMMAND_OK = 1,
    CPQ_PGRES_TUPLES_OK = 2,
    CPQ_PGRES_COPY_IN = 4,
    CPQ_PG_DIAG_SQLSTATE = 'C',
};

/// Opens libpq once; NULL when ready, else why it could not be loaded.
const char *cpq_load(void);

PGconn *cpq_connectdb(const char *conninfo);
int cpq_status(const PGconn *conn);
const char *cpq_error_message(const PGconn *conn);
void cpq_finish(PGconn *conn);
/// Silences NOTICE messages, which libpq would otherwise print on standard error.
void cpq_quiet_notices(PGconn *conn);

PGresult *cpq_exec_params(PGconn *conn, const char *command, int count, const char *const *values,
                          const int *lengths, const int *formats, int result_format);
int cpq_result_status(const PGresult *result);
const char *cpq_result_error_message(const PGresult *result);
const char *cpq_result_error_field(const PGresult *result, int field);
int cpq_ntuples(const PGresult *result);
int cpq_nfields(const PGresult *result);
char *cpq_getvalue(const PGresult *result, int row, int column);
int cpq_getlength(const PGresult *result, int row, int column);
int cpq_getisnull(const PGresult *result, int row, int column);
const char *cpq_cmd_tuples(PGresult *result);
void cpq_clear(PGresult *result);

PGresult *cpq_exec(PGconn *conn, const char *command);
int cpq_put_copy_data(PGconn *conn, const char *buffer, int count);
int cpq_put_copy_end(PGconn *conn, const char *error);
PGresult *cpq_get_result(PGconn *conn);

#endif
