package dev.imlab.bench.peers.ejabberd;

/**
 * The ejabberd.yml the bench writes for one run. Loopback only, no TLS; shapers, session and
 * offline-queue limits lifted, caches big enough for the run's users, so that the server is measured rather than its abuse protection;
 * stream management, offline storage and the message archive (MAM) on, so that messages are
 * stored as imlab's are; registration through the HTTP API from loopback only.
 *
 * @param archive mod_mam on (the default), or off to see what the archive costs ({@code --ejabberd-mam false})
 * @param sqlite null for Mnesia, the package's default storage; else the SQLite file that users,
 *     the offline store and the archive go to (ejabberd's advice for a small server's archive:
 *     its log warns that Mnesia's is limited to 2 GB; needs Debian's {@code erlang-p1-sqlite3})
 * @implNote Passwords are stored plain, so SASL PLAIN costs a comparison rather than a SCRAM derivation per login:
 *     imlab's gateway likewise checks a token's HMAC, not a password hash, at each connection.
 */
public record EjabberdConfig(String domain, int httpPort, boolean archive, java.nio.file.Path sqlite) {
    public static final String WS_PATH = "/ws";

    public String yaml() {
        return """
                # Written by im-bench's peers scenario for one run; thrown away with it.
                loglevel: warning
                hosts:
                  - %1$s
                auth_password_format: plain
                # Every cache (users, sessions) holds the run's users: with the default 1,000 ejabberd logs
                # "you should increase maximum cache size" all through a login burst of thousands.
                cache_size: 100000
                %4$s
                listen:
                  -
                    port: %2$d
                    ip: "127.0.0.1"
                    module: ejabberd_http
                    backlog: 4096
                    request_handlers:
                      %3$s: ejabberd_http_ws
                      /api: mod_http_api
                acl:
                  loopback:
                    ip:
                      - 127.0.0.0/8
                access_rules:
                  c2s:
                    allow: all
                api_permissions:
                  "bench setup from loopback":
                    who:
                      ip: 127.0.0.0/8
                    what:
                      - register
                      - status
                shaper_rules:
                  c2s_shaper: none
                  max_user_sessions: infinity
                  max_user_offline_messages: infinity
                modules:
                  mod_http_api: {}
                  mod_offline:
                    access_max_user_messages: max_user_offline_messages
                  mod_stream_mgmt:
                    resend_on_timeout: if_offline
                """.formatted(domain, httpPort, WS_PATH, storage()) + (archive ? """
                  mod_mam:
                    default: always
                """ : "");
    }

    /** Where users, offline messages and the archive live: every module follows default_db. */
    private String storage() {
        if (sqlite == null) {
            return "auth_method: [internal]\ndefault_db: mnesia";
        }
        return "auth_method: [sql]\ndefault_db: sql\nsql_type: sqlite\nsql_database: \"" + sqlite.toAbsolutePath() + "\"";
    }
}
