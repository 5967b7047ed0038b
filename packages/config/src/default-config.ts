import { DEFAULTS } from './defaults.ts';

/** The commented config.toml written on first start, so users can see every knob. */
export function defaultConfigToml(): string {
  const d = DEFAULTS;
  return `# rdv-server configuration. Every key is optional; these are the defaults.
# Relative paths are resolved against RDV_HOME (default ~/.rdv); "~" means your home folder.

[server]
api_socket = "${d.server.api_socket}"
terminal_socket = "${d.server.terminal_socket}"
pid_file = "${d.server.pid_file}"
log_file = "${d.server.log_file}"
log_level = "${d.server.log_level}"          # trace | debug | info | warn | error | fatal
log_max_size_mb = ${d.server.log_max_size_mb}   # server.log is rotated at this size
log_keep = ${d.server.log_keep}   # rotated logs kept: server.log.1 (newest) … server.log.${d.server.log_keep}
shutdown_timeout_seconds = ${d.server.shutdown_timeout_seconds}  # how long SIGTERM waits for in-flight calls

[database]
path = "${d.database.path}"

[auth]
service_token_file = "${d.auth.service_token_file}"
cli_token_file = "${d.auth.cli_token_file}"
token_rotation_days = ${d.auth.token_rotation_days}   # the web app's service token is replaced this often
service_token_grace_seconds = ${d.auth.service_token_grace_seconds}   # the previous one stays valid this long

[tmux]
socket = "${d.tmux.socket}"        # rdv's own tmux server; never your default one
history_limit = ${d.tmux.history_limit}   # lines of scrollback kept per session
servers = ${d.tmux.servers}   # tmux servers the sessions are spread over (a flood in one leaves the others' keys fast); 0: CPU cores - 1, at most 8

[monitoring]
interval_seconds = ${d.monitoring.interval_seconds}
stall_threshold_seconds = ${d.monitoring.stall_threshold_seconds}

[cleanup]
trash_retention_days = ${d.cleanup.trash_retention_days}
cleanup_interval_hours = ${d.cleanup.cleanup_interval_hours}
trash_dir = "${d.cleanup.trash_dir}"      # trashed worktrees wait here until the retention ends

[worktrees]
# Repositories and worktrees must resolve (symlinks too) inside one of these folders.
allowed_roots = [${d.worktrees.allowed_roots.map((root) => `"${root}"`).join(', ')}]
# Run with /bin/sh -c in every new worktree (env RDV_WORKTREE_PATH, RDV_REPO_PATH, RDV_BRANCH).
# setup_command = "npm ci"
setup_timeout_seconds = ${d.worktrees.setup_timeout_seconds}

[web]
# The dashboard (npm start): the only network listener. RDV_WEB_HOST / RDV_WEB_PORT override these.
host = "${d.web.host}"
port = ${d.web.port}
websocket_compression = ${d.web.websocket_compression}   # permessage-deflate on the terminal WebSocket
# Host names the dashboard answers to besides localhost, 127.0.0.1 and [::1] on its port; any
# other Host header is refused (421), which stops DNS-rebinding pages. "name" allows any port.
# allowed_hosts = ["rdv.lan", "192.168.1.20:4780"]
# Proxies (cloudflared, nginx) whose Cf-Connecting-Ip / X-Forwarded-* headers are believed;
# from any other peer those headers are ignored. IP addresses or CIDR ranges.
# trusted_proxies = ["127.0.0.1"]

# Cloudflare Access in front of the dashboard. Without this section, \`npm start\` prints a
# one-time login URL instead.
# [web.cloudflare]
# team_domain = "myteam"                 # myteam.cloudflareaccess.com
# audience = "<the application's AUD tag>"
# allowed_emails = ["you@example.com"]   # or "*@example.com"; every one of them is you, the owner
# hostname = "rdv.example.com"           # the public name, accepted as a Host

[limits]
# Per token (per user for the web app). Refusals are TOO_MANY_REQUESTS with a retry-after.
calls_per_second = ${d.limits.calls_per_second}
calls_burst = ${d.limits.calls_burst}
expensive_per_second = ${d.limits.expensive_per_second}      # new sessions and worktrees, exec, inject, trash
expensive_burst = ${d.limits.expensive_burst}
terminal_per_second = ${d.limits.terminal_per_second}    # keystrokes and resizes: nobody types this fast
terminal_burst = ${d.limits.terminal_burst}
max_subscriptions_per_token = ${d.limits.max_subscriptions_per_token}   # open terminals and status streams
# Failed authentication, per connection (per client address for the web): after this many,
# each further failure doubles the wait, from 1 s up to auth_backoff_max_seconds.
auth_free_failures = ${d.limits.auth_free_failures}
auth_backoff_max_seconds = ${d.limits.auth_backoff_max_seconds}

[files]
# Drop or paste a file onto a terminal in the dashboard (or \`rdv session upload\`): it is stored
# in uploads_dir/<session id>/ (folder 0700, file 0600) and removed when the session is closed.
upload_max_mb = ${d.files.upload_max_mb}        # larger uploads are refused, nothing is kept
download_max_mb = ${d.files.download_max_mb}     # the largest file "Download file…" returns
uploads_dir = "${d.files.uploads_dir}"

[audit]
retention_days = ${d.audit.retention_days}   # authentication and sensitive operations, readable with \`rdv audit\`

[notifications]
# When a session needs you: Web Push to devices that subscribed in Settings, and the channels
# below (more can be added in Settings). Keep this file private (0600): it may hold secrets.
# dashboard_url = "https://rdv.example.com"   # base of the link in each notification
states = [${d.notifications.states.map((s) => `"${s}"`).join(', ')}]
min_interval_seconds = ${d.notifications.min_interval_seconds}   # per session; a later change is sent when it ends
# quiet_hours = "22:00-07:00"               # local time; nothing is sent then
vapid_subject = "${d.notifications.vapid_subject}"   # how push services reach you (mailto: or https:)
# [notifications.ntfy]
# url = "https://ntfy.sh/<your topic>"
# token = "tk_..."                          # optional access token
# [notifications.webhook]
# url = "https://hooks.slack.com/services/..."
# format = "slack"                          # json | slack | discord
[agents]
# When the daemon starts, resume the agent sessions that were live when it stopped and whose
# tmux is gone (a reboot) with their agent's resume flag (claude --resume <id>, codex resume
# <id>, ...); otherwise they wait, "stopped, resumable", for Restart.
resume_on_start = ${d.agents.resume_on_start}
`;
}
