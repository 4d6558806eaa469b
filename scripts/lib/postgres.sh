# A throw-away PostgreSQL 15 server from Debian's binaries, for scripts (sourced).
#   postgres_start DIR   initdb and start a server in DIR on a free loopback port (durability off:
#                        the data is thrown away); sets POSTGRES_PORT
#   postgres_url DB      the URL of database DB on it (user codex, no password)
#   postgres_createdb DB creates database DB
#   postgres_stop        stops it (call from the script's EXIT trap)
# initdb and pg_ctl refuse to run as root: as root they run as the postgres user, and DIR's
# parents must let it through.
POSTGRES_BIN=/usr/lib/postgresql/15/bin
POSTGRES_DIR=""
_as_postgres() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
postgres_start() {
    [[ -x $POSTGRES_BIN/initdb ]] || { echo "error: PostgreSQL 15 is not installed" >&2; echo "hint: apt-get install postgresql-15" >&2; return 1; }
    POSTGRES_DIR=$1
    mkdir -p "$POSTGRES_DIR"
    [[ $(id -u) -ne 0 ]] || chown postgres "$POSTGRES_DIR"
    POSTGRES_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    _as_postgres $POSTGRES_BIN/initdb -D "$POSTGRES_DIR/data" -U codex --auth=trust -E UTF8 --no-sync --locale=C.UTF-8 >/dev/null
    _as_postgres $POSTGRES_BIN/pg_ctl -D "$POSTGRES_DIR/data" -l "$POSTGRES_DIR/log" -w -t 60 start \
        -o "-p $POSTGRES_PORT -k $POSTGRES_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=100" >/dev/null
}
postgres_url() { echo "postgres://codex@127.0.0.1:$POSTGRES_PORT/$1"; }
postgres_createdb() { $POSTGRES_BIN/psql -X -q -d "$(postgres_url postgres)" -c "CREATE DATABASE $1"; }
postgres_stop() {
    [[ -n $POSTGRES_DIR && -f $POSTGRES_DIR/data/postmaster.pid ]] || return 0
    _as_postgres $POSTGRES_BIN/pg_ctl -D "$POSTGRES_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
}
