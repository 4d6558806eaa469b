#include "CPostgres.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

// Opened on first use rather than linked: only a store at a postgres:// URL needs libpq, and
// linking it would load it (with OpenSSL, Kerberos and LDAP) into every codex process.

typedef void (*notice_processor)(void *arg, const char *message);

static struct {
    PGconn *(*connectdb)(const char *);
    int (*status)(const PGconn *);
    char *(*error_message)(const PGconn *);
    void (*finish)(PGconn *);
    notice_processor (*set_notice_processor)(PGconn *, notice_processor, void *);
    PGresult *(*exec_params)(PGconn *, const char *, int, const Oid *, const char *const *, const int *,
                             const int *, int);
    int (*result_status)(const PGresult *);
    char *(*result_error_message)(const PGresult *);
    char *(*result_error_field)(const PGresult *, int);
    int (*ntuples)(const PGresult *);
    int (*nfields)(const PGresult *);
    char *(*getvalue)(const PGresult *, int, int);
    int (*getlength)(const PGresult *, int, int);
    int (*getisnull)(const PGresult *, int, int);
    char *(*cmd_tuples)(PGresult *);
    void (*clear)(PGresult *);
    PGresult *(*exec)(PGconn *, const char *);
    int (*put_copy_data)(PGconn *, const char *, int);
    int (*put_copy_end)(PGconn *, const char *);
    PGresult *(*get_result)(PGconn *);
} pq;
static char load_error[512];
static int loaded;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void) {
    void *library = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
    if (!library) library = dlopen("libpq.so", RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        snprintf(load_error, sizeof load_error, "%s", dlerror());
        return;
    }
#define RESOLVE(field, name)                                                          \
    if (!(*(void **)&pq.field = dlsym(library, name))) {                              \
        snprintf(load_error, sizeof load_error, "libpq has no %s", name);             \
        return;                                                                       \
    }
    RESOLVE(connectdb, "PQconnectdb")
    RESOLVE(status, "PQstatus")
    RESOLVE(error_message, "PQerrorMessage")
    RESOLVE(finish, "PQfinish")
    RESOLVE(set_notice_processor, "PQsetNoticeProcessor")
    RESOLVE(exec_params, "PQexecParams")
    RESOLVE(result_status, "PQresultStatus")
    RESOLVE(result_error_message, "PQresultErrorMessage")
    RESOLVE(result_error_field, "PQresultErrorField")
    RESOLVE(ntuples, "PQntuples")
    RESOLVE(nfields, "PQnfields")
    RESOLVE(getvalue, "PQgetvalue")
    RESOLVE(getlength, "PQgetlength")
    RESOLVE(getisnull, "PQgetisnull")
    RESOLVE(cmd_tuples, "PQcmdTuples")
    RESOLVE(clear, "PQclear")
    RESOLVE(exec, "PQexec")
    RESOLVE(put_copy_data, "PQputCopyData")
    RESOLVE(put_copy_end, "PQputCopyEnd")
    RESOLVE(get_result, "PQgetResult")
#undef RESOLVE
    loaded = 1;
}

const char *cpq_load(void) {
    pthread_once(&once, load);
    return loaded ? NULL : load_error;
}

PGconn *cpq_connectdb(const char *conninfo) { return pq.connectdb(conninfo); }
int cpq_status(const PGconn *conn) { return pq.status(conn); }
const char *cpq_error_message(const PGconn *conn) { return pq.error_message(conn); }
void cpq_finish(PGconn *conn) { pq.finish(conn); }

static void ignore_notice(void *arg, const char *message) {
    (void)arg;
    (void)message;
}
void cpq_quiet_notices(PGconn *conn) { pq.set_notice_processor(conn, ignore_notice, NULL); }

PGresult *cpq_exec_params(PGconn *conn, const char *command, int count, const char *const *values,
                          const int *lengths, const int *formats, int result_format) {
    return pq.exec_params(conn, command, count, NULL, values, lengths, formats, result_format);
}
int cpq_result_status(const PGresult *result) { return pq.result_status(result); }
const char *cpq_result_error_message(const PGresult *result) { return pq.result_error_message(result); }
const char *cpq_result_error_field(const PGresult *result, int field) {
    return pq.result_error_field(result, field);
}
int cpq_ntuples(const PGresult *result) { return pq.ntuples(result); }
int cpq_nfields(const PGresult *result) { return pq.nfields(result); }
char *cpq_getvalue(const PGresult *result, int row, int column) { return pq.getvalue(result, row, column); }
int cpq_getlength(const PGresult *result, int row, int column) { return pq.getlength(result, row, column); }
int cpq_getisnull(const PGresult *result, int row, int column) { return pq.getisnull(result, row, column); }
const char *cpq_cmd_tuples(PGresult *result) { return pq.cmd_tuples(result); }
void cpq_clear(PGresult *result) {
    if (result) pq.clear(result);
}

PGresult *cpq_exec(PGconn *conn, const char *command) { return pq.exec(conn, command); }
int cpq_put_copy_data(PGconn *conn, const char *buffer, int count) {
    return pq.put_copy_data(conn, buffer, count);
}
int cpq_put_copy_end(PGconn *conn, const char *error) { return pq.put_copy_end(conn, error); }
PGresult *cpq_get_result(PGconn *conn) { return pq.get_result(conn); }
